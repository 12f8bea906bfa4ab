package io.lakehouseflow.core.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;

/**
 * Appends a few rows the client itself computed (quality metrics of a run, data test results) to an
 * Iceberg table: one Parquet file, one commit. For the pipeline's own bookkeeping tables, where a
 * Flink job would cost more than the rows.
 */
public final class RecordAppends {
  private RecordAppends() {}

  /** Writes {@code rows} (records of {@code table}'s schema) as one data file and commits it. */
  public static void append(Table table, List<Record> rows) {
    String location = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        new GenericAppenderFactory(table.schema())
            .newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location)),
                FileFormat.PARQUET,
                null);
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to write " + rows.size() + " rows of " + table.name() + " to " + location, e);
    }
    DataFile file = writer.toDataFile();
    table.newAppend().appendFile(file).commit();
  }
}
