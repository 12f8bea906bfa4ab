package io.lakehouseflow.deploy.bench;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.LiveRows;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.run.RunningPipeline;
import io.lakehouseflow.sampledata.AtomicLanding;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code lakehouse bench freshness}: how long a landed file takes to be visible in gold while the
 * whole pipeline runs continuously. On the flights sample: the three layers start in continuous
 * mode, catch up with the generated files, then {@code files} bookings files of {@code rows} rows
 * each land one every {@code every}, each atomically (a hidden name, then a rename). Per file, the
 * time from its rename to the Iceberg commit that made its last row visible, read afterwards from
 * each table's snapshots ({@link CommitTimes}), so the measurement adds no load while the pipeline
 * runs. Prints min, median, p95 and max from landing to gold, and the same split per hop (landing
 * to bronze, bronze to silver, silver to gold). It fails when a landed row is missing from a layer.
 */
public final class FreshnessBench {
  /** Landed booking ids start here, above every generated one. */
  private static final long FIRST_ID = 900_000_000L;

  private static final Duration CATCH_UP_DEADLINE = Duration.ofMinutes(10);

  private final int files;
  private final int rows;
  private final Duration checkpointInterval;
  private final Configuration polling;
  private final Duration every;
  private final Path dir;
  private final PrintWriter out;

  /**
   * @param polling the run's {@link LakehouseOptions#DISCOVERY_INTERVAL} and {@link
   *     LakehouseOptions#MONITOR_INTERVAL} where given; else they follow the checkpoint interval
   */
  public FreshnessBench(
      int files,
      int rows,
      Duration checkpointInterval,
      Configuration polling,
      Duration every,
      Path dir,
      PrintWriter out) {
    if (files < 1 || rows < 1) {
      throw new IllegalArgumentException(
          "Invalid --files " + files + " or --rows " + rows + ": both must be at least 1.");
    }
    this.files = files;
    this.rows = rows;
    this.checkpointInterval = Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    this.polling = new Configuration(polling);
    this.every = Objects.requireNonNull(every, "every");
    this.dir = Objects.requireNonNull(dir, "dir");
    this.out = Objects.requireNonNull(out, "out");
  }

  public void run() throws Exception {
    DataLayout layout = new DataLayout(dir);
    PipelineSpec spec = FlightsSample.spec();
    Path landing = layout.resolve(spec.landing());
    GeneratedSample sample = FlightsGenerator.builder().seed(42).scale(1).build().generate(landing);
    PipelineRun run =
        PipelineRun.of(spec, layout, RunMode.CONTINUOUS)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, checkpointInterval)
            .withOptions(polling);
    out.printf(
        "bench freshness: %d files x %d bookings, one every %d ms, checkpoints every %d ms,"
            + " landing listed every %d ms, Iceberg tables polled every %d ms, under %s%n",
        files,
        rows,
        every.toMillis(),
        checkpointInterval.toMillis(),
        run.discoveryInterval().toMillis(),
        run.monitorInterval().toMillis(),
        dir);
    out.flush();
    List<TableIdentifier> layers =
        List.of(
            TableNames.bronze("bookings"),
            TableNames.silver("bookings"),
            TableNames.fact("booking"));
    long[] landed = new long[files];
    try (LakehouseCatalog catalog = run.catalog();
        RunningPipeline jobs = PipelineRunner.allLayers(run).start()) {
      LandedIds gold = new LandedIds(catalog, TableNames.fact("booking"));
      gold.await(sample.validBookings(), CATCH_UP_DEADLINE, jobs);
      out.printf(
          "caught up with the generated sample (%d bookings in gold)%n", sample.validBookings());
      out.flush();
      List<String> template = Files.readAllLines(sample.files().get("bookings").get(0));
      long next = System.nanoTime();
      for (int f = 0; f < files; f++) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          // Pacing the landings is what this benchmark measures against; nothing waits on a result.
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        landed[f] = land(landing, template, f);
        next += every.toNanos();
      }
      gold.await(sample.validBookings() + (long) files * rows, CATCH_UP_DEADLINE, jobs);
    }
    try (LakehouseCatalog catalog = run.catalog()) {
      long[][] committed = new long[layers.size()][];
      for (int l = 0; l < layers.size(); l++) {
        Table table = catalog.loadTable(layers.get(l));
        committed[l] = new CommitTimes(table, FIRST_ID, rows, files).lastRowVisible();
      }
      report(landed, committed);
    }
  }

  /** Writes file {@code f} of landed bookings, atomically; returns the time of its rename. */
  private long land(Path landing, List<String> template, int f) throws IOException {
    String[] line = template.get(1).split(",", -1);
    StringBuilder csv = new StringBuilder(template.get(0)).append('\n');
    for (int r = 0; r < rows; r++) {
      line[0] = Long.toString(FIRST_ID + (long) f * rows + r);
      csv.append(String.join(",", line)).append('\n');
    }
    AtomicLanding.write(
        landing.resolve("bookings"), String.format("bookings-fresh-%05d.csv", f), csv.toString());
    return System.currentTimeMillis();
  }

  private void report(long[] landed, long[][] committed) {
    String[] hops = {"landing to bronze", "bronze to silver", "silver to gold"};
    List<Long> total = new ArrayList<>();
    List<List<Long>> perHop = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    out.println("file   bronze ms  silver ms  gold ms   (after landing)");
    for (int f = 0; f < landed.length; f++) {
      long previous = landed[f];
      for (int l = 0; l < hops.length; l++) {
        perHop.get(l).add(committed[l][f] - previous);
        previous = committed[l][f];
      }
      total.add(committed[2][f] - landed[f]);
      out.printf(
          "%4d %11d %10d %8d%n",
          f, committed[0][f] - landed[f], committed[1][f] - landed[f], committed[2][f] - landed[f]);
    }
    out.printf("landing to gold:   %s%n", Percentiles.of(total));
    for (int l = 0; l < hops.length; l++) {
      out.printf("%-18s %s%n", hops[l] + ":", Percentiles.of(perHop.get(l)));
    }
    out.flush();
  }

  /** Polls gold's live booking count, so the benchmark knows when every landed row is there. */
  private static final class LandedIds {
    private final LakehouseCatalog catalog;
    private final TableIdentifier table;

    LandedIds(LakehouseCatalog catalog, TableIdentifier table) {
      this.catalog = catalog;
      this.table = table;
    }

    void await(long expected, Duration deadline, RunningPipeline jobs) throws Exception {
      long end = System.nanoTime() + deadline.toNanos();
      long rows = -1;
      while (System.nanoTime() < end) {
        if (jobs.anyJobEnded().isDone()) {
          jobs.anyJobEnded().get(); // rethrows a job's failure
          throw new IllegalStateException(
              "A job of the pipeline ended while the freshness benchmark waited for " + table);
        }
        Table current = catalog.loadTable(table);
        rows = LiveRows.count(current, List.of("booking_id"));
        if (rows == expected) {
          return;
        }
        if (rows > expected) {
          throw new IllegalStateException(
              table + " holds " + rows + " rows, more than the " + expected + " landed: doubled");
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException(
          table
              + " held "
              + rows
              + " of "
              + expected
              + " rows after "
              + deadline.toSeconds()
              + " s");
    }
  }
}
