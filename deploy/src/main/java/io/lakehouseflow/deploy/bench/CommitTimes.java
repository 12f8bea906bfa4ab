package io.lakehouseflow.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * When the rows of each landed file became visible in one table: for booking ids {@code firstId}
 * on, {@code rows} per file, the commit time of the snapshot that first added each id, read from
 * the data files each snapshot added (so an upsert table's later rewrites of a row do not count). A
 * file is visible once its last row is.
 */
final class CommitTimes {
  private static final String ID = "booking_id";

  private final Table table;
  private final long firstId;
  private final int rows;
  private final int files;

  CommitTimes(Table table, long firstId, int rows, int files) {
    this.table = table;
    this.firstId = firstId;
    this.rows = rows;
    this.files = files;
  }

  /**
   * Per file, the commit time (epoch millis) of the snapshot that made its last row visible.
   *
   * @throws IllegalStateException naming the first id no snapshot added
   */
  long[] lastRowVisible() {
    table.refresh();
    long[] firstSeen = new long[files * rows];
    Arrays.fill(firstSeen, -1);
    List<Snapshot> snapshots =
        StreamSupport.stream(table.snapshots().spliterator(), false)
            .sorted((a, b) -> Long.compare(a.sequenceNumber(), b.sequenceNumber()))
            .toList();
    Schema ids = table.schema().select(ID);
    for (Snapshot snapshot : snapshots) {
      for (DataFile file : snapshot.addedDataFiles(table.io())) {
        try (CloseableIterable<Record> records = read(file, ids)) {
          for (Record record : records) {
            Object id = record.getField(ID);
            if (id == null) {
              continue; // a malformed line of the generated sample, kept raw in bronze
            }
            long index = ((Number) id).longValue() - firstId;
            if (index >= 0 && index < firstSeen.length && firstSeen[(int) index] < 0) {
              firstSeen[(int) index] = snapshot.timestampMillis();
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + file.location() + " of " + table, e);
        }
      }
    }
    long[] visible = new long[files];
    for (int i = 0; i < firstSeen.length; i++) {
      if (firstSeen[i] < 0) {
        throw new IllegalStateException(
            "Landed booking "
                + (firstId + i)
                + " (file "
                + i / rows
                + ") is in no commit of "
                + table.name()
                + ": a landed row is missing");
      }
      visible[i / rows] = Math.max(visible[i / rows], firstSeen[i]);
    }
    return visible;
  }

  private CloseableIterable<Record> read(DataFile file, Schema projection) {
    return Parquet.read(table.io().newInputFile(file.location()))
        .project(projection)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema))
        .build();
  }
}
