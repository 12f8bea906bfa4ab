package io.lakehouseflow.deploy;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The flights pipeline run once per test JVM, available-now, on the generated sample (seed 7, scale
 * 1), for the integration tests that only read what it built: failsafe runs a module's ITs one
 * class after another in one JVM, so each need not pay the minute a run takes. A test that plants
 * rows or resets tables runs its own. Jobs run on the MiniCluster of the class that asks first; the
 * data directory is deleted when the JVM exits.
 */
final class FlightsSampleRun {
  private static FlightsSampleRun shared;

  private final PipelineRun run;
  private final GeneratedSample sample;

  private FlightsSampleRun(PipelineRun run, GeneratedSample sample) {
    this.run = run;
    this.sample = sample;
  }

  /** The shared run, made by the first caller. */
  static synchronized FlightsSampleRun shared() throws Exception {
    if (shared == null) {
      Path dir = Files.createTempDirectory("lakehouse-flights-it");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      DataLayout layout = new DataLayout(dir);
      PipelineSpec spec = FlightsSample.spec();
      GeneratedSample sample =
          FlightsGenerator.builder()
              .seed(7)
              .scale(1)
              .build()
              .generate(layout.resolve(spec.landing()));
      PipelineRun run = PipelineRun.of(spec, layout, RunMode.AVAILABLE_NOW);
      PipelineRunner.allLayers(run).runAvailableNow(layer -> {});
      shared = new FlightsSampleRun(run, sample);
    }
    return shared;
  }

  PipelineRun run() {
    return run;
  }

  PipelineSpec spec() {
    return run.spec();
  }

  DataLayout layout() {
    return run.layout();
  }

  /** What the generator wrote, with the figures it computed independently. */
  GeneratedSample sample() {
    return sample;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete the test data directory " + dir, e);
    }
  }
}
