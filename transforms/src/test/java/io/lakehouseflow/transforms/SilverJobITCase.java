package io.lakehouseflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.CsvOptions;
import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.core.spec.ExpectationSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceFormat;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.transforms.expectation.ExpectationFailedException;
import io.lakehouseflow.transforms.progress.SourceSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SilverJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final List<ColumnSpec> BOOKING_COLUMNS =
      List.of(
          new ColumnSpec("booking_id", ColumnType.BIGINT),
          new ColumnSpec("fare", ColumnType.STRING),
          new ColumnSpec("seats", ColumnType.INT),
          new ColumnSpec("status", ColumnType.STRING));

  private static final List<ExpectationSpec> BOOKING_RULES =
      List.of(
          new ExpectationSpec("positive_fare", "fare_amount > 0", ExpectationAction.QUARANTINE),
          new ExpectationSpec("seats_in_range", "seats BETWEEN 1 AND 9", ExpectationAction.DROP),
          new ExpectationSpec(
              "known_status", "status IN ('CONFIRMED', 'CANCELLED')", ExpectationAction.WARN));

  @TempDir Path data;

  @Test
  void availableNowWritesEachBronzeRowOnceAcrossRuns() throws Exception {
    PipelineRun run = run(BOOKING_RULES, RunMode.AVAILABLE_NOW);
    LakehouseCatalog catalog = run.catalog();
    createBronze(catalog);
    appendBronze(
        run,
        row(1, "'10.50'", 2, "CONFIRMED", "b1.csv", 1),
        row(2, "'20.00'", 1, "PENDING", "b1.csv", 2),
        corruptRow("3,oops", "Cannot parse line 3", "b1.csv", 3),
        row(4, "'abc'", 1, "CONFIRMED", "b1.csv", 4),
        row(5, "'-3.00'", 2, "CONFIRMED", "b1.csv", 5),
        row(6, "'7.00'", 0, "CONFIRMED", "b1.csv", 6),
        row(7, "'-1.00'", 0, "PENDING", "b1.csv", 7));

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

  @Test
  void quarantineKeepsLineageAndTheTimeOfQuarantine() throws Exception {
    PipelineRun run = run(BOOKING_RULES, RunMode.AVAILABLE_NOW);
    LakehouseCatalog catalog = run.catalog();
    createBronze(catalog);
    appendBronze(run, row(5, "'-3.00'", 2, "CONFIRMED", "b1.csv", 5));

    SilverJob.forRun(run).runToCompletion();

    List<Record> rows = read(table(catalog, TableNames.quarantine("bookings")));
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
        run(
            List.of(new ExpectationSpec("has_seats", "seats > 0", ExpectationAction.FAIL)),
            RunMode.AVAILABLE_NOW);
    LakehouseCatalog catalog = run.catalog();
    createBronze(catalog);
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
  @Timeout(120)
  void continuousModeStreamsNewBronzeSnapshots() throws Exception {
    PipelineRun run =
        run(BOOKING_RULES, RunMode.CONTINUOUS)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(500));
    LakehouseCatalog catalog = run.catalog();
    createBronze(catalog);
    PipelineRun batch = run.with(LakehouseOptions.MODE, RunMode.AVAILABLE_NOW);
    appendBronze(batch, row(1, "'10.50'", 2, "CONFIRMED", "b1.csv", 1));

    JobClient job = SilverJob.forRun(run).submit();
    try {
      awaitRows(catalog, List.of("1|10.50|2|CONFIRMED|b1.csv|1"));
      appendBronze(
          batch,
          row(2, "'3.00'", 1, "CONFIRMED", "b2.csv", 1),
          row(3, "'-3.00'", 1, "CONFIRMED", "b2.csv", 2));
      awaitRows(catalog, List.of("1|10.50|2|CONFIRMED|b1.csv|1", "2|3.00|1|CONFIRMED|b2.csv|1"));
      while (quarantineRows(catalog).isEmpty()) {
        Thread.sleep(200);
      }
      assertThat(quarantineRows(catalog))
          .containsExactly("3|-3.00|1|CONFIRMED|null|null|positive_fare|b2.csv|2");
    } finally {
      job.cancel().get();
    }

    // The continuous run's bronze position is in its checkpoint only: an available-now run must
    // refuse rather than re-append rows the continuous run already wrote.
    assertThatThrownBy(() -> SilverJob.forRun(batch).submit())
        .hasMessageContaining("Cannot run the silver job available-now on silver.bookings")
        .hasMessageContaining("last written by a continuous run");
    assertThat(silverRows(catalog)).hasSize(2);
  }

  private void awaitRows(LakehouseCatalog catalog, List<String> expected)
      throws InterruptedException {
    while (silverRows(catalog).size() < expected.size()) {
      Thread.sleep(200);
    }
    assertThat(silverRows(catalog)).containsExactlyInAnyOrderElementsOf(expected);
  }

  private PipelineRun run(List<ExpectationSpec> expectations, RunMode mode) {
    SourceSpec bookings =
        new SourceSpec(
            "bookings", "bookings", SourceFormat.CSV, CsvOptions.DEFAULT, BOOKING_COLUMNS);
    SilverTableSpec silver =
        new SilverTableSpec(
            "bookings",
            "bookings",
            Map.of("fare", "fare_amount"),
            Map.of("fare_amount", ColumnType.decimal(10, 2)),
            expectations);
    PipelineSpec spec =
        new PipelineSpec(
            "test",
            "test-pipeline.yaml",
            CatalogSpec.DEFAULT,
            "landing",
            Map.of("bookings", bookings),
            Map.of("bookings", silver),
            Map.of(),
            Map.of());
    return PipelineRun.of(spec, new DataLayout(data), mode).with(LakehouseOptions.PARALLELISM, 1);
  }

  /** The bronze layout the ingestion job writes. */
  private static void createBronze(LakehouseCatalog catalog) {
    catalog.createTableIfAbsent(
        LayerSchemas.bronze(
            new SourceSpec(
                "bookings", "bookings", SourceFormat.CSV, CsvOptions.DEFAULT, BOOKING_COLUMNS)),
        Map.of());
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

  private static String lineage(String file, long line) {
    return "'"
        + file
        + "', CAST("
        + line
        + " AS BIGINT), TO_TIMESTAMP_LTZ(1700000000000, 3), CAST(100 AS BIGINT),"
        + " TO_TIMESTAMP_LTZ(1700000001000, 3)";
  }

  /** Appends one bronze snapshot with {@code rows}, as the ingestion job would. */
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
    return format(
        read(table(catalog, TableNames.silver("bookings"))),
        "booking_id",
        "fare_amount",
        "seats",
        "status",
        "_source_file",
        "_record_number");
  }

  private static List<String> quarantineRows(LakehouseCatalog catalog) {
    return format(
        read(table(catalog, TableNames.quarantine("bookings"))),
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

  private static List<Record> read(Table table) {
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      List<Record> rows = new ArrayList<>();
      records.forEach(r -> rows.add(r.copy()));
      return rows;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> format(List<Record> records, String... columns) {
    return records.stream()
        .map(
            r ->
                java.util.Arrays.stream(columns)
                    .map(c -> String.valueOf(r.getField(c)))
                    .collect(Collectors.joining("|")))
        .collect(Collectors.toList());
  }
}
