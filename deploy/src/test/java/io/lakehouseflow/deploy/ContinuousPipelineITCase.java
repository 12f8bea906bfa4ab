package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.RetainedCheckpoints;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import io.lakehouseflow.deploy.run.RunningPipeline;
import io.lakehouseflow.ingestion.BronzeJob;
import io.lakehouseflow.modeling.GoldJob;
import io.lakehouseflow.sampledata.AtomicLanding;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import io.lakehouseflow.transforms.SilverJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three layers running continuously on the flights sample: they converge to the generator's
 * figures, pick up a file that lands while they run, resume from their retained checkpoints after
 * being stopped without losing or repeating a row, and end equal to a batch rebuild of gold.
 */
class ContinuousPipelineITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  /** Generous for a loaded 2-core machine: three streaming jobs start and catch up. */
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void convergesResumesAfterStopAndEqualsBatchRebuild() throws Exception {
    DataLayout layout = new DataLayout(dataDir);
    PipelineSpec spec = FlightsSample.spec();
    Path landing = layout.resolve(spec.landing());
    GeneratedSample sample = FlightsGenerator.builder().seed(11).scale(1).build().generate(landing);
    PipelineRun run =
        PipelineRun.of(spec, layout, RunMode.CONTINUOUS)
            // Restarted in this JVM, as the CLI does: the client restores, not a cluster.
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(500));
    LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), layout);
    SqlQuery query = SqlQuery.over(catalog);
    long bookingLines = sample.rowsWritten("bookings");
    long quarantined = sample.quarantinedBookings() + sample.malformedLines("bookings");

    try (RunningPipeline jobs = PipelineRunner.allLayers(run).start()) {
      BookingCounts.await(
          converging(),
          catalog,
          List.of(
              bookingLines,
              (long) sample.validBookings(),
              quarantined,
              (long) sample.validBookings(),
              (long) sample.customerVersions()));
      // A file lands while the jobs run: two valid bookings and one that fails seats_in_range.
      land(landing, "bookings-extra-1.csv", 910_001, sample);
      BookingCounts.await(
          converging(),
          catalog,
          List.of(
              bookingLines + 3,
              sample.validBookings() + 2L,
              quarantined + 1,
              sample.validBookings() + 2L,
              (long) sample.customerVersions()));
    }

    // Stopped; a file lands meanwhile; the restarted jobs resume from their checkpoints.
    land(landing, "bookings-extra-2.csv", 920_001, sample);
    try (RunningPipeline jobs = PipelineRunner.allLayers(run).start()) {
      BookingCounts.await(
          converging(),
          catalog,
          List.of(
              bookingLines + 6,
              sample.validBookings() + 4L,
              quarantined + 2,
              sample.validBookings() + 4L,
              (long) sample.customerVersions()));
      // Two more checkpoints of every job after it caught up: whatever a resumed job would
      // append twice is committed by then.
      RetainedCheckpoints.under(
              run.checkpoints(BronzeJob.NAME),
              run.checkpoints(SilverJob.NAME),
              run.checkpoints(GoldJob.NAME))
          .awaitNew(2, converging());
    }
    assertThat(BookingCounts.of(catalog))
        .containsExactly(
            bookingLines + 6,
            sample.validBookings() + 4L,
            quarantined + 2,
            sample.validBookings() + 4L,
            (long) sample.customerVersions());
    assertThat(single(query, "SELECT COUNT(DISTINCT booking_id) FROM silver.bookings"))
        .isEqualTo(sample.validBookings() + 4L);

    // Streaming gold equals a batch rebuild of the same silver tables, row for row.
    List<Row> streamedDims = rows(query, "SELECT * FROM gold.dim_customer");
    List<Row> streamedFacts = rows(query, "SELECT * FROM gold.fact_booking");
    PipelineRunner.of(run.with(LakehouseOptions.MODE, RunMode.AVAILABLE_NOW), List.of(Layer.GOLD))
        .runAvailableNow(layer -> {});
    assertThat(rows(query, "SELECT * FROM gold.dim_customer"))
        .containsExactlyInAnyOrderElementsOf(streamedDims);
    assertThat(rows(query, "SELECT * FROM gold.fact_booking"))
        .containsExactlyInAnyOrderElementsOf(streamedFacts);
  }

  /** Writes three bookings of a known customer and flight, as a new file, atomically. */
  private static void land(Path landing, String name, long firstId, GeneratedSample sample)
      throws Exception {
    List<String> first = Files.readAllLines(sample.files().get("bookings").get(0));
    String[] template = first.get(1).split(",");
    String customer = template[1];
    String flight = template[2];
    String csv =
        first.get(0)
            + "\n"
            + String.join(
                "\n",
                firstId
                    + ","
                    + customer
                    + ","
                    + flight
                    + ",2024-03-01T10:00:00,2,120.00,EUR,CONFIRMED",
                (firstId + 1)
                    + ","
                    + customer
                    + ","
                    + flight
                    + ",2024-11-01T10:00:00,1,80.00,EUR,CANCELLED",
                (firstId + 2)
                    + ","
                    + customer
                    + ","
                    + flight
                    + ",2024-11-02T10:00:00,12,80.00,EUR,CONFIRMED")
            + "\n";
    AtomicLanding.write(landing.resolve("bookings"), name, csv);
  }

  private static long single(SqlQuery query, String sql) throws Exception {
    return (Long) query.execute(sql).rows().get(0).getField(0);
  }

  private static List<Row> rows(SqlQuery query, String sql) throws Exception {
    return query.execute(sql).rows();
  }

  private static ConditionFactory converging() {
    return await().atMost(DEADLINE).pollInterval(Duration.ofSeconds(1));
  }
}
