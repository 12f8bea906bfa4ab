package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.catalog.MetadataColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * What the data files of a bronze table hold of each landing file: its rows, its last line and the
 * largest size it had while read, summed over the data files committed after a sequence number (0:
 * all of them). Bronze only appends, so the files committed after a snapshot are exactly the rows
 * added since.
 *
 * <p>A data file holding one landing file only (equal {@code _source_file} bounds, which bronze
 * keeps in full) is read from its metadata alone; any other data file from its three metadata
 * columns, never from its data columns. The cost follows the data files added, not all of bronze.
 */
public final class BronzeDataFiles {
  private BronzeDataFiles() {}

  /**
   * A landing file's share of some data files.
   *
   * @param rows its rows
   * @param lastLine its greatest {@code _record_number}
   * @param fileSize its greatest {@code _file_size}
   */
  public record Extent(long rows, long lastLine, long fileSize) {
    Extent plus(Extent other) {
      return new Extent(
          rows + other.rows,
          Math.max(lastLine, other.lastLine),
          Math.max(fileSize, other.fileSize));
    }
  }

  /** Per {@code _source_file}, what the data files committed after {@code sequenceNumber} hold. */
  public static Map<String, Extent> since(Table bronze, long sequenceNumber) {
    Map<String, Extent> extents = new TreeMap<>();
    Snapshot current = bronze.currentSnapshot();
    if (current == null) {
      return extents;
    }
    Schema schema = bronze.schema();
    try {
      for (ManifestFile manifest : current.dataManifests(bronze.io())) {
        // A manifest holds files no newer than the commit that wrote it.
        if (manifest.sequenceNumber() <= sequenceNumber) {
          continue;
        }
        try (ManifestReader<DataFile> files =
            ManifestFiles.read(manifest, bronze.io(), bronze.specs())) {
          for (DataFile file : files) {
            if (file.dataSequenceNumber() > sequenceNumber) {
              add(bronze, schema, file, extents);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to read the files committed to " + bronze.name() + ". Check the table's files.",
          e);
    }
    return extents;
  }

  private static void add(Table bronze, Schema schema, DataFile file, Map<String, Extent> extents)
      throws IOException {
    Types.NestedField sourceFile = schema.findField(MetadataColumns.SOURCE_FILE);
    Types.NestedField recordNumber = schema.findField(MetadataColumns.RECORD_NUMBER);
    Types.NestedField fileSize = schema.findField(MetadataColumns.FILE_SIZE);
    String single = singleValue(sourceFile, file);
    Long lastLine = upper(recordNumber, file);
    Long largestSize = upper(fileSize, file);
    if (single != null && lastLine != null && largestSize != null) {
      extents.merge(single, new Extent(file.recordCount(), lastLine, largestSize), Extent::plus);
      return;
    }
    if (file.format() != FileFormat.PARQUET) {
      throw new IllegalStateException(
          "Cannot read the landing files of "
              + file.location()
              + " in "
              + bronze.name()
              + ": it is "
              + file.format()
              + ", not Parquet. Write bronze as Parquet (write.format.default=parquet).");
    }
    Schema projection = new Schema(sourceFile, recordNumber, fileSize);
    try (CloseableIterable<Record> records =
        Parquet.read(bronze.io().newInputFile(file.location()))
            .project(projection)
            .createReaderFunc(s -> GenericParquetReaders.buildReader(projection, s))
            .build()) {
      for (Record record : records) {
        Long line = (Long) record.getField(recordNumber.name());
        Long size = (Long) record.getField(fileSize.name());
        extents.merge(
            String.valueOf(record.getField(sourceFile.name())),
            new Extent(1, line == null ? 0 : line, size == null ? 0 : size),
            Extent::plus);
      }
    }
  }

  /**
   * The one {@code _source_file} of a data file whose bounds are equal, else null. Truncated string
   * bounds never compare equal (the upper one is rounded up), so equal bounds are exact.
   */
  private static String singleValue(Types.NestedField sourceFile, DataFile file) {
    int id = sourceFile.fieldId();
    Map<Integer, ByteBuffer> lower = file.lowerBounds();
    Map<Integer, ByteBuffer> upper = file.upperBounds();
    Map<Integer, Long> nulls = file.nullValueCounts();
    if (lower == null || upper == null || lower.get(id) == null) {
      return null;
    }
    if (!lower.get(id).equals(upper.get(id)) || nulls == null || nulls.getOrDefault(id, 1L) != 0) {
      return null;
    }
    CharSequence value = Conversions.fromByteBuffer(Types.StringType.get(), lower.get(id));
    return value.toString();
  }

  /**
   * The upper bound of a long column, exact (Iceberg truncates only strings and binary), or null
   * when the table keeps no bounds for it (metrics mode {@code none} or {@code counts}).
   */
  private static Long upper(Types.NestedField column, DataFile file) {
    Map<Integer, ByteBuffer> upper = file.upperBounds();
    ByteBuffer bound = upper == null ? null : upper.get(column.fieldId());
    if (bound == null) {
      return null;
    }
    Object value = Conversions.fromByteBuffer(column.type(), bound);
    return value instanceof Number n ? n.longValue() : null;
  }
}
