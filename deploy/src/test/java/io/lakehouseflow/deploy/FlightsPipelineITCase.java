package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.sampledata.flights.CustomerHistory;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole flights pipeline, landing files to gold, in available-now mode on the generated sample
 * (the run {@link FlightsSampleRun} shares), checked against the figures the generator computed
 * independently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FlightsPipelineITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private GeneratedSample sample;
  private SqlQuery query;
  private PipelineRun run;

  @BeforeAll
  void runPipeline() throws Exception {
    FlightsSampleRun flights = FlightsSampleRun.shared();
    sample = flights.sample();
    run = flights.run();
    query = SqlQuery.over(LakehouseCatalog.of(flights.spec().catalog(), flights.layout()));
  }

  @Test
  void everyValidBookingIsOneFactRow() throws Exception {
    assertThat(count("SELECT COUNT(*) FROM gold.fact_booking")).isEqualTo(sample.validBookings());
    assertThat(count("SELECT COUNT(DISTINCT booking_id) FROM gold.fact_booking"))
        .isEqualTo(sample.validBookings());
    assertThat(count("SELECT COUNT(*) FROM silver.bookings")).isEqualTo(sample.validBookings());
  }

  @Test
  void silverDropsTheCustomerChangesTheExportReSent() throws Exception {
    assertThat(count("SELECT COUNT(*) FROM silver.customers"))
        .isEqualTo(sample.silverRows("customers"))
        .isEqualTo(264);
    assertThat(
            count(
                "SELECT duplicates FROM silver.`_quality_metrics`"
                    + " WHERE rule IS NULL AND silver_table = 'silver.customers'"))
        .isEqualTo(sample.duplicateRows("customers"))
        .isEqualTo(3);
    // The changes that move updated_at only differ from their snapshot row: silver keeps them.
    assertThat(
            count(
                "SELECT COUNT(*) FROM silver.customers WHERE updated_at > TIMESTAMP '2024-01-01 00:00:00'"))
        .isEqualTo(60 + 4);
  }

  @Test
  void customerChangedTwiceHasThreeVersions() throws Exception {
    CustomerHistory history = sample.twiceChangedCustomer();
    assertVersions(history);
    assertVersions(sample.lateChangedCustomer());
    assertThat(count("SELECT COUNT(*) FROM gold.dim_customer"))
        .isEqualTo(sample.customerVersions());
    assertThat(count("SELECT COUNT(*) FROM gold.dim_customer WHERE is_current"))
        .isEqualTo(sample.customerKeys());
  }

  private void assertVersions(CustomerHistory history) throws Exception {
    List<Row> versions =
        query
            .execute(
                "SELECT valid_from, valid_to, is_current FROM gold.dim_customer WHERE customer_id = "
                    + history.customerId()
                    + " ORDER BY valid_from")
            .rows();
    List<LocalDateTime> validFrom = history.validFrom();
    assertThat(versions).hasSize(3);
    for (int i = 0; i < 3; i++) {
      Row v = versions.get(i);
      assertThat(v.getField(0)).as("valid_from of version %d", i + 1).isEqualTo(validFrom.get(i));
      assertThat(v.getField(1))
          .as("valid_to of version %d", i + 1)
          .isEqualTo(i < 2 ? validFrom.get(i + 1) : null);
      assertThat(v.getField(2)).as("is_current of version %d", i + 1).isEqualTo(i == 2);
    }
  }

  @Test
  void everyBookingPointsAtTheCustomerVersionValidWhenBooked() throws Exception {
    long wrong =
        count(
            "SELECT COUNT(*) FROM gold.fact_booking f"
                + " JOIN silver.bookings b ON f.booking_id = b.booking_id"
                + " LEFT JOIN gold.dim_customer d ON f.customer_sk = d.customer_sk"
                + " WHERE d.customer_sk IS NULL OR d.customer_id <> b.customer_id"
                + " OR d.valid_from > f.booked_at"
                + " OR (d.valid_to IS NOT NULL AND d.valid_to <= f.booked_at)");
    assertThat(wrong).isZero();
    // The twice-changed customer's bookings are spread over the year, so they use several versions.
    assertThat(
            count(
                "SELECT COUNT(DISTINCT f.customer_sk) FROM gold.fact_booking f JOIN gold.dim_customer d"
                    + " ON f.customer_sk = d.customer_sk WHERE d.customer_id = "
                    + sample.twiceChangedCustomer().customerId()))
        .isGreaterThan(1);
  }

  @Test
  void malformedLinesAreKeptRawInBronze() throws Exception {
    List<Row> corrupt =
        query
            .execute(
                "SELECT _corrupt_record, _parse_error, _source_file, _record_number FROM bronze.bookings"
                    + " WHERE _corrupt_record IS NOT NULL")
            .rows();
    assertThat(corrupt).hasSize(sample.malformedLines("bookings"));
    for (Row row : corrupt) {
      // _source_file is relative to the data directory: landing/bookings/bookings-0002.csv
      Path file = run.layout().root().resolve((String) row.getField(2));
      List<String> lines = Files.readAllLines(file);
      long line = (Long) row.getField(3);
      assertThat(lines.get((int) line - 1)).isEqualTo(row.getField(0));
      assertThat((String) row.getField(1)).contains("line " + line);
    }
    assertThat(count("SELECT COUNT(*) FROM bronze.bookings"))
        .isEqualTo(sample.rowsWritten("bookings"));
  }

  @Test
  void quarantinedRowsCarryTheFailedRuleNames() throws Exception {
    List<Row> byRule =
        query
            .execute(
                "SELECT _failed_expectations, COUNT(*) FROM silver.bookings_quarantine"
                    + " GROUP BY _failed_expectations")
            .rows();
    List<String> rules = new ArrayList<>();
    long failedExpectations = 0;
    for (Row r : byRule) {
      String names = (String) r.getField(0);
      rules.add(names);
      if (!names.equals("corrupt_record")) {
        failedExpectations += (Long) r.getField(1);
      }
    }
    assertThat(String.join(",", rules)).contains("positive_fare").contains("seats_in_range");
    assertThat(rules).contains("corrupt_record");
    assertThat(failedExpectations).isEqualTo(sample.quarantinedBookings());
    assertThat(
            count(
                "SELECT COUNT(*) FROM silver.bookings_quarantine WHERE _failed_expectations = 'corrupt_record'"))
        .isEqualTo(sample.malformedLines("bookings"));
  }

  @Test
  void runningAgainAddsNothing() throws Exception {
    long bronze = count("SELECT COUNT(*) FROM bronze.bookings");
    long silver = count("SELECT COUNT(*) FROM silver.bookings");
    long quarantine = count("SELECT COUNT(*) FROM silver.bookings_quarantine");
    PipelineRunner.allLayers(run).runAvailableNow(layer -> {});
    assertThat(count("SELECT COUNT(*) FROM bronze.bookings")).isEqualTo(bronze);
    assertThat(count("SELECT COUNT(*) FROM silver.bookings")).isEqualTo(silver);
    assertThat(count("SELECT COUNT(*) FROM silver.bookings_quarantine")).isEqualTo(quarantine);
    assertThat(count("SELECT COUNT(*) FROM gold.fact_booking")).isEqualTo(sample.validBookings());
    assertThat(count("SELECT COUNT(*) FROM gold.dim_customer"))
        .isEqualTo(sample.customerVersions());
  }

  private long count(String sql) throws Exception {
    List<Row> rows = query.execute(sql).rows();
    assertThat(rows).hasSize(1);
    return ((Number) rows.get(0).getField(0)).longValue();
  }
}
