package io.lakehouseflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.transforms.expectation.ExpectationFailedException;
import io.lakehouseflow.transforms.progress.SourceSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SilverJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String POSITIVE_FARE =
      "- {name: positive_fare, expr: \"fare_amount > 0\", action: quarantine}";
  private static final String[] BOOKING_RULES = {
    POSITIVE_FARE,
    "- {name: seats_in_range, expr: \"seats BETWEEN 1 AND 9\", action: drop}",
    "- {name: known_status, expr: \"status IN ('CONFIRMED', 'CANCELLED')\", action: warn}"
  };

  /** Generous for a loaded 2-core machine: a streaming job starts and commits in seconds. */
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @TempDir Path data;

  @Test
  void availableNowWritesEachBronzeRowOnceAcrossRuns() throws Exception {
    PipelineRun run = run(RunMode.AVAILABLE_NOW, BOOKING_RULES);
    LakehouseCatalog catalog = run.catalog();
    createBronze(run);
    appendEveryOutcome(run);

    SilverJob.forRun(run).runToCompletion();

    List<String> firstSilver =
        List.of("1|10.50|2|CONFIRMED|b1.csv|1", "2|20.00|1|PENDING|b1.csv|2");
    List<String> firstQuarantine =
        List.of(
            "null|null|null|null|3,oops|Cannot parse line 3|corrupt_record|b1.csv|3",
            "4|null|1|CONFIRMED|null|null|cast_fare_amount,positive_fare|b1.csv|4",
            "5|-3.00|2|CONFIRMED|null|null|positive_fare|b1.csv|5",
            "7|-1.00|0|PENDING|null|null|positive_fare,seats_in_range,known_status|b1.csv|7");
    assertThat(silverRows(catalog)).containsExactlyInAnyOrderElementsOf(firstSilver);
    assertThat(quarantineRows(catalog)).containsExactlyInAnyOrderElementsOf(firstQuarantine);
    assertConsumedCurrentBronze(catalog);

    long silverSnapshot =
        table(catalog, TableNames.silver("bookings")).currentSnapshot().snapshotId();
    SilverJob.forRun(run).runToCompletion();
    assertThat(silverRows(catalog)).containsExactlyInAnyOrderElementsOf(firstSilver);
    assertThat(quarantineRows(catalog)).containsExactlyInAnyOrderElementsOf(firstQuarantine);
    assertThat(table(catalog, TableNames.silver("bookings")).currentSnapshot().snapshotId())
        .as("a run without new bronze snapshots commits nothing")
        .isEqualTo(silverSnapshot);

    appendBronze(
        run,
        row(8, "'5.00'", 3, "CANCELLED", "b2.csv", 1),
        row(9, "'0'", 1, "CONFIRMED", "b2.csv", 2));
    SilverJob.forRun(run).runToCompletion();
    List<String> secondSilver = new ArrayList<>(firstSilver);
    secondSilver.add("8|5.00|3|CANCELLED|b2.csv|1");
    List<String> secondQuarantine = new ArrayList<>(firstQuarantine);
    secondQuarantine.add("9|0.00|1|CONFIRMED|null|null|positive_fare|b2.csv|2");
    assertThat(silverRows(catalog)).containsExactlyInAnyOrderElementsOf(secondSilver);
    assertThat(quarantineRows(catalog)).containsExactlyInAnyOrderElementsOf(secondQuarantine);
    assertConsumedCurrentBronze(catalog);

    // Nothing for the quarantine table: it still records that it consumed the new snapshot.
    appendBronze(run, row(10, "'1.00'", 1, "CONFIRMED", "b3.csv", 1));
    SilverJob.forRun(run).runToCompletion();
    secondSilver.add("10|1.00|1|CONFIRMED|b3.csv|1");
    assertThat(silverRows(catalog)).containsExactlyInAnyOrderElementsOf(secondSilver);
    assertThat(quarantineRows(catalog)).containsExactlyInAnyOrderElementsOf(secondQuarantine);
    assertConsumedCurrentBronze(catalog);
  }

  /**
   * Every kind of outcome in one run: passed, warned, dropped, quarantined for a rule, for a failed
   * cast and for a corrupt record. The metrics add up and name each rule's failures.
   */
  @Test
  void qualityMetricsRecordEachRunsOutcomesAndEveryRule() throws Exception {
    PipelineRun run = run(RunMode.AVAILABLE_NOW, BOOKING_RULES);
    LakehouseCatalog catalog = run.catalog();
    createBronze(run);
    appendEveryOutcome(run);

    SilverJob.forRun(run).runToCompletion();
    SilverJob.forRun(run).runToCompletion(); // nothing new: records nothing

    long silverSnapshot =
        table(catalog, TableNames.silver("bookings")).currentSnapshot().snapshotId();
    TableContents metrics = TableContents.of(catalog, LayerSchemas.QUALITY_METRICS);
    assertThat(
            metrics.lines(
                "silver_table",
                "silver_snapshot_id",
                "rule",
                "action",
                "failed",
                "rows_in",
                "passed",
                "warned",
                "dropped",
                "quarantined",
                "duplicates"))
        .containsExactlyInAnyOrder(
            "silver.bookings|" + silverSnapshot + "|null|null|null|7|1|1|1|4|0",
            "silver.bookings|" + silverSnapshot + "|corrupt_record|quarantine|1|7|1|1|1|4|0",
            "silver.bookings|" + silverSnapshot + "|cast_fare_amount|quarantine|1|7|1|1|1|4|0",
            "silver.bookings|" + silverSnapshot + "|positive_fare|quarantine|3|7|1|1|1|4|0",
            "silver.bookings|" + silverSnapshot + "|seats_in_range|drop|2|7|1|1|1|4|0",
            "silver.bookings|" + silverSnapshot + "|known_status|warn|2|7|1|1|1|4|0");
  }

  @Test
  void quarantineKeepsLineageAndTheTimeOfQuarantine() throws Exception {
    PipelineRun run = run(RunMode.AVAILABLE_NOW, BOOKING_RULES);
    LakehouseCatalog catalog = run.catalog();
    createBronze(run);
    appendBronze(run, row(5, "'-3.00'", 2, "CONFIRMED", "b1.csv", 5));

    SilverJob.forRun(run).runToCompletion();

    List<Record> rows = TableContents.of(catalog, TableNames.quarantine("bookings")).records();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getField(MetadataColumns.INGESTED_AT)).isNotNull();
    assertThat(rows.get(0).getField(MetadataColumns.QUARANTINED_AT)).isNotNull();
    assertThat(table(catalog, TableNames.silver("bookings")).schema().columns())
        .extracting(Types.NestedField::name)
        .containsExactly(
            "booking_id",
            "fare_amount",
            "seats",
            "status",
            "_source_file",
            "_record_number",
            "_ingested_at");
  }

  @Test
  void failExpectationFailsTheJobNamingRuleTableFileAndLine() throws Exception {
    PipelineRun run =
        run(RunMode.AVAILABLE_NOW, "- {name: has_seats, expr: \"seats > 0\", action: fail}");
    LakehouseCatalog catalog = run.catalog();
    createBronze(run);
    appendBronze(
        run,
        row(1, "'1.00'", 2, "CONFIRMED", "b1.csv", 1),
        row(2, "'1.00'", 0, "CONFIRMED", "b1.csv", 2));

    assertThatThrownBy(() -> SilverJob.forRun(run).runToCompletion())
        .isInstanceOf(ExpectationFailedException.class)
        .hasMessageContaining("Failed expectation 'has_seats' of silver.bookings")
        .hasMessageContaining("b1.csv line 2")
        .hasMessageContaining("silver.bookings.expectations[0] in test-pipeline.yaml");
    assertThat(silverRows(catalog)).isEmpty();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void continuousModeStreamsNewBronzeSnapshots() throws Exception {
    PipelineRun run =
        run(RunMode.CONTINUOUS, BOOKING_RULES)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(500));
    LakehouseCatalog catalog = run.catalog();
    createBronze(run);
    PipelineRun batch = run.with(LakehouseOptions.MODE, RunMode.AVAILABLE_NOW);
    appendBronze(batch, row(1, "'10.50'", 2, "CONFIRMED", "b1.csv", 1));

    JobClient job = SilverJob.forRun(run).submit();
    try {
      awaitRows("silver.bookings", () -> silverRows(catalog), "1|10.50|2|CONFIRMED|b1.csv|1");
      appendBronze(
          batch,
          row(2, "'3.00'", 1, "CONFIRMED", "b2.csv", 1),
          row(3, "'-3.00'", 1, "CONFIRMED", "b2.csv", 2));
      awaitRows(
          "silver.bookings",
          () -> silverRows(catalog),
          "1|10.50|2|CONFIRMED|b1.csv|1",
          "2|3.00|1|CONFIRMED|b2.csv|1");
      awaitRows(
          "silver.bookings_quarantine",
          () -> quarantineRows(catalog),
          "3|-3.00|1|CONFIRMED|null|null|positive_fare|b2.csv|2");
    } finally {
      LakehouseMiniCluster.cancel(job);
    }

    // The continuous run's bronze position is in its checkpoint only: an available-now run must
    // refuse rather than re-append rows the continuous run already wrote.
    assertThatThrownBy(() -> SilverJob.forRun(batch).submit())
        .hasMessageContaining("Cannot run the silver job available-now on silver.bookings")
        .hasMessageContaining("last written by a continuous run");
    assertThat(silverRows(catalog)).hasSize(2);
  }

  /**
   * A continuous run records per checkpoint where the rows it read went, committed with the rows
   * they count: summed over the checkpoints, the metrics equal what silver, quarantine and the drop
   * and dedup rules took, also across a cancel and a restore from the last checkpoint, where rows
   * read after it are read and counted again.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void continuousRunsRecordQualityMetricsPerCheckpointAcrossARestore() throws Exception {
    PipelineRun run =
        runWithDedup(RunMode.CONTINUOUS, BOOKING_RULES)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(500));
    LakehouseCatalog catalog = run.catalog();
    createBronze(run);
    PipelineRun batch = run.with(LakehouseOptions.MODE, RunMode.AVAILABLE_NOW);
    appendEveryOutcome(batch);

    List<String> jobs = new ArrayList<>();
    JobClient first = SilverJob.forRun(run).submit();
    jobs.add(first.getJobID().toString());
    try {
      awaitMetrics(catalog, "7|1|1|1|4|0");
    } finally {
      LakehouseMiniCluster.cancel(first);
    }

    // An exact copy of line 1 (other file, same values and ingestion time) and a new booking.
    appendBronze(
        batch,
        row(8, "'5.00'", 3, "CANCELLED", "b2.csv", 1),
        row(1, "'10.50'", 2, "CONFIRMED", "b2.csv", 2));
    JobClient second = SilverJob.forRun(run).submit();
    jobs.add(second.getJobID().toString());
    try {
      awaitMetrics(catalog, "9|2|1|1|4|1");
    } finally {
      LakehouseMiniCluster.cancel(second);
    }

    List<Record> metrics = TableContents.of(catalog, LayerSchemas.QUALITY_METRICS).records();
    assertThat(metricTotals(metrics)).isEqualTo("9|2|1|1|4|1");
    Map<String, Long> failedByRule = new java.util.TreeMap<>();
    for (Record row : metrics) {
      assertThat(row.getField("job_id")).isIn(jobs.toArray());
      assertThat(row.getField("checkpoint_id")).isNotNull();
      assertThat(row.getField("silver_snapshot_id")).isNull();
      if (row.getField("rule") != null) {
        failedByRule.merge((String) row.getField("rule"), (Long) row.getField("failed"), Long::sum);
      }
    }
    assertThat(failedByRule)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "corrupt_record", 1L,
                "cast_fare_amount", 1L,
                "positive_fare", 3L,
                "seats_in_range", 2L,
                "known_status", 2L));
    assertThat(silverRows(catalog))
        .containsExactlyInAnyOrder(
            "1|10.50|2|CONFIRMED|b1.csv|1",
            "2|20.00|1|PENDING|b1.csv|2",
            "8|5.00|3|CANCELLED|b2.csv|1");
  }

  /** Waits until the totals rows of the quality metrics add up to {@code expected}. */
  private static void awaitMetrics(LakehouseCatalog catalog, String expected) {
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(200))
        .alias("quality metrics add up to rows_in|passed|warned|dropped|quarantined|duplicates")
        .untilAsserted(
            () ->
                assertThat(
                        metricTotals(
                            TableContents.of(catalog, LayerSchemas.QUALITY_METRICS).records()))
                    .isEqualTo(expected));
  }

  /** rows_in|passed|warned|dropped|quarantined|duplicates summed over the totals rows. */
  private static String metricTotals(List<Record> metrics) {
    String[] columns = {"rows_in", "passed", "warned", "dropped", "quarantined", "duplicates"};
    long[] sums = new long[columns.length];
    metrics.stream()
        .filter(row -> row.getField("rule") == null)
        .forEach(
            row -> {
              for (int i = 0; i < columns.length; i++) {
                sums[i] += (Long) row.getField(columns[i]);
              }
            });
    return java.util.Arrays.stream(sums)
        .mapToObj(Long::toString)
        .collect(java.util.stream.Collectors.joining("|"));
  }

  /** Waits until {@code table} holds exactly {@code expected}, in any order. */
  private static void awaitRows(String table, Supplier<List<String>> rows, String... expected) {
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(200))
        .alias(table + " holds " + expected.length + " rows")
        .untilAsserted(
            () ->
                assertThat(rows.get()).as("rows of %s", table).containsExactlyInAnyOrder(expected));
  }

  private PipelineRun run(RunMode mode, String... expectations) {
    return spec(mode, "", expectations);
  }

  /** As {@link #run(RunMode, String...)}, dropping exact duplicates within an hour. */
  private PipelineRun runWithDedup(RunMode mode, String... expectations) {
    return spec(mode, "    dedup: {ttl: 1 h}\n", expectations);
  }

  private PipelineRun spec(RunMode mode, String silverOptions, String... expectations) {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: test
            sources:
              bookings:
                columns: {booking_id: bigint, fare: string, seats: int, status: string}
            silver:
              bookings:
                source: bookings
                renames: {fare: fare_amount}
                casts:
                  fare_amount: decimal(10,2)
            """
                + silverOptions
                + "    expectations:\n"
                + String.join("\n", expectations).indent(6),
            "test-pipeline.yaml");
    return PipelineRun.of(spec, new DataLayout(data), mode).with(LakehouseOptions.PARALLELISM, 1);
  }

  /** The bronze layout the ingestion job writes. */
  private static void createBronze(PipelineRun run) {
    try (LakehouseCatalog catalog = run.catalog()) {
      catalog.createTableIfAbsent(LayerSchemas.bronze(run.spec().source("bookings")), Map.of());
    }
  }

  private static String row(
      long id, String fare, int seats, String status, String file, long line) {
    return "("
        + id
        + ", "
        + fare
        + ", "
        + seats
        + ", '"
        + status
        + "', CAST(NULL AS STRING), CAST(NULL AS STRING), "
        + lineage(file, line)
        + ")";
  }

  private static String corruptRow(String raw, String error, String file, long line) {
    return "(CAST(NULL AS BIGINT), CAST(NULL AS STRING), CAST(NULL AS INT), CAST(NULL AS STRING), '"
        + raw
        + "', '"
        + error
        + "', "
        + lineage(file, line)
        + ")";
  }

  /** {@code _rescued_data} (NULL), then the lineage columns. */
  private static String lineage(String file, long line) {
    return "CAST(NULL AS STRING), '"
        + file
        + "', CAST("
        + line
        + " AS BIGINT), TO_TIMESTAMP_LTZ(1700000000000, 3), CAST(100 AS BIGINT),"
        + " TO_TIMESTAMP_LTZ(1700000001000, 3)";
  }

  /** Appends one bronze snapshot with {@code rows}, as the ingestion job would. */
  /**
   * Lines 1-7 of {@code b1.csv}: passes, warns, corrupt, a failed cast, quarantined, dropped, and
   * one failing a rule of every action.
   */
  private static void appendEveryOutcome(PipelineRun run) throws Exception {
    appendBronze(
        run,
        row(1, "'10.50'", 2, "CONFIRMED", "b1.csv", 1),
        row(2, "'20.00'", 1, "PENDING", "b1.csv", 2),
        corruptRow("3,oops", "Cannot parse line 3", "b1.csv", 3),
        row(4, "'abc'", 1, "CONFIRMED", "b1.csv", 4),
        row(5, "'-3.00'", 2, "CONFIRMED", "b1.csv", 5),
        row(6, "'7.00'", 0, "CONFIRMED", "b1.csv", 6),
        row(7, "'-1.00'", 0, "PENDING", "b1.csv", 7));
  }

  private static void appendBronze(PipelineRun run, String... rows) throws Exception {
    TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    run.catalog().registerIn(tableEnv);
    tableEnv
        .executeSql("INSERT INTO `bronze`.`bookings` VALUES " + String.join(", ", rows))
        .await();
  }

  private void assertConsumedCurrentBronze(LakehouseCatalog catalog) {
    long bronze = table(catalog, TableNames.bronze("bookings")).currentSnapshot().snapshotId();
    assertThat(SourceSnapshot.consumedBy(table(catalog, TableNames.silver("bookings"))))
        .contains(bronze);
    assertThat(SourceSnapshot.consumedBy(table(catalog, TableNames.quarantine("bookings"))))
        .contains(bronze);
  }

  private static Table table(
      LakehouseCatalog catalog, org.apache.iceberg.catalog.TableIdentifier id) {
    Table table = catalog.loadTable(id);
    table.refresh();
    return table;
  }

  private static List<String> silverRows(LakehouseCatalog catalog) {
    return TableContents.of(catalog, TableNames.silver("bookings"))
        .lines("booking_id", "fare_amount", "seats", "status", "_source_file", "_record_number");
  }

  private static List<String> quarantineRows(LakehouseCatalog catalog) {
    return TableContents.of(catalog, TableNames.quarantine("bookings"))
        .lines(
            "booking_id",
            "fare_amount",
            "seats",
            "status",
            "_corrupt_record",
            "_parse_error",
            "_failed_expectations",
            "_source_file",
            "_record_number");
  }
}
