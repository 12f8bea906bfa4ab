package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.sampledata.rides.GeneratedRides;
import io.lakehouseflow.sampledata.rides.RidesSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rides pipeline, a second domain run by the same jobs with no code of its own, landing files
 * to gold in available-now mode by {@code lakehouse demo --domain rides}, checked against the
 * figures the generator computed independently; and the demo's own check of those figures, which
 * must fail when they differ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RidesPipelineITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @TempDir static Path dataDir;
  @TempDir static Path figuresDir;

  private final ByteArrayOutputStream demoOut = new ByteArrayOutputStream();
  private final ByteArrayOutputStream demoErr = new ByteArrayOutputStream();
  private int demoExit;
  private DataLayout layout;
  private GeneratedRides sample;
  private PipelineSpec spec;
  private SqlQuery query;

  @BeforeAll
  void runDemo() throws Exception {
    layout = new DataLayout(dataDir);
    SampleOptions options = new SampleOptions();
    options.domain = SampleOptions.Domain.RIDES;
    options.seed = 11;
    options.scale = 1;
    // The same seed writes the same files: the figures of the sample the demo generates and runs.
    sample = options.ridesGenerator().generate(figuresDir);
    demoExit =
        DemoCommand.run(
            layout,
            options,
            new PrintStream(demoOut, true, StandardCharsets.UTF_8),
            new PrintStream(demoErr, true, StandardCharsets.UTF_8));
    spec = RidesSample.spec();
    query = SqlQuery.over(LakehouseCatalog.of(spec.catalog(), layout));
  }

  @Test
  void demoPassesAndItsQualitySummaryShowsTheDuplicatesSilverDropped() throws Exception {
    assertThat(demoExit).as("demo exit code; its errors: %s", demoErr).isZero();
    Map<String, Long> recorded = new TreeMap<>();
    for (Row row :
        query
            .execute(
                "SELECT silver_table, duplicates FROM silver.`_quality_metrics` WHERE rule IS NULL")
            .rows()) {
      recorded.put((String) row.getField(0), ((Number) row.getField(1)).longValue());
    }
    Map<String, Long> expected = new TreeMap<>();
    sample.duplicateRows().forEach((table, n) -> expected.put("silver." + table, n));
    // The lines the exports re-sent byte for byte; a payment correction is no copy.
    assertThat(recorded)
        .isEqualTo(expected)
        .containsEntry("silver.customers", 3L)
        .containsEntry("silver.drivers", 2L)
        .containsEntry("silver.trips", 5L)
        .containsEntry("silver.payments", 3L);

    String out = demoOut.toString(StandardCharsets.UTF_8);
    assertThat(out).containsPattern("\\| quarantined +\\| duplicates +\\|\\R");
    assertThat(out).containsPattern("\\| silver\\.trips +\\| \\(all rules\\) +\\|.*\\| 5 +\\|\\R");
    assertThat(out)
        .contains(
            "silver dropped the exact duplicates the exports re-sent: "
                + sample.duplicateRows()
                + ".");
  }

  @Test
  void demoFailsNamingEachTableWithItsExpectedAndActualFigure() throws Exception {
    Map<String, Long> rows = new LinkedHashMap<>(sample.tableRows());
    rows.merge("gold.fact_trip", 1L, Long::sum);
    rows.merge("silver.payments", -1L, Long::sum);
    Map<String, Long> duplicates = new LinkedHashMap<>(sample.duplicateRows());
    duplicates.merge("trips", 1L, Long::sum);
    GeneratedRides offByOne = withFigures(sample, rows, duplicates);
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        RidesDemo.check(
            offByOne,
            spec,
            layout,
            query,
            query.execute(RidesDemo.countsSql(spec)),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(1);
    long trips = sample.rows("gold.fact_trip");
    long payments = sample.rows("silver.payments");
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "Failed: the rides pipeline in " + dataDir + " does not hold what the generator wrote:",
            "  silver.payments has " + payments + " rows, expected " + (payments - 1),
            "  gold.fact_trip has " + trips + " rows, expected " + (trips + 1),
            "  silver.trips dropped 5 exact duplicates (silver._quality_metrics), expected 6",
            "Find the rows with ./lakehouse verify --pipeline "
                + dataDir.resolve("pipeline.yaml")
                + " --data-dir "
                + dataDir
                + ", or delete "
                + dataDir
                + " and run the demo again.");
  }

  /** The sample with other expected table rows and duplicates, every other figure the same. */
  private static GeneratedRides withFigures(
      GeneratedRides sample, Map<String, Long> tableRows, Map<String, Long> duplicateRows) {
    return new GeneratedRides(
        sample.landingRoot(),
        sample.files(),
        sample.rowsWritten(),
        sample.malformedLines(),
        tableRows,
        sample.droppedRows(),
        sample.warnedRows(),
        duplicateRows,
        sample.currentCustomers(),
        sample.currentDrivers(),
        sample.deletedDriverVersions(),
        sample.tripsWithoutDriver(),
        sample.tripsWithUnknownPickup(),
        sample.correctedPayments(),
        sample.fareTotal(),
        sample.paymentTotal(),
        sample.changedDriver(),
        sample.returningDriver());
  }

  @Test
  void everyTableHoldsExactlyTheRowsTheGeneratorExpects() throws Exception {
    List<TableIdentifier> tables = new ArrayList<>();
    for (PipelineRunner.Layer layer : PipelineRunner.Layer.values()) {
      tables.addAll(layer.tables(spec));
    }
    // The date dimension is written by gold for every pipeline with facts, not declared.
    tables.add(TableNames.dimension("date"));
    // One statement for all counts: a query per table would start a job per table.
    List<String> parts = new ArrayList<>();
    for (TableIdentifier table : tables) {
      if (sample.tableRows().containsKey(table.toString())) {
        parts.add("SELECT '" + table + "' AS t, COUNT(*) AS n FROM " + TableNames.sql(table));
      }
    }
    Map<String, Long> actual = new TreeMap<>();
    for (Row row : query.execute(String.join(" UNION ALL ", parts)).rows()) {
      actual.put((String) row.getField(0), ((Number) row.getField(1)).longValue());
    }
    // Every table the figures name exists, and each holds exactly its expected rows.
    assertThat(actual).isEqualTo(new TreeMap<>(sample.tableRows()));
  }

  @Test
  void driversAreVersionedWithDeletesAndTripsPointAtTheVersionValidWhenRequested()
      throws Exception {
    assertThat(count("SELECT COUNT(*) FROM gold.dim_driver WHERE is_current"))
        .isEqualTo(sample.currentDrivers());
    assertThat(count("SELECT COUNT(*) FROM gold.dim_driver WHERE is_deleted"))
        .isEqualTo(sample.deletedDriverVersions());
    assertThat(count("SELECT COUNT(*) FROM gold.dim_customer WHERE is_current"))
        .isEqualTo(sample.currentCustomers());
    assertThat(
            count(
                "SELECT COUNT(*) FROM gold.dim_driver WHERE driver_id = "
                    + sample.returningDriver()))
        .isEqualTo(2);
    assertThat(
            count(
                "SELECT COUNT(*) FROM gold.dim_driver WHERE driver_id = " + sample.changedDriver()))
        .isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM gold.fact_trip WHERE driver_sk = -1"))
        .isEqualTo(sample.tripsWithoutDriver());
    long wrong =
        count(
            "SELECT COUNT(*) FROM gold.fact_trip f JOIN gold.dim_driver d"
                + " ON f.driver_sk = d.driver_sk"
                + " WHERE d.valid_from > f.requested_at"
                + " OR (d.valid_to IS NOT NULL AND d.valid_to <= f.requested_at)");
    assertThat(wrong).isZero();
  }

  @Test
  void locationIsRolePlayedAsPickupAndDropoff() throws Exception {
    assertThat(count("SELECT COUNT(*) FROM gold.fact_trip WHERE pickup_sk = -1"))
        .isEqualTo(sample.tripsWithUnknownPickup());
    assertThat(count("SELECT COUNT(*) FROM gold.fact_trip WHERE dropoff_sk = -1")).isZero();
    assertThat(
            count(
                "SELECT COUNT(*) FROM gold.fact_trip f"
                    + " JOIN gold.dim_location p ON f.pickup_sk = p.location_sk"
                    + " JOIN gold.dim_location d ON f.dropoff_sk = d.location_sk"
                    + " WHERE p.location_id = d.location_id"))
        .isZero();
  }

  @Test
  void derivedFaresAndCorrectedPaymentsAddUp() throws Exception {
    assertThat(decimal("SELECT SUM(fare_total) FROM gold.fact_trip"))
        .isEqualByComparingTo(sample.fareTotal());
    assertThat(
            count("SELECT COUNT(*) FROM gold.fact_trip WHERE fare_total <> base_fare + surge_fee"))
        .isZero();
    assertThat(decimal("SELECT SUM(amount) FROM gold.fact_payment"))
        .isEqualByComparingTo(sample.paymentTotal());
    assertThat(count("SELECT COUNT(*) FROM gold.fact_payment WHERE revision > 1"))
        .isEqualTo(sample.correctedPayments());
  }

  @Test
  void quarantineNamesEachFailedRule() throws Exception {
    assertThat(rules("trips"))
        .contains("corrupt_record", "positive_fare", "cast_base_fare", "cast_surge_fee");
    assertThat(rules("drivers"))
        .contains("corrupt_record", "cast_rating", "rating_in_range", "known_operation");
    assertThat(rules("customers")).contains("corrupt_record", "valid_email");
    assertThat(rules("vehicles")).contains("corrupt_record", "has_plate");
    assertThat(rules("payments")).contains("corrupt_record", "positive_amount");
    assertThat(count("SELECT COUNT(*) FROM silver.vehicles WHERE plate <> UPPER(TRIM(plate))"))
        .isZero();
    assertThat(count("SELECT COUNT(*) FROM silver.vehicles WHERE seats IS NULL")).isZero();
  }

  private List<String> rules(String table) throws Exception {
    List<String> rules = new ArrayList<>();
    for (Row row :
        query
            .execute("SELECT DISTINCT _failed_expectations FROM silver." + table + "_quarantine")
            .rows()) {
      rules.addAll(List.of(((String) row.getField(0)).split(",")));
    }
    return rules;
  }

  private BigDecimal decimal(String sql) throws Exception {
    List<Row> rows = query.execute(sql).rows();
    assertThat(rows).hasSize(1);
    return (BigDecimal) rows.get(0).getField(0);
  }

  private long count(String sql) throws Exception {
    List<Row> rows = query.execute(sql).rows();
    assertThat(rows).hasSize(1);
    return ((Number) rows.get(0).getField(0)).longValue();
  }
}
