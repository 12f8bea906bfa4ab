package io.lakehouseflow.deploy.bench;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SilverCommits;
import io.lakehouseflow.core.catalog.SnapshotSummaries;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.modeling.GoldJob;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * {@code lakehouse bench model}: times the gold job on synthetic silver data, {@code keys} accounts
 * with {@code changes} changes each (SCD2, late changes and deletes included) and {@code facts}
 * events referencing them, and prints what a user sizing gold needs: the first build, an increment
 * of 1% more data (incremental available-now), a full rebuild for comparison, the latency from a
 * silver commit to the gold commit that reflects it (continuous, 1 s checkpoints), the size of the
 * state kept between runs and the process's peak memory.
 */
public final class ModelBench {
  static final String SPEC =
      """
      name: bench-model
      sources:
        accounts:
          operation: {column: op}
          columns: {account_id: bigint, op: string, email: string, tier: string, updated_at: timestamp}
        events:
          columns: {event_id: bigint, account_id: bigint, happened_at: timestamp, amount: "decimal(12,2)"}
      silver:
        accounts: {source: accounts}
        events: {source: events}
      dimensions:
        account:
          source: accounts
          key: [account_id]
          scd: 2
          attributes: [email, tier]
          track: [tier]
          sequence_by: updated_at
      facts:
        event:
          source: events
          grain: [event_id]
          event_time: happened_at
          measures: [amount]
          dimensions:
            - {dimension: account, columns: [account_id]}
      """;

  private static final LocalDateTime START = LocalDateTime.parse("2024-01-01T00:00");
  private static final String[] TIERS = {"BRONZE", "SILVER", "GOLD"};
  private static final int LATENCY_SAMPLES = 5;

  private final int keys;
  private final int changes;
  private final int facts;
  private final Path dir;
  private final PrintStream out;
  private final Random random = new Random(42);
  private long nextEvent;
  private int nextFile;

  public ModelBench(int keys, int changes, int facts, Path dir, PrintStream out) {
    this.keys = keys;
    this.changes = changes;
    this.facts = facts;
    this.dir = dir;
    this.out = out;
  }

