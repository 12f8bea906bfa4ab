package io.lakehouseflow.modeling;

import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RetainedCheckpoint;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.modeling.reference.GoldReference;
import io.lakehouseflow.modeling.reference.LandingFile;
import io.lakehouseflow.modeling.reference.SilverHistories;
import io.lakehouseflow.modeling.reference.SilverHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.util.MiniClusterWithClientResource;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The gold job equals {@link GoldReference} on random silver inputs ({@link SilverHistories}):
 * their landing files are appended to real silver tables in a shuffled arrival order and in
 * batches, and after each available-now run, or once a continuous job restarted from its retained
 * checkpoint has consumed everything, every gold table must hold exactly the reference's rows.
 *
 * <p>jqwik runs these properties on its own JUnit platform engine, which Jupiter extensions do not
 * reach: the shared MiniCluster is started per class here, directories are made per try, and every
 * wait has a deadline. On a failure jqwik reports the (shrunk) sample and the seed to rerun it
 * with.
 */
class GoldEqualsReferenceITCase {
  /** Generous for a loaded 2-core machine: a streaming job starts and upserts in seconds. */
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  private static final Duration INTERVAL = Duration.ofMillis(500);

  /** Ingestion times follow arrival, never landing order. */
  private static final Instant FIRST_ARRIVAL = Instant.parse("2024-06-01T00:00:00Z");

  private static MiniClusterWithClientResource flink;

  @BeforeContainer
  static void startFlink() throws Exception {
    flink = new MiniClusterWithClientResource(LakehouseMiniCluster.configuration());
    flink.before();
  }

  @AfterContainer
  static void stopFlink() {
    if (flink != null) {
      flink.after();
    }
  }

  @Provide
  Arbitrary<SilverHistory> batchHistories() {
    return SilverHistories.histories(1, 3);
  }

  @Provide
  Arbitrary<SilverHistory> streamingHistories() {
    return SilverHistories.histories(2, 3);
  }

  @Property(tries = 6, edgeCases = EdgeCasesMode.NONE)
  void availableNowEqualsTheReferenceAfterEveryRun(@ForAll("batchHistories") SilverHistory history)
      throws Exception {
    Path dir = Files.createTempDirectory("gold-reference-");
    try {
      // Each run resumes from the checkpoint the one before ended on, as the CLI's runs do.
      PipelineRun run =
          PipelineRun.of(history.spec(), new DataLayout(dir), RunMode.AVAILABLE_NOW)
              .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
      try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
        lakehouse.createSilverTables();
        Arrivals arrivals = new Arrivals(lakehouse);
        for (int batch = 1; batch <= history.batches().size(); batch++) {
          arrivals.append(history.batches().get(batch - 1));
          GoldJob.forRun(run).runToCompletion();
          assertGoldEqualsReference(
              lakehouse, history, batch, "after available-now run " + batch + " (one per batch)");
        }
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  /**
   * Batches arrive while the job runs; after the first half the job is cancelled once gold has
   * caught up, the next batch arrives while it is down, and it is submitted again, restoring its
   * retained checkpoint.
   */
  @Property(tries = 2, edgeCases = EdgeCasesMode.NONE)
  void continuousEqualsTheReferenceAcrossARestart(
      @ForAll("streamingHistories") SilverHistory history) throws Exception {
    collectSize(history);
    Path dir = Files.createTempDirectory("gold-reference-");
    PipelineRun run =
        PipelineRun.of(history.spec(), new DataLayout(dir), RunMode.CONTINUOUS)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, INTERVAL)
            .with(LakehouseOptions.DISCOVERY_INTERVAL, INTERVAL)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
    int batches = history.batches().size();
    int restartAfter = batches / 2;
    JobClient job = null;
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      Arrivals arrivals = new Arrivals(lakehouse);
      arrivals.append(history.batches().get(0));
      job = GoldJob.forRun(run).submit();
      for (int batch = 2; batch <= batches; batch++) {
        if (batch - 1 == restartAfter) {
          awaitGoldEqualsReference(
              lakehouse, history, batch - 1, "before the restart, after batch " + (batch - 1));
          awaitCheckpointAfter(run, newestCheckpoint(run));
          LakehouseMiniCluster.cancel(job);
          job = null;
          arrivals.append(history.batches().get(batch - 1));
          job = GoldJob.forRun(run).submit();
        } else {
          arrivals.append(history.batches().get(batch - 1));
        }
      }
      awaitGoldEqualsReference(lakehouse, history, batches, "after the restart and all batches");
    } finally {
      if (job != null) {
        LakehouseMiniCluster.cancel(job);
      }
      deleteRecursively(dir);
    }
  }

