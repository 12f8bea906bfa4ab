package io.lakehouseflow.deploy.bench;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
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
 * benchmark can feed gold without running bronze and silver first.
 */
final class SilverCommits {
  private final LakehouseCatalog catalog;

  SilverCommits(LakehouseCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Appends {@code rows} (data column values in silver order) as lines 1..n of landing file {@code
   * landing/<table>/<fileName>}; returns the commit's snapshot.
   */
  Snapshot append(String table, String fileName, List<List<Object>> rows) {
    Table t = catalog.loadTable(TableNames.silver(table));
    Schema schema = t.schema();
    String location = t.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        new GenericAppenderFactory(schema)
            .newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(t.io().newOutputFile(location)),
                FileFormat.PARQUET,
                null);
    String sourceFile = "landing/" + table + "/" + fileName;
    try (writer) {
      long line = 0;
      for (List<Object> values : rows) {
        GenericRecord record = GenericRecord.create(schema);
        for (int i = 0; i < values.size(); i++) {
          record.set(i, values.get(i));
        }
        record.setField(MetadataColumns.SOURCE_FILE, sourceFile);
        record.setField(MetadataColumns.RECORD_NUMBER, ++line);
        record.setField(MetadataColumns.INGESTED_AT, Instant.now().atOffset(ZoneOffset.UTC));
        writer.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write benchmark silver file " + location, e);
    }
    DataFile file = writer.toDataFile();
    t.newAppend().appendFile(file).commit();
    return t.currentSnapshot();
  }
}
