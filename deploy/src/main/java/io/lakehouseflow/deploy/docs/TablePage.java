package io.lakehouseflow.deploy.docs;

import io.lakehouseflow.core.catalog.TableStatus;
import io.lakehouseflow.deploy.datatest.DataTest;
import io.lakehouseflow.deploy.lineage.ColumnLineage;
import io.lakehouseflow.deploy.lineage.LineageNode;
import java.util.List;
import java.util.Optional;

/**
 * What the docs site says of one node of the lineage graph: its columns, tests, figures and how it
 * is built.
 *
 * @param node the landing directory or table
 * @param file the page's path in the site, {@code tables/<id>.html}
 * @param columns its columns, in order
 * @param columnsFrom where the columns were read: the Iceberg table, or the spec
 * @param status the table's metadata figures; empty for a landing directory or a table not created
 * @param rows its rows now; empty when it has no snapshot
 * @param tests the data tests of the table, with their latest results
 * @param rules the rules a silver table applies, one line each
 * @param sql the Flink SQL that builds it, where the pipeline generates SQL (silver)
 * @param plan how gold builds it, in words
 */
record TablePage(
    LineageNode node,
    String file,
    List<Column> columns,
    String columnsFrom,
    Optional<TableStatus> status,
    Optional<RowCount> rows,
    List<Test> tests,
    List<String> rules,
    Optional<String> sql,
    Optional<String> plan) {

  /** A column: its name, type, whether it is required, its description, and what it comes from. */
  record Column(String name, String type, boolean required, String doc, List<ColumnLineage> from) {}

  /** A data test of the table and its latest result, if it ever ran. */
  record Test(DataTest test, Optional<LastTestResults.Result> last) {
    String status() {
      return last.map(LastTestResults.Result::status).orElse("NOT RUN");
    }
  }

  /** The node's id, such as {@code silver.bookings}. */
  String id() {
    return node.id();
  }

  /** The page's file name for node {@code id}: ids are table names, kept readable. */
  static String fileOf(String id) {
    return "tables/" + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".html";
  }
}