  /** Reported by jqwik after the property: how large the inputs were. */
  private static void collectSize(SilverHistory history) {
    Statistics.label("silver rows (by 25)").collect(history.rowCount() / 25 * 25);
    Statistics.label("batches").collect(history.batches().size());
  }

  /** Appends landing files to silver, one commit each, with ingestion times in arrival order. */
  private static final class Arrivals {
    private final TestingLakehouse lakehouse;
    private int arrived;

    Arrivals(TestingLakehouse lakehouse) {
      this.lakehouse = lakehouse;
    }

    void append(List<LandingFile> files) {
      for (LandingFile file : files) {
        Instant ingestedAt = FIRST_ARRIVAL.plus(Duration.ofMinutes(arrived++));
        lakehouse.appendSilver(file.table(), file.name(), ingestedAt, file.rows());
      }
    }
  }

  // ---- comparison with the reference ----

  private static void awaitGoldEqualsReference(
      TestingLakehouse lakehouse, SilverHistory history, int batches, String when) {
    Map<TableIdentifier, List<List<Object>>> expected = expected(history, batches);
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofSeconds(1))
        .alias("gold equal to the reference " + when)
        .untilAsserted(() -> assertEqual(lakehouse, expected, batches, when));
  }

  private static void assertGoldEqualsReference(
      TestingLakehouse lakehouse, SilverHistory history, int batches, String when) {
    assertEqual(lakehouse, expected(history, batches), batches, when);
  }

  private static Map<TableIdentifier, List<List<Object>>> expected(
      SilverHistory history, int batches) {
    return GoldReference.expectedGold(
        history.spec(), history.silverRows(batches, TestingLakehouse::sourceFile));
  }

  private static void assertEqual(
      TestingLakehouse lakehouse,
      Map<TableIdentifier, List<List<Object>>> expected,
      int batches,
      String when) {
    String differences = differences(lakehouse, expected);
    if (!differences.isEmpty()) {
      throw new AssertionError(
          "Gold differs from the reference "
              + when
              + ", over the silver rows of batches 1.."
              + batches
              + ":"
              + differences);
    }
  }

  /**
   * What differs, table by table: the reference's rows gold lacks and the rows gold has beyond them
   * (as multisets); empty when every table is equal.
   */
  private static String differences(
      TestingLakehouse lakehouse, Map<TableIdentifier, List<List<Object>>> expected) {
    StringBuilder out = new StringBuilder();
    expected.forEach(
        (table, rows) -> {
          if (!lakehouse.exists(table)) {
            out.append("\n")
                .append(table)
                .append(": no such table (expected ")
                .append(rows.size())
                .append(" rows)");
            return;
          }
          List<List<Object>> actual = lakehouse.read(table);
          List<List<Object>> missing = minus(rows, actual);
          List<List<Object>> extra = minus(actual, rows);
          if (missing.isEmpty() && extra.isEmpty()) {
            return;
          }
          out.append("\n")
              .append(table)
              .append(" ")
              .append(lakehouse.columnNames(table))
              .append(": expected ")
              .append(rows.size())
              .append(" rows, read ")
              .append(actual.size());
          missing.forEach(r -> out.append("\n  missing: ").append(r));
          extra.forEach(r -> out.append("\n  extra:   ").append(r));
        });
    return out.toString();
  }

  /** The rows of {@code a} left after removing one occurrence of each row of {@code b}, sorted. */
  private static List<List<Object>> minus(List<List<Object>> a, List<List<Object>> b) {
    List<List<Object>> remaining = new ArrayList<>(b);
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> row : a) {
      if (!remaining.remove(row)) {
        out.add(row);
      }
    }
    out.sort(Comparator.comparing(Object::toString));
    return out;
  }

  // ---- checkpoints and files ----

  private static long newestCheckpoint(PipelineRun run) {
    return RetainedCheckpoint.under(run.checkpoints(GoldJob.NAME)).stream()
        .mapToLong(RetainedCheckpoint::id)
        .max()
        .orElse(0);
  }

  /** Waits for a checkpoint newer than {@code id}, so the restore includes what gold shows. */
  private static void awaitCheckpointAfter(PipelineRun run, long id) {
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(200))
        .alias("a retained gold checkpoint after chk-" + id)
        .until(() -> newestCheckpoint(run) > id);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete test directory " + dir, e);
    }
  }
}
