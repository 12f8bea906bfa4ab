package io.lakehouseflow.modeling;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SilverCommits;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.testing.TableContents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.catalog.TableIdentifier;

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
    new SilverCommits(catalog).append(table, fileName, ingestedAt, rows);
  }

  /** The {@code _source_file} of the rows {@link #appendSilver} appends from {@code fileName}. */
  static String sourceFile(String table, String fileName) {
    return SilverCommits.sourceFile(table, fileName);
  }

  /** Whether table {@code id} exists. */
  boolean exists(TableIdentifier id) {
    return catalog.tableExists(id);
  }

  /** Table {@code id} as the catalog holds it now. */
  org.apache.iceberg.Table table(TableIdentifier id) {
    return catalog.loadTable(id);
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

  /**
   * Every row of table {@code id} as Flink SQL reads it through Iceberg's Flink source (a batch
   * query), each as its column values in schema order: the other engine {@link #read} is compared
   * with.
   */
  List<List<Object>> readWithFlinkSql(TableIdentifier id) throws Exception {
    TableEnvironment flink = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    catalog.registerIn(flink);
    List<List<Object>> rows = new ArrayList<>();
    try (CloseableIterator<Row> result = flink.executeSql("SELECT * FROM " + id).collect()) {
      while (result.hasNext()) {
        Row row = result.next();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.getArity(); i++) {
          values.add(row.getField(i));
        }
        rows.add(values);
      }
    }
    return rows;
  }

  @Override
  public void close() {
    catalog.close();
  }
}
