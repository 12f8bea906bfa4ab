package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.WriterLease;
import io.lakehouseflow.core.catalog.WriterLeaseException;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of one pipeline on one data directory: the second is refused while the first writes, so
 * every landing line is in bronze, silver and gold once, whichever run got there first.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConcurrentRunsITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @Test
  void aRunIsRefusedWhileAnotherRunWritesItsTables(@TempDir Path dir) throws Exception {
    sample(dir);
    PipelineRun run = run(dir);
    PipelineRunner runner = PipelineRunner.allLayers(run);
    try (LakehouseCatalog catalog = run.catalog();
        WriterLease running =
            WriterLease.acquire(
                catalog,
                "pipeline flights (available-now, layers bronze) in " + dir,
                List.of(runner.writes().get(0)),
                Duration.ofSeconds(60))) {
      assertThatThrownBy(() -> runner.runAvailableNow(layer -> {}))
          .isInstanceOf(WriterLeaseException.class)
          .hasMessageStartingWith(
              "Cannot start this run: bronze.customers is being written by another run, pipeline"
                  + " flights (available-now, layers bronze) in "
                  + dir
                  + " (pid "
                  + ProcessHandle.current().pid());
      assertThat(BookingCounts.of(catalog)).as("nothing ran").isEmpty();
    }
  }

  @Test
  void twoRunsStartedAtOnceCommitEveryLineOnce(@TempDir Path dir) throws Exception {
    GeneratedSample sample = sample(dir);
    PipelineRun run = run(dir);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        outcomes.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    PipelineRunner.allLayers(run).runAvailableNow(layer -> {});
                    return "ran";
                  } catch (WriterLeaseException e) {
                    return "refused";
                  }
                }));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        results.add(outcome.get());
      }
      // Both ran only if one finished before the other started; at least one always runs.
      assertThat(results).contains("ran");
    } finally {
      pool.shutdownNow();
    }

    try (LakehouseCatalog catalog = run.catalog()) {
      assertThat(BookingCounts.of(catalog))
          .as("rows of %s", BookingCounts.TABLES)
          .containsExactly(
              (long) sample.rowsWritten("bookings"),
              (long) sample.validBookings(),
              (long) sample.quarantinedBookings() + sample.malformedLines("bookings"),
              (long) sample.validBookings(),
              (long) sample.customerVersions());
    }
  }

  private static PipelineRun run(Path dir) {
    return PipelineRun.of(FlightsSample.spec(), new DataLayout(dir), RunMode.AVAILABLE_NOW);
  }

  /** Writes the flights sample's landing files under {@code dir} and returns its figures. */
  private static GeneratedSample sample(Path dir) throws Exception {
    PipelineSpec spec = FlightsSample.spec();
    return FlightsGenerator.builder()
        .seed(11)
        .scale(1)
        .build()
        .generate(new DataLayout(dir).resolve(spec.landing()));
  }
}