  public void run() throws Exception {
    PipelineSpec spec = PipelineSpecLoader.parse(SPEC, "bench-model.yaml");
    // Runs resume from the state the one before kept, as the CLI's do.
    PipelineRun batch =
        PipelineRun.of(spec, new DataLayout(dir), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
    try (LakehouseCatalog catalog = batch.catalog()) {
      for (String table : spec.silver().keySet()) {
        catalog.createTableIfAbsent(LayerSchemas.silver(spec, table), Map.of());
      }
      SilverCommits silver = new SilverCommits(catalog);
      out.printf(
          "bench model: %d keys x %d changes, %d facts, parallelism %d, under %s%n",
          keys, changes, facts, batch.options().get(LakehouseOptions.PARALLELISM), dir);
      appendChanges(silver, keys, changes);
      appendFacts(silver, facts);
      long rows = (long) keys * changes + facts;

      double first = BenchFigures.timed(() -> GoldJob.forRun(batch).runToCompletion());
      out.printf(
          "first build (incremental, no state): %8.1f s  %,10.0f silver rows/s%n",
          first, rows / first);

      int moreChanges = Math.max(1, keys * changes / 100);
      int moreFacts = Math.max(1, facts / 100);
      appendLateChanges(silver, moreChanges);
      appendFacts(silver, moreFacts);
      double increment = BenchFigures.timed(() -> GoldJob.forRun(batch).runToCompletion());
      out.printf(
          "+1%% (%d changes, %d facts), incremental: %8.1f s  (%.0f%% of the first build)%n",
          moreChanges, moreFacts, increment, 100 * increment / first);

      // Measured before the rebuild, which discards the state incremental runs kept.
      double state =
          BenchFigures.bytesUnder(Path.of(batch.checkpoints(GoldJob.NAME).toUri())) / 1048576.0;
      double rebuild =
          BenchFigures.timed(
              () ->
                  GoldJob.forRun(batch.with(LakehouseOptions.GOLD_REBUILD, true))
                      .runToCompletion());
      out.printf("rebuild (batch, all of silver):       %8.1f s%n", rebuild);
      out.printf(
          "state kept between runs: %.1f MiB under %s%n", state, batch.checkpoints(GoldJob.NAME));

      latency(spec, catalog, silver);
    }
    out.printf("peak memory of this process (VmHWM): %s%n", BenchFigures.peakMemory());
  }

  /** Continuous gold from scratch; once caught up, one fact per silver commit, timed by commits. */
  private void latency(PipelineSpec spec, LakehouseCatalog catalog, SilverCommits silver)
      throws Exception {
    PipelineRun continuous =
        PipelineRun.of(spec, new DataLayout(dir), RunMode.CONTINUOUS)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofSeconds(1));
    long submitted = System.currentTimeMillis();
    JobClient job = GoldJob.forRun(continuous).submit();
    try {
      Table facts = catalog.loadTable(TableNames.fact("event"));
      // The continuous job keeps its own state, apart from available-now runs: it starts by
      // reading all of silver, and its first commit adding fact rows holds all of them.
      Snapshot first = awaitGoldCommitAfter(facts, submitted);
      out.printf(
          "continuous start without state, first gold commit: %.1f s after submission%n",
          (first.timestampMillis() - submitted) / 1e3);
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < LATENCY_SAMPLES; i++) {
        Snapshot commit = appendFacts(silver, 1);
        Snapshot gold = awaitGoldCommitAfter(facts, commit.timestampMillis());
        latencies.add(gold.timestampMillis() - commit.timestampMillis());
      }
      latencies.sort(Long::compare);
      out.printf(
          "silver commit to gold commit (1 s checkpoints, %d samples): min %d ms, median %d ms,"
              + " max %d ms%n",
          latencies.size(),
          latencies.get(0),
          latencies.get(latencies.size() / 2),
          latencies.get(latencies.size() - 1));
    } finally {
      job.cancel().get();
    }
  }

  /**
   * The earliest gold commit adding rows at or after {@code sinceMillis}, the one that reflects
   * what silver committed then; polls the table's metadata.
   */
  private static Snapshot awaitGoldCommitAfter(Table gold, long sinceMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      gold.refresh();
      Snapshot found = null;
      for (Snapshot s = gold.currentSnapshot(); s != null; s = parent(gold, s)) {
        if (s.timestampMillis() < sinceMillis) {
          break;
        }
        if (SnapshotSummaries.count(s, SnapshotSummary.ADDED_RECORDS_PROP) > 0) {
          found = s;
        }
      }
      if (found != null) {
        return found;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "Gold committed no rows within 10 minutes after "
            + java.time.Instant.ofEpochMilli(sinceMillis));
  }

  private static Snapshot parent(Table table, Snapshot snapshot) {
    return snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
  }

  private void appendChanges(SilverCommits silver, int keyCount, int perKey) {
    List<List<Object>> rows = new ArrayList<>(keyCount * perKey);
    for (long key = 0; key < keyCount; key++) {
      for (int c = 0; c < perKey; c++) {
        rows.add(change(key, START.plusDays(c * 7L + random.nextInt(7))));
      }
    }
    java.util.Collections.shuffle(rows, random);
    silver.append("accounts", "accounts-" + nextFile++ + ".csv", java.time.Instant.now(), rows);
  }

  /** Changes of random keys, half of them late (before the key's latest change). */
  private void appendLateChanges(SilverCommits silver, int count) {
    List<List<Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int days =
          random.nextBoolean() ? changes * 7 + random.nextInt(30) : random.nextInt(changes * 7);
      rows.add(
          change(random.nextInt(keys), START.plusDays(days).plusMinutes(random.nextInt(1440))));
    }
    silver.append("accounts", "accounts-" + nextFile++ + ".csv", java.time.Instant.now(), rows);
  }

  private List<Object> change(long key, LocalDateTime at) {
    String op = random.nextInt(20) == 0 ? "D" : "U";
    return Arrays.asList(
        key,
        op,
        "a" + key + "-" + random.nextInt(3) + "@x",
        TIERS[random.nextInt(TIERS.length)],
        at);
  }

  private Snapshot appendFacts(SilverCommits silver, int count) {
    List<List<Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(
          Arrays.asList(
              nextEvent++,
              (long) random.nextInt(keys + keys / 10 + 1), // some unknown accounts
              START.plusMinutes(random.nextInt(Math.max(1, changes) * 7 * 1440)),
              BigDecimal.valueOf(random.nextInt(100_000), 2)));
    }
    return silver.append("events", "events-" + nextFile++ + ".csv", java.time.Instant.now(), rows);
  }
}
