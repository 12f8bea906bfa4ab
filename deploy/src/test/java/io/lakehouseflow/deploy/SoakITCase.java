package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SnapshotSummaries;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.maintenance.MaintenanceOptions;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import io.lakehouseflow.deploy.run.RunningPipeline;
import io.lakehouseflow.sampledata.AtomicLanding;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soak sized for a 2-core CI machine: the flights pipeline runs continuously with 1 s checkpoints
 * and its maintenance job on, while a bookings file lands every second for {@link #LANDINGS}
 * seconds (one file a second). Every checkpoint commits to every layer that received rows, so
 * without maintenance each table would hold a data file per commit. While files land, each bookings
 * table stays under {@link #DATA_FILE_BOUND_WHILE_LANDING} data files. At the end: every landed row
 * is in bronze, silver and gold exactly once; every table's data files are under {@link
 * #DATA_FILE_BOUND}; snapshots older than the policy's age are expired; and streaming gold equals a
 * batch rebuild row for row.
 */
class SoakITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  /**
   * Two and a half minutes of landings in CI, about four minutes in all on a 2-core machine; {@code
   * -Dsoak.landings=N} soaks longer.
   */
  private static final int LANDINGS = Integer.getInteger("soak.landings", 150);

  /** Compaction every 10 commits keeps a table near 10 files plus what came since. */
  private static final int DATA_FILE_BOUND = 30;

  /**
   * While files land, compaction runs behind the writers; without it a bookings table would hold a
   * data file per landing ({@link #LANDINGS}) by the end.
   */
  private static final int DATA_FILE_BOUND_WHILE_LANDING = 60;

  private static final String MAINTENANCE =
      """

      maintenance:
        bronze: {rewrite_after_commits: 10, expire_snapshots_older_than: 30 s, retain_last: 5}
        silver: {rewrite_after_commits: 10, expire_snapshots_older_than: 30 s, retain_last: 5}
        gold: {rewrite_after_commits: 10, expire_snapshots_older_than: 30 s, retain_last: 5}
      """;

  private static final Duration DEADLINE = Duration.ofMinutes(5);

  /** The bookings tables every landing commits to; the others see no new rows. */
  private static final List<TableIdentifier> WATCHED =
      List.of(
          TableNames.bronze("bookings"), TableNames.silver("bookings"), TableNames.fact("booking"));

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void filesLandingEverySecondWithMaintenanceStayBoundedAndExact() throws Exception {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            Files.readString(Path.of("..", "sample-data", "flights", "pipeline.yaml"))
                + MAINTENANCE,
            "flights-soak.yaml");
    DataLayout layout = new DataLayout(dataDir);
    Path landing = layout.resolve(spec.landing());
    GeneratedSample sample = FlightsGenerator.builder().seed(3).scale(1).build().generate(landing);
    PipelineRun run =
        PipelineRun.of(spec, layout, RunMode.CONTINUOUS)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
            .with(MaintenanceOptions.RATE_LIMIT, Duration.ofSeconds(5))
            .with(MaintenanceOptions.LOCK_CHECK_DELAY, Duration.ofMillis(500));
    LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), layout);
    long bookingLines = sample.rowsWritten("bookings");
    long quarantined = sample.quarantinedBookings() + sample.malformedLines("bookings");
    List<String> template = Files.readAllLines(sample.files().get("bookings").get(0));
    String[] generated = template.get(1).split(",", -1);
    // A known customer and flight, values that pass every expectation (as
    // ContinuousPipelineITCase).
    String[] line = {
      "", generated[1], generated[2], "2024-03-01T10:00:00", "2", "120.00", "EUR", "CONFIRMED"
    };
    Map<TableIdentifier, Long> firstSnapshots = new HashMap<>();

    PipelineRunner runner = PipelineRunner.allLayers(run);
    try (RunningPipeline jobs = runner.start()) {
      BookingCounts.await(
          converging(),
          catalog,
          List.of(
              bookingLines,
              (long) sample.validBookings(),
              quarantined,
              (long) sample.validBookings(),
              (long) sample.customerVersions()));
      for (TableIdentifier table : WATCHED) {
        firstSnapshots.put(table, catalog.loadTable(table).currentSnapshot().snapshotId());
      }
      Map<TableIdentifier, Long> mostFiles = new HashMap<>();
      long next = System.nanoTime();
      for (int i = 0; i < LANDINGS; i++) {
        for (TableIdentifier table : WATCHED) {
          mostFiles.merge(table, dataFiles(catalog.loadTable(table)), Math::max);
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
          // The landing rate is the load under test, not a wait for a result.
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        land(landing, template.get(0), line, 800_000_000L + 2L * i);
        next += TimeUnit.SECONDS.toNanos(1);
      }
      List<Long> expected =
          List.of(
              bookingLines + 2L * LANDINGS,
              sample.validBookings() + 2L * LANDINGS,
              quarantined,
              sample.validBookings() + 2L * LANDINGS,
              (long) sample.customerVersions());
      System.out.println("Most data files while landing: " + mostFiles);
      assertThat(mostFiles)
          .as("most data files of each bookings table while files landed")
          .allSatisfy(
              (table, files) -> assertThat(files).isLessThan(DATA_FILE_BOUND_WHILE_LANDING));
      BookingCounts.await(converging(), catalog, expected);
      // Maintenance catches up behind the writers: compaction and expiry within the deadline.
      converging()
          .untilAsserted(
              () -> {
                for (TableIdentifier table : runner.writes()) {
                  assertThat(dataFiles(catalog.loadTable(table)))
                      .as("data files of %s", table)
                      .isLessThan(DATA_FILE_BOUND);
                }
                for (TableIdentifier table : WATCHED) {
                  assertThat(snapshotIds(catalog.loadTable(table)))
                      .as("snapshots of %s expired past 30 s", table)
                      .doesNotContain(firstSnapshots.get(table));
                }
              });
      assertThat(BookingCounts.of(catalog)).isEqualTo(expected);
    }

    // Streaming gold equals a batch rebuild of the same silver, row for row.
    SqlQuery query = SqlQuery.over(catalog);
    List<Row> facts = query.execute("SELECT * FROM gold.fact_booking").rows();
    List<Row> customers = query.execute("SELECT * FROM gold.dim_customer").rows();
    PipelineRunner.of(run.with(LakehouseOptions.MODE, RunMode.AVAILABLE_NOW), List.of(Layer.GOLD))
        .runAvailableNow(layer -> {});
    assertThat(query.execute("SELECT * FROM gold.fact_booking").rows())
        .containsExactlyInAnyOrderElementsOf(facts);
    assertThat(query.execute("SELECT * FROM gold.dim_customer").rows())
        .containsExactlyInAnyOrderElementsOf(customers);
  }

  /** Two valid bookings copied from a generated one under new ids, as a new file, atomically. */
  private static void land(Path landing, String header, String[] template, long firstId)
      throws Exception {
    StringBuilder csv = new StringBuilder(header).append('\n');
    for (long id = firstId; id < firstId + 2; id++) {
      String[] line = template.clone();
      line[0] = Long.toString(id);
      csv.append(String.join(",", line)).append('\n');
    }
    AtomicLanding.write(
        landing.resolve("bookings"), "bookings-soak-" + firstId + ".csv", csv.toString());
  }

  private static long dataFiles(Table table) {
    table.refresh();
    return SnapshotSummaries.count(table.currentSnapshot(), SnapshotSummary.TOTAL_DATA_FILES_PROP);
  }

  private static List<Long> snapshotIds(Table table) {
    table.refresh();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .map(Snapshot::snapshotId)
        .toList();
  }

  private static org.awaitility.core.ConditionFactory converging() {
    return await().atMost(DEADLINE).pollInterval(Duration.ofSeconds(1));
  }
}
