package io.lakehouseflow.deploy.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SilverCommits;
import io.lakehouseflow.core.catalog.SnapshotSummaries;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.catalog.TableStatus;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import io.lakehouseflow.deploy.run.RunningPipeline;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table maintenance beside writers: a continuous gold job keeps upserting while the pipeline's
 * maintenance job compacts and expires its tables, and {@code lakehouse maintain} compacts silver
 * tables of many small files that gold then keeps reading incrementally. Nothing is lost or
 * doubled, no writer commit fails, and gold equals a batch rebuild.
 */
class MaintenanceITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String SPEC =
      """
      name: maintained
      sources:
        accounts:
          columns: {account_id: bigint, email: string, tier: string, updated_at: timestamp}
        events:
          columns: {event_id: bigint, account_id: bigint, happened_at: timestamp, amount: "decimal(12,2)"}
      silver:
        accounts: {source: accounts}
        events: {source: events}
      dimensions:
        account:
          source: accounts
          key: [account_id]
          scd: 1
          attributes: [email, tier]
          sequence_by: updated_at
      facts:
        event:
          source: events
          grain: [event_id]
          event_time: happened_at
          measures: [amount]
          dimensions:
            - {dimension: account, columns: [account_id]}
      maintenance:
        gold: {rewrite_after_commits: 3, rewrite_after_data_files: 4, expire_snapshots_older_than: 0 s, retain_last: 4}
        silver: {expire_snapshots_older_than: 0 s, retain_last: 2, delete_orphans_after: 1 h}
      """;

  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final LocalDateTime START = LocalDateTime.parse("2024-01-01T00:00");
  private static final int KEYS = 20;

  /** Rounds of upserts beside the maintenance job: compaction is due every 3 commits. */
  private static final int ROUNDS = 3;

  private static final TableIdentifier FACTS = TableNames.fact("event");
  private static final TableIdentifier ACCOUNTS = TableNames.dimension("account");

  @TempDir Path dataDir;

  private long nextEvent;
  private int nextFile;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void compactsBesideContinuousUpsertsAndOnDemandWithoutLosingOrDoublingRows() throws Exception {
    PipelineSpec spec = PipelineSpecLoader.parse(SPEC, "maintained.yaml");
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(dataDir), RunMode.CONTINUOUS)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(500))
            .with(MaintenanceOptions.RATE_LIMIT, Duration.ofSeconds(1))
            .with(MaintenanceOptions.LOCK_CHECK_DELAY, Duration.ofMillis(200));
    try (LakehouseCatalog catalog = run.catalog()) {
      for (String table : spec.silver().keySet()) {
        catalog.createTableIfAbsent(LayerSchemas.silver(spec, table), Map.of());
      }
      SilverCommits silver = new SilverCommits(catalog);
      appendAccounts(silver, 0);
      appendEvents(silver, 10);

      // Continuous gold, and beside it the maintenance job PipelineRunner starts for its tables.
      Map<Long, Long> addedByWriter = new HashMap<>();
      Set<String> operations = new HashSet<>();
      Set<JobStatus> statuses = new HashSet<>();
      Snapshot firstFactSnapshot;
      try (RunningPipeline pipeline = PipelineRunner.of(run, List.of(Layer.GOLD)).start()) {
        assertThat(pipeline.jobs()).hasSize(2);
        awaitFacts(catalog, nextEvent);
        firstFactSnapshot = oldest(catalog.loadTable(FACTS));
        for (int round = 1; round <= ROUNDS; round++) {
          // Each round updates every account (an upsert, so equality deletes) and adds events.
          appendAccounts(silver, round);
          appendEvents(silver, 5);
          awaitFacts(catalog, nextEvent);
          awaitTier(catalog, round);
          record(catalog.loadTable(FACTS), addedByWriter, operations);
          for (JobClient job : pipeline.jobs()) {
            statuses.add(job.getJobStatus().get());
          }
        }
        Table facts = catalog.loadTable(FACTS);
        // The writer commits every checkpoint, so expiry (due every 3 commits, keeping 4) soon
        // removes the first snapshot once compaction added its own.
        long first = firstFactSnapshot.snapshotId();
        converging()
            .alias("a compaction of " + FACTS + " committed beside the writer, then an expiry")
            .until(
                () -> {
                  record(facts, addedByWriter, operations);
                  return operations.contains(DataOperations.REPLACE)
                      && facts.snapshot(first) == null;
                });
        for (JobClient job : pipeline.jobs()) {
          statuses.add(job.getJobStatus().get());
        }
      }
      // No writer commit failed: a failed commit fails the job, which then restarts.
      assertThat(statuses).containsOnly(JobStatus.RUNNING);
      Table facts = catalog.loadTable(FACTS);
      TableStatus factStatus = TableStatus.of(FACTS, facts);
      long added = addedByWriter.values().stream().mapToLong(Long::longValue).sum();
      assertThat(factStatus.dataFiles()).isLessThan(added);
      // Expired per the policy (0 s, keep 4): the first snapshot is gone, few are kept.
      assertThat(facts.snapshot(firstFactSnapshot.snapshotId())).isNull();
      assertThat(factStatus.snapshots()).isLessThanOrEqualTo(4 + 3 + 2);
      assertFactsExactly(catalog, nextEvent);

      // On demand: silver.events holds one small file per commit, and an orphan older than 1 h.
      TableIdentifier events = TableNames.silver("events");
      Table silverEvents = catalog.loadTable(events);
      Path orphan = Path.of(silverEvents.location(), "data", "orphan-from-a-failed-write.parquet");
      Files.createDirectories(orphan.getParent());
      Files.writeString(orphan, "not referenced");
      Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
      List<List<Object>> eventsBefore = TableContents.of(silverEvents).values();
      OnDemandMaintenance maintenance = OnDemandMaintenance.of(run, catalog);
      MaintenanceResult result = maintenance.maintain(events);
      System.out.print(result.describe());
      assertThat(result.before().dataFiles()).isEqualTo(1 + ROUNDS);
      assertThat(result.after().dataFiles()).isEqualTo(1);
      assertThat(result.after().snapshots()).isEqualTo(2);
      assertThat(result.snapshotsExpired()).isEqualTo(result.before().snapshots() + 1 - 2);
      assertThat(result.orphansRemoved().orElseThrow()).isGreaterThanOrEqualTo(1);
      assertThat(orphan).doesNotExist();
      assertThat(result.rowsUnchanged()).isTrue();
      assertThat(TableContents.of(catalog, events).values())
          .containsExactlyInAnyOrderElementsOf(eventsBefore);
      // Gold resumes from its checkpoint, whose silver position lies before the compaction (a
      // replace snapshot, which its source skips): it reads the new rows once, and no old one.
      try (RunningPipeline pipeline = PipelineRunner.of(run, List.of(Layer.GOLD)).start()) {
        appendAccounts(silver, ROUNDS + 1);
        appendEvents(silver, 5);
        awaitFacts(catalog, nextEvent);
        awaitTier(catalog, ROUNDS + 1);
      }
      assertFactsExactly(catalog, nextEvent);

      // Gold equals a batch rebuild from all of silver.
      List<List<Object>> streamedFacts = TableContents.of(catalog, FACTS).values();
      List<List<Object>> streamedAccounts = TableContents.of(catalog, ACCOUNTS).values();
      PipelineRunner.of(
              run.with(LakehouseOptions.MODE, RunMode.AVAILABLE_NOW)
                  .with(LakehouseOptions.GOLD_REBUILD, true),
              List.of(Layer.GOLD))
          .runAvailableNow(layer -> {});
      assertThat(TableContents.of(catalog, FACTS).values())
          .containsExactlyInAnyOrderElementsOf(streamedFacts);
      assertThat(TableContents.of(catalog, ACCOUNTS).values())
          .containsExactlyInAnyOrderElementsOf(streamedAccounts);
    }
  }

  /** Every account with tier {@code T<round>}. */
  private void appendAccounts(SilverCommits silver, int round) {
    List<List<Object>> rows = new ArrayList<>();
    for (long key = 0; key < KEYS; key++) {
      rows.add(
          Arrays.asList(
              key, "a" + key + "@x", "T" + round, START.plusDays(round).plusMinutes(key)));
    }
    silver.append("accounts", "accounts-" + nextFile++ + ".csv", Instant.now(), rows);
  }

  private void appendEvents(SilverCommits silver, int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = nextEvent++;
      rows.add(
          Arrays.asList(
              id,
              id % KEYS,
              START.plusDays(id % 40).plusHours(id % 24),
              BigDecimal.valueOf(id, 2)));
    }
    silver.append("events", "events-" + nextFile++ + ".csv", Instant.now(), rows);
  }

  private static void awaitFacts(LakehouseCatalog catalog, long count) {
    converging()
        .alias(FACTS + " holds " + count + " events")
        .until(() -> TableContents.of(catalog, FACTS).values().size() == count);
  }

  private static void awaitTier(LakehouseCatalog catalog, int round) {
    converging()
        .alias("every account of " + ACCOUNTS + " has tier T" + round)
        .until(
            () ->
                TableContents.of(catalog, ACCOUNTS).lines("tier").stream()
                    .filter(tier -> !tier.equals("null"))
                    .allMatch(tier -> tier.equals("T" + round)));
  }

  /** Exactly one row per event, whatever compaction did. */
  private static void assertFactsExactly(LakehouseCatalog catalog, long count) {
    List<String> ids = TableContents.of(catalog, FACTS).lines("event_id");
    assertThat(ids).hasSize((int) count).doesNotHaveDuplicates();
  }

  /** Notes the data files each writer snapshot added and the operations seen. */
  private static void record(Table table, Map<Long, Long> addedByWriter, Set<String> operations) {
    table.refresh();
    for (Snapshot s : table.snapshots()) {
      operations.add(s.operation());
      if (!DataOperations.REPLACE.equals(s.operation())) {
        addedByWriter.put(
            s.snapshotId(), SnapshotSummaries.count(s, SnapshotSummary.ADDED_FILES_PROP));
      }
    }
  }

  private static Snapshot oldest(Table table) {
    table.refresh();
    Snapshot oldest = null;
    for (Snapshot s : table.snapshots()) {
      if (oldest == null || s.sequenceNumber() < oldest.sequenceNumber()) {
        oldest = s;
      }
    }
    return oldest;
  }

  private static ConditionFactory converging() {
    return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250));
  }
}
