package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.RecordAppends;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.datatest.DataTestResult;
import io.lakehouseflow.deploy.datatest.DataTestResult.Status;
import io.lakehouseflow.deploy.datatest.DataTestRunner;
import io.lakehouseflow.deploy.datatest.DataTests;
import io.lakehouseflow.deploy.datatest.PipelineTests;
import io.lakehouseflow.deploy.datatest.TestResultsTable;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse test} on the flights pipeline: the built-in tests pass on what the pipeline
 * built; declared tests pass, warn, fail or cannot run as their rules say; rows planted in gold
 * that break a key, a reference or SCD2 integrity are found, counted exactly and sampled; and each
 * run's results land in {@code lakehouse.test_results}.
 */
class DataTestsITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  /** Far after every timestamp the generator writes, so freshness verdicts do not drift. */
  private static final Instant NOW = Instant.parse("2100-01-01T00:00:00Z");

  private static final String TESTS =
      """

      tests:
        silver.bookings:
          - not_null: [booking_id, customer_id]
          - accepted_values: {column: status, values: [CONFIRMED], severity: warn}
          - not_null: [no_such_column]
        gold.fact_booking:
          - row_count: {min: 1, max: 10}
          - freshness: {column: booked_at, warn_after: 1 d}
          - sql: {name: no_negative_fares, query: "SELECT * FROM gold.fact_booking WHERE fare_amount < 0"}
      """;

  @TempDir Path data;

  @Test
  void builtInAndDeclaredTestsFindWhatBreaksTheirRules() throws Exception {
    DataLayout layout = new DataLayout(data);
    FlightsGenerator.builder()
        .seed(11)
        .scale(1)
        .build()
        .generate(layout.resolve(FlightsSample.spec().landing()));
    PipelineSpec spec =
        PipelineSpecLoader.parse(FlightsSample.specYaml() + TESTS, "flights-with-tests.yaml");
    PipelineRunner.allLayers(PipelineRun.of(spec, layout, RunMode.AVAILABLE_NOW))
        .runAvailableNow(layer -> {});

    try (LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), layout)) {
      DataTestRunner runner = new DataTestRunner(SqlQuery.over(catalog));
      Map<String, DataTestResult> clean = byName(runner.run(DataTests.of(spec), NOW));

      assertThat(clean)
          .as("built-in tests on the pipeline's own output")
          .containsOnlyKeys(
              "gold.dim_customer unique(customer_sk)",
              "gold.dim_customer scd2_versions_do_not_overlap(customer_id)",
              "gold.dim_customer scd2_one_current_version(customer_id)",
              "gold.dim_airport unique(airport_sk)",
              "gold.dim_airport unique(airport_code)",
              "gold.dim_flight unique(flight_sk)",
              "gold.dim_flight unique(flight_id)",
              "gold.fact_booking unique(booking_id)",
              "gold.fact_booking relationships(customer_sk -> gold.dim_customer.customer_sk)",
              "gold.fact_booking relationships(flight_sk -> gold.dim_flight.flight_sk)",
              "gold.fact_booking relationships(date_sk -> gold.dim_date.date_sk)",
              "gold.dim_date unique(date_sk)",
              "silver.bookings not_null(booking_id, customer_id)",
              "silver.bookings accepted_values(status)",
              "silver.bookings not_null(no_such_column)",
              "gold.fact_booking row_count(min 1, max 10)",
              "gold.fact_booking freshness(booked_at)",
              "gold.fact_booking sql(no_negative_fares)");
      clean.forEach(
          (name, result) -> {
            if (result.test().declaredAt().equals("built-in")) {
              assertThat(result.status()).as(result.line()).isEqualTo(Status.PASS);
            }
          });
      assertThat(clean.get("silver.bookings not_null(booking_id, customer_id)").status())
          .isEqualTo(Status.PASS);
      assertThat(clean.get("gold.fact_booking sql(no_negative_fares)").status())
          .isEqualTo(Status.PASS);
      DataTestResult cancelled = clean.get("silver.bookings accepted_values(status)");
      assertThat(cancelled.status()).as(cancelled.line()).isEqualTo(Status.WARN);
      long otherStatuses =
          SqlQuery.over(catalog)
              .counts(
                  "SELECT COUNT(DISTINCT status) FROM silver.bookings WHERE status <> 'CONFIRMED'")
              .get(0);
      assertThat(otherStatuses).isPositive();
      assertThat(cancelled.failingRows())
          .as("one failing row per value outside the list")
          .isEqualTo(otherStatuses);
      assertThat(cancelled.sample()).anyMatch(s -> s.contains("status=CANCELLED"));
      DataTestResult missing = clean.get("silver.bookings not_null(no_such_column)");
      assertThat(missing.status()).isEqualTo(Status.ERROR);
      assertThat(missing.line())
          .contains("no_such_column")
          .contains("declared at tests.silver.bookings[2]");
      DataTestResult count = clean.get("gold.fact_booking row_count(min 1, max 10)");
      assertThat(count.status()).isEqualTo(Status.FAIL);
      assertThat(count.line()).contains("2990 rows, more than 10");
      assertThat(clean.get("gold.fact_booking freshness(booked_at)").status())
          .isEqualTo(Status.WARN);

      plantViolations(catalog);
      Map<String, DataTestResult> broken = byName(runner.run(DataTests.of(spec), NOW));
      assertFailing(broken, "gold.fact_booking unique(booking_id)", 1, "booking_id=");
      assertFailing(
          broken,
          "gold.fact_booking relationships(customer_sk -> gold.dim_customer.customer_sk)",
          1,
          "customer_sk=424242");
      assertFailing(
          broken, "gold.dim_customer scd2_versions_do_not_overlap(customer_id)", 1, "version=");
      assertFailing(
          broken,
          "gold.dim_customer scd2_one_current_version(customer_id)",
          1,
          "current_versions=2");
      assertThat(broken.get("gold.dim_customer unique(customer_sk)").status())
          .isEqualTo(Status.PASS);
    }

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<DataTestResult> selected =
        PipelineTests.run(
            spec,
            layout,
            Set.of("gold.fact_booking"),
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(selected)
        .allSatisfy(r -> assertThat(r.test().table()).isEqualTo("gold.fact_booking"));
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("FAIL  gold.fact_booking unique(booking_id): 1 failing row, e.g. (booking_id=")
        .contains("7 tests: 3 passed, 1 warned, 3 failed, 0 could not run.");
    try (LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), layout)) {
      assertThat(
              SqlQuery.over(catalog)
                  .counts(
                      "SELECT COUNT(*) FROM lakehouse.test_results",
                      "SELECT COUNT(*) FROM lakehouse.test_results WHERE status = 'FAIL'"))
          .containsExactly(7L, 3L);
      assertThat(catalog.tableExists(TestResultsTable.TABLE)).isTrue();
    }
  }

  /**
   * A second row for an existing booking under a customer key no dimension row has, and a second
   * current version of a customer that overlaps the versions it has.
   */
  private static void plantViolations(LakehouseCatalog catalog) {
    Table facts = catalog.loadTable(TableNames.fact("booking"));
    Record fact = first(facts);
    GenericRecord copy = GenericRecord.create(facts.schema());
    facts.schema().columns().forEach(c -> copy.setField(c.name(), fact.getField(c.name())));
    copy.setField("customer_sk", 424242L);
    RecordAppends.append(facts, List.of(copy));

    Table customers = catalog.loadTable(TableNames.dimension("customer"));
    Record version = first(customers, "current");
    GenericRecord overlapping = GenericRecord.create(customers.schema());
    customers
        .schema()
        .columns()
        .forEach(c -> overlapping.setField(c.name(), version.getField(c.name())));
    overlapping.setField("customer_sk", 171717L);
    RecordAppends.append(customers, List.of(overlapping));
  }

  private static Record first(Table table) {
    return first(table, "any");
  }

  /** The first row of {@code table}; with {@code "current"}, the first with is_current set. */
  private static Record first(Table table, String which) {
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        if (which.equals("any") || Boolean.TRUE.equals(row.getField("is_current"))) {
          return row.copy();
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("no " + which + " row in " + table.name());
  }

  private static void assertFailing(
      Map<String, DataTestResult> results, String test, long rows, String sampled) {
    DataTestResult result = results.get(test);
    assertThat(result.status()).as(result.line()).isEqualTo(Status.FAIL);
    assertThat(result.failingRows()).as(result.line()).isEqualTo(rows);
    assertThat(result.sample()).as(result.line()).anyMatch(s -> s.contains(sampled));
  }

  private static Map<String, DataTestResult> byName(List<DataTestResult> results) {
    Map<String, DataTestResult> byName = new LinkedHashMap<>();
    results.forEach(r -> byName.put(r.test().describe(), r));
    return byName;
  }
}
