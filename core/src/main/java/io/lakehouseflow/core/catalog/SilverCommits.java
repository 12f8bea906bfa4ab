package io.lakehouseflow.core.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;

/**
 * Appends rows to a silver table as the silver job would, one commit per landing file, so a
 * benchmark or a test can feed gold without running bronze and silver first.
 */
public final class SilverCommits {
  private final LakehouseCatalog catalog;

  public SilverCommits(LakehouseCatalog catalog) {
    this.catalog = catalog;
  }

  /** The {@code _source_file} of the rows appended from landing file {@code fileName}. */
  public static String sourceFile(String table, String fileName) {
    return "landing/" + table + "/" + fileName;
  }

  /**
   * Appends {@code rows} (data column values in silver order) as lines 1..n of landing file {@code
   * landing/<table>/<fileName>}, read at {@code ingestedAt}; returns the commit's snapshot.
   */
  public Snapshot append(
      String table, String fileName, Instant ingestedAt, List<List<Object>> rows) {
    Table t = catalog.loadTable(TableNames.silver(table));
    Schema schema = t.schema();
    String location = t.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        new GenericAppenderFactory(schema)
            .newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(t.io().newOutputFile(location)),
                FileFormat.PARQUET,
                null);
    String sourceFile = sourceFile(table, fileName);
    try (writer) {
      long line = 0;
      for (List<Object> values : rows) {
        GenericRecord record = GenericRecord.create(schema);
        for (int i = 0; i < values.size(); i++) {
          record.set(i, values.get(i));
        }
        record.setField(MetadataColumns.SOURCE_FILE, sourceFile);
        record.setField(MetadataColumns.RECORD_NUMBER, ++line);
        record.setField(MetadataColumns.INGESTED_AT, ingestedAt.atOffset(ZoneOffset.UTC));
        writer.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write silver file " + location, e);
    }
    DataFile file = writer.toDataFile();
    t.newAppend().appendFile(file).commit();
    return t.currentSnapshot();
  }
}
