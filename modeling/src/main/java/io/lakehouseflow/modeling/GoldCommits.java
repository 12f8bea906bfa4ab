package io.lakehouseflow.modeling;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.sink.SinkUtil;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until every gold table holds the Iceberg commit of a completed checkpoint. Iceberg's Flink
 * committer commits once Flink has told it the checkpoint is complete, after the checkpoint itself,
 * and records in each snapshot's summary the job and the highest checkpoint id it covers. A gold
 * table commits even a checkpoint without changes while an incremental run writes it (see {@link
 * io.lakehouseflow.modeling.sql.GoldTable#commitEveryCheckpoint}), so every table gets a commit.
 */
final class GoldCommits {
  private static final Logger LOG = LoggerFactory.getLogger(GoldCommits.class);

  private static final Duration POLL = Duration.ofMillis(100);

  private final LakehouseCatalog catalog;
  private final List<TableIdentifier> tables;

  GoldCommits(LakehouseCatalog catalog, List<TableIdentifier> tables) {
    this.catalog = catalog;
    this.tables = List.copyOf(tables);
  }

  /**
   * Blocks until each table's newest commit by {@code job} covers {@code checkpoint}.
   *
   * @throws IllegalStateException when the job stops first, or after {@code deadline}
   */
  void await(JobClient job, long checkpoint, Duration deadline) throws Exception {
    long until = System.nanoTime() + deadline.toNanos();
    Map<TableIdentifier, Long> behind = lagging(job.getJobID(), checkpoint);
    while (!behind.isEmpty()) {
      if (job.getJobStatus().get().isGloballyTerminalState()) {
        throw new IllegalStateException(
            "Gold job "
                + job.getJobID()
                + " stopped before it committed checkpoint "
                + checkpoint
                + " to "
                + behind.keySet()
                + "; the next run resumes from the last checkpoint it committed. Run again.");
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            "Gold job "
                + job.getJobID()
                + " completed checkpoint "
                + checkpoint
                + " but has not committed it within "
                + deadline.toSeconds()
                + " s to "
                + behind
                + " (table: highest checkpoint committed). Check the task manager log for"
                + " Iceberg commit failures, then run again.");
      }
      Thread.sleep(POLL.toMillis());
      behind = lagging(job.getJobID(), checkpoint);
    }
    LOG.info(
        "Gold job {} committed checkpoint {} to {} tables",
        job.getJobID(),
        checkpoint,
        tables.size());
  }

  /**
   * Per table not yet holding {@code checkpoint}, the highest checkpoint of {@code job} it does.
   */
  private Map<TableIdentifier, Long> lagging(JobID job, long checkpoint) {
    Map<TableIdentifier, Long> behind =
        new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (TableIdentifier id : tables) {
      long committed = committed(catalog.loadTable(id), job.toString());
      if (committed < checkpoint) {
        behind.put(id, committed);
      }
    }
    return behind;
  }

  /** The highest checkpoint of {@code job} that {@code table}'s history holds; -1 when none. */
  static long committed(Table table, String job) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return -1;
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      Map<String, String> summary = snapshot.summary();
      if (job.equals(summary.get(SinkUtil.FLINK_JOB_ID))
          && summary.containsKey(SinkUtil.MAX_COMMITTED_CHECKPOINT_ID)) {
        return Long.parseLong(summary.get(SinkUtil.MAX_COMMITTED_CHECKPOINT_ID));
      }
    }
    return -1;
  }
}
