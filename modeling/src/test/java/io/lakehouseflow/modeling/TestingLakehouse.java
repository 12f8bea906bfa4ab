package io.lakehouseflow.modeling;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.testing.TableContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;

/**
 * The lakehouse of one test run: creates silver tables in the layout the silver job writes, appends
 * silver commits with their metadata columns, and reads tables back with {@link TableContents}.
 */
final class TestingLakehouse implements AutoCloseable {
  private final PipelineRun run;
  private final LakehouseCatalog catalog;

  TestingLakehouse(PipelineRun run) {
    this.run = run;
    this.catalog = run.catalog();
  }

  /** Creates every silver table of the spec in the layout the silver job writes. */
  void createSilverTables() {
    for (String name : run.spec().silver().keySet()) {
      catalog.createTableIfAbsent(LayerSchemas.silver(run.spec(), name), Map.of());
    }
  }

  /**
   * Appends {@code rows} (data column values in order) to {@code silver.<table>} as one commit, as
   * lines 1..n of the landing file {@code landing/<table>/<fileName>} read at {@code ingestedAt}.
   */
  void appendSilver(String table, String fileName, Instant ingestedAt, List<List<Object>> rows) {
    Table t = catalog.loadTable(TableNames.silver(table));
    Schema schema = t.schema();
    String sourceFile = sourceFile(table, fileName);
    String location = t.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        new GenericAppenderFactory(schema)
            .newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(t.io().newOutputFile(location)),
                FileFormat.PARQUET,
                null);
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
      throw new UncheckedIOException("Failed to write test silver file " + location, e);
    }
    DataFile file = writer.toDataFile();
    t.newAppend().appendFile(file).commit();
  }

  /** The {@code _source_file} of the rows {@link #appendSilver} appends from {@code fileName}. */
  static String sourceFile(String table, String fileName) {
    return "landing/" + table + "/" + fileName;
  }

  /** Whether table {@code id} exists. */
  boolean exists(TableIdentifier id) {
    return catalog.tableExists(id);
  }

  /** The column names of table {@code id}, in schema order. */
  List<String> columnNames(TableIdentifier id) {
    return catalog.loadTable(id).schema().columns().stream().map(f -> f.name()).toList();
  }

  /**
   * Every live row of a table (equality and position deletes applied), each as its column values in
   * schema order.
   */
  List<List<Object>> read(TableIdentifier id) {
    return TableContents.of(catalog, id).values();
  }

  @Override
  public void close() {
    catalog.close();
  }
}
