package io.lakehouseflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.TableContents;
import java.nio.file.Path;
import java.util.Map;
import java.util.TimeZone;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silver casts between timestamp, timestamptz and string as UTC and carries timestamptz columns as
 * they are, whatever the zone of the machine it runs on.
 */
class SilverTimestampsITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: timestamps
          sources:
            events:
              columns:
                event_id: bigint
                happened_at: timestamp
                logged_at: timestamptz
                noted: string
                paid_at: timestamptz
          silver:
            events:
              source: events
              casts:
                happened_at: timestamptz
                logged_at: timestamp
                noted: timestamptz
              expectations:
                - name: paid_in_2025
                  expr: "CAST(paid_at AS TIMESTAMP(6)) >= TIMESTAMP '2025-01-01 00:00:00'"
                  action: quarantine
          """,
          "timestamps.yaml");

  @TempDir Path data;

  private TimeZone machineZone;

  /** A zone ahead of UTC, so that a cast in the machine's zone would give other values. */
  @BeforeEach
  void runInTokyo() {
    machineZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
  }

  @AfterEach
  void restoreZone() {
    TimeZone.setDefault(machineZone);
  }

  @Test
  @Timeout(300)
  void castsToAndFromTimestamptzAreUtc() throws Exception {
    PipelineRun run =
        PipelineRun.of(SPEC, new DataLayout(data), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.PARALLELISM, 1);
    LakehouseCatalog catalog = run.catalog();
    catalog.createTableIfAbsent(LayerSchemas.bronze(SPEC.source("events")), Map.of());
    // 1738832106000 ms is 2025-02-06T08:55:06Z; 1735687800000 ms is 2024-12-31T23:30:00Z.
    appendBronze(
        run,
        row(1, "2025-02-06 08:55:06", 1738832106000L, "'2025-02-06 08:55:06.5'", 1738832106000L, 1),
        row(2, "2025-02-06 08:55:06", 1738832106000L, "'2025-02-06 08:55:06'", 1735687800000L, 2),
        row(3, "2025-02-06 08:55:06", 1738832106000L, "'not a time'", 1738832106000L, 3));

    SilverJob.forRun(run).runToCompletion();

    String[] columns = {"event_id", "happened_at", "logged_at", "noted", "paid_at"};
    assertThat(TableContents.of(catalog, TableNames.silver("events")).lines(columns))
        .containsExactly(
            "1|2025-02-06T08:55:06Z|2025-02-06T08:55:06|2025-02-06T08:55:06.500Z"
                + "|2025-02-06T08:55:06Z");
    assertThat(
            TableContents.of(catalog, TableNames.quarantine("events"))
                .lines(
                    "event_id",
                    "happened_at",
                    "logged_at",
                    "noted",
                    "paid_at",
                    "_failed_expectations"))
        .containsExactlyInAnyOrder(
            "2|2025-02-06T08:55:06Z|2025-02-06T08:55:06|2025-02-06T08:55:06Z"
                + "|2024-12-31T23:30Z|paid_in_2025",
            "3|2025-02-06T08:55:06Z|2025-02-06T08:55:06|null|2025-02-06T08:55:06Z|cast_noted");
    var schema = catalog.loadTable(TableNames.silver("events")).schema();
    assertThat(schema.findField("happened_at").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(schema.findField("logged_at").type()).isEqualTo(Types.TimestampType.withoutZone());
    assertThat(schema.findField("paid_at").type()).isEqualTo(Types.TimestampType.withZone());
  }

  /** A bronze row; timestamptz values as epoch milliseconds, which no session zone shifts. */
  private static String row(
      long id, String happenedAt, long loggedAt, String noted, long paidAt, long line) {
    return "("
        + id
        + ", TIMESTAMP '"
        + happenedAt
        + "', TO_TIMESTAMP_LTZ("
        + loggedAt
        + ", 3), "
        + noted
        + ", TO_TIMESTAMP_LTZ("
        + paidAt
        + ", 3), CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING), 'e1.csv', CAST("
        + line
        + " AS BIGINT), TO_TIMESTAMP_LTZ(1700000000000, 3), CAST(100 AS BIGINT),"
        + " TO_TIMESTAMP_LTZ(1700000001000, 3))";
  }

  private static void appendBronze(PipelineRun run, String... rows) throws Exception {
    TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    run.catalog().registerIn(tableEnv);
    tableEnv.executeSql("INSERT INTO `bronze`.`events` VALUES " + String.join(", ", rows)).await();
  }
}
