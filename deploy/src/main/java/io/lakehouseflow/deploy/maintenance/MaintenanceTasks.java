package io.lakehouseflow.deploy.maintenance;

import io.lakehouseflow.core.spec.MaintenancePolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.flink.maintenance.api.DeleteOrphanFiles;
import org.apache.iceberg.flink.maintenance.api.ExpireSnapshots;
import org.apache.iceberg.flink.maintenance.api.MaintenanceTaskBuilder;
import org.apache.iceberg.flink.maintenance.api.RewriteDataFiles;

/**
 * Iceberg's Flink maintenance tasks configured from a layer's {@link MaintenancePolicy}: {@link
 * RewriteDataFiles} (compaction; reading through the deletes, so it also applies a gold table's
 * equality deletes), {@link ExpireSnapshots} and {@link DeleteOrphanFiles}, in that order, which is
 * the order their trigger manager prefers when several are due.
 */
final class MaintenanceTasks {
  /**
   * The fewest small files worth a compaction on demand: Iceberg's default (5) leaves a table of
   * four small files as it is, which {@code lakehouse maintain} is asked to compact.
   */
  static final int ON_DEMAND_MIN_INPUT_FILES = 2;

  private MaintenanceTasks() {}

  /** The tasks a continuous run schedules for a table of a layer with {@code policy}. */
  static List<MaintenanceTaskBuilder<?>> scheduled(MaintenancePolicy policy) {
    List<MaintenanceTaskBuilder<?>> tasks = new ArrayList<>();
    RewriteDataFiles.Builder rewrite =
        RewriteDataFiles.builder()
            // A data file that this many delete files apply to is rewritten even when it is not
            // small: each of them is read with every scan of it.
            .deleteFileThreshold(policy.rewriteAfterCommits())
            .scheduleOnCommitCount(policy.rewriteAfterCommits())
            .scheduleOnDataFileCount(policy.rewriteAfterDataFiles());
    ExpireSnapshots.Builder expire =
        expire(policy).scheduleOnCommitCount(policy.rewriteAfterCommits());
    if (!policy.rewriteInterval().isZero()) {
      rewrite.scheduleOnInterval(policy.rewriteInterval());
      expire.scheduleOnInterval(policy.rewriteInterval());
    }
    tasks.add(rewrite);
    tasks.add(expire);
    // Listing every file of the table is the costly part; once per orphan age is enough, since
    // only files older than that are removed anyway.
    tasks.add(orphans(policy).scheduleOnInterval(policy.deleteOrphansAfter()));
    return tasks;
  }

  /**
   * Compaction on demand: every group of at least {@link #ON_DEMAND_MIN_INPUT_FILES} small files,
   * and every data file any delete file applies to, so a gold table is left without deletes to
   * apply at read time.
   */
  static RewriteDataFiles.Builder compactNow() {
    return RewriteDataFiles.builder()
        .minInputFiles(ON_DEMAND_MIN_INPUT_FILES)
        .deleteFileThreshold(1)
        .scheduleOnCommitCount(1);
  }

  /** Snapshot expiry on demand, keeping at least {@code retainLast} snapshots. */
  static ExpireSnapshots.Builder expireNow(MaintenancePolicy policy, int retainLast) {
    return ExpireSnapshots.builder()
        .maxSnapshotAge(policy.expireSnapshotsOlderThan())
        .retainLast(retainLast)
        .scheduleOnCommitCount(1);
  }

  /** Orphan-file removal on demand. */
  static DeleteOrphanFiles.Builder orphansNow(MaintenancePolicy policy) {
    return orphans(policy).scheduleOnCommitCount(1);
  }

  private static ExpireSnapshots.Builder expire(MaintenancePolicy policy) {
    return ExpireSnapshots.builder()
        .maxSnapshotAge(policy.expireSnapshotsOlderThan())
        .retainLast(policy.retainLast());
  }

  private static DeleteOrphanFiles.Builder orphans(MaintenancePolicy policy) {
    return DeleteOrphanFiles.builder().minAge(policy.deleteOrphansAfter());
  }
}
