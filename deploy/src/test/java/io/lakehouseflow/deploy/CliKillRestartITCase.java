package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.testing.RetainedCheckpoints;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.ingestion.BronzeJob;
import io.lakehouseflow.modeling.GoldJob;
import io.lakehouseflow.sampledata.AtomicLanding;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import io.lakehouseflow.transforms.SilverJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real {@code lakehouse run --mode continuous} process with SIGKILL while it works,
 * twice, and restarts it: the jobs resume from their retained checkpoints and every landing line
 * ends up in each layer exactly once.
 */
class CliKillRestartITCase {
  /** Generous for a loaded 2-core machine: a CLI JVM starts a MiniCluster and three jobs. */
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void killedRunResumesFromCheckpointsExactlyOnce() throws Exception {
    DataLayout layout = new DataLayout(dataDir);
    Path spec = FlightsSample.writeSpec(dataDir);
    PipelineSpec pipeline = FlightsSample.spec();
    Path landing = layout.resolve(pipeline.landing());
    GeneratedSample sample = FlightsGenerator.builder().seed(5).scale(1).build().generate(landing);
    LakehouseCatalog catalog = LakehouseCatalog.of(pipeline.catalog(), layout);
    SqlQuery query = SqlQuery.over(catalog);
    RetainedCheckpoints everyJob =
        RetainedCheckpoints.under(
            Path.of(layout.checkpoints()).resolve(BronzeJob.NAME),
            Path.of(layout.checkpoints()).resolve(SilverJob.NAME),
            Path.of(layout.checkpoints()).resolve(GoldJob.NAME));

    // First kill: as soon as bronze has committed something, silver and gold are mid-way.
    CliProcess run = startContinuous(spec);
    try {
      whileAlive(run)
          .pollInterval(Duration.ofMillis(200))
          .alias("bronze.bookings has committed rows")
          .untilAsserted(
              () ->
                  assertThat(rows(catalog, TableNames.bronze("bookings")))
                      .as("rows in bronze.bookings")
                      .isPositive());
    } finally {
      run.kill();
    }

    // A file lands while nothing runs; the second kill comes after the restart caught up.
    Path extra = landing.resolve("bookings").resolve("bookings-extra.csv");
    List<String> lines = Files.readAllLines(sample.files().get("bookings").get(0));
    List<String> copy = new ArrayList<>(List.of(lines.get(0)));
    for (int i = 1; i <= 5; i++) {
      String[] fields = lines.get(i).split(",", 2);
      copy.add((990_000 + i) + "," + fields[1]);
    }
    AtomicLanding.write(
        extra.getParent(), extra.getFileName().toString(), String.join("\n", copy) + "\n");
    long newValid = expectedValid(copy.subList(1, copy.size()));

    List<Long> expected =
        List.of(
            sample.rowsWritten("bookings") + 5L,
            sample.validBookings() + newValid,
            (long) sample.quarantinedBookings()
                + sample.malformedLines("bookings")
                + (5 - newValid),
            sample.validBookings() + newValid,
            (long) sample.customerVersions());

    int secondRunLog = log().length();
    run = startContinuous(spec);
    try {
      BookingCounts.await(whileAlive(run), catalog, expected);
      // Every job checkpoints after catching up, so the third run can resume all of them.
      everyJob.awaitNew(1, whileAlive(run));
    } finally {
      run.kill();
    }

    // Bronze had committed, so a checkpoint was complete when the first kill came.
    assertThat(log().substring(secondRunLog))
        .contains("Job bronze resumes from retained checkpoint");

    int thirdRunLog = log().length();
    run = startContinuous(spec);
    try {
      // The second run checkpointed every job before its kill, so the third resumes all of them.
      whileAlive(run)
          .alias("the third run resumes silver and gold from their checkpoints")
          .untilAsserted(
              () ->
                  assertThat(log().substring(thirdRunLog))
                      .contains("Job silver resumes from retained checkpoint")
                      .contains("Job gold resumes from retained checkpoint"));
      // Two checkpoints of every resumed job: whatever it would append twice is committed by then.
      everyJob.awaitNew(2, whileAlive(run));
      assertThat(run.isAlive()).as("the third run is alive").isTrue();
    } finally {
      run.kill();
    }
    assertThat(BookingCounts.of(catalog)).containsExactlyElementsOf(expected);
    assertThat(
            query
                .execute("SELECT COUNT(DISTINCT booking_id) FROM silver.bookings")
                .rows()
                .get(0)
                .getField(0))
        .isEqualTo(expected.get(1));
  }

  private static ConditionFactory whileAlive(CliProcess run) {
    return run.whileAlive(DEADLINE);
  }

  /** The copied lines are valid bookings when the originals were (same fields, new ids). */
  private static long expectedValid(List<String> lines) {
    return lines.stream()
        .map(l -> l.split(",", -1))
        .filter(f -> f.length == 8)
        .filter(f -> isPositiveDecimal(f[5]))
        .filter(f -> f[4].matches("[1-9]"))
        .count();
  }

  private static boolean isPositiveDecimal(String text) {
    try {
      return new java.math.BigDecimal(text).signum() > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private CliProcess startContinuous(Path spec) throws IOException {
    return CliProcess.continuous(dataDir, spec);
  }

  private String log() throws IOException {
    return CliProcess.log(dataDir);
  }

  /** The rows of a table, 0 while the run has not created it yet. */
  private static long rows(LakehouseCatalog catalog, TableIdentifier table) {
    return catalog.tableExists(table) ? TableContents.of(catalog, table).size() : 0;
  }
}
