package io.lakehouseflow.transforms;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Rows of one landing file as bronze holds them, appended in one commit: each row's data values
 * (SQL literals, {@code NULL} a NULL string) with the metadata bronze adds, as lines 1, 2, ... of
 * the file, all ingested at one instant.
 */
final class BronzeRows {
  private final String file;
  private final long ingestedAtMillis;
  private final List<String> values = new ArrayList<>();

  private BronzeRows(String file, long ingestedAtMillis) {
    this.file = file;
    this.ingestedAtMillis = ingestedAtMillis;
  }

  /** Rows of landing file {@code file}, ingested at {@code ingestedAtMillis} (epoch ms). */
  static BronzeRows of(String file, long ingestedAtMillis) {
    return new BronzeRows(file, ingestedAtMillis);
  }

  /** A line that parsed into {@code data}. */
  BronzeRows row(String... data) {
    return line(
        Stream.of(data).map(v -> v.equals("NULL") ? "CAST(NULL AS STRING)" : v).toList(),
        "CAST(NULL AS STRING)");
  }

  /**
   * A line that did not parse: every data column NULL (of the bronze column's SQL type, in {@code
   * types}), its text kept as {@code _corrupt_record}.
   */
  BronzeRows corrupt(String text, String... types) {
    return line(
        Stream.of(types).map(t -> "CAST(NULL AS " + t + ")").toList(),
        "'" + text.replace("'", "''") + "'");
  }

  private BronzeRows line(List<String> literals, String corruptRecord) {
    values.add(
        "("
            + String.join(", ", literals)
            + ", "
            + corruptRecord
            + ", CAST(NULL AS STRING), CAST(NULL AS STRING), '"
            + file
            + "', CAST("
            + (values.size() + 1)
            + " AS BIGINT), TO_TIMESTAMP_LTZ(1700000000000, 3), CAST(100 AS BIGINT),"
            + " TO_TIMESTAMP_LTZ("
            + ingestedAtMillis
            + ", 3))");
    return this;
  }

  /** Appends the rows to {@code bronze.<source>} in one commit. */
  void appendTo(LakehouseCatalog catalog, String source) throws Exception {
    TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    catalog.registerIn(tableEnv);
    tableEnv
        .executeSql("INSERT INTO `bronze`.`" + source + "` VALUES " + String.join(", ", values))
        .await();
  }
}
