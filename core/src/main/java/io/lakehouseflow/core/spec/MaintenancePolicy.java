package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How one layer's tables are kept fast and small: when their small data files are compacted (which,
 * for gold's upsert tables, also applies the equality deletes that accumulated), how long old
 * snapshots are kept, and how old an unreferenced file must be before it is removed. Declared per
 * layer under the spec's {@code maintenance:} section; every key has a default.
 *
 * @param enabled whether the layer's tables are maintained at all ({@code enabled})
 * @param rewriteAfterCommits compact once this many commits accumulated since the last compaction
 *     ({@code rewrite_after_commits})
 * @param rewriteAfterDataFiles compact once this many data files were added since the last
 *     compaction ({@code rewrite_after_data_files})
 * @param rewriteInterval also compact at least this often, when anything changed; {@link
 *     Duration#ZERO} when only the counts decide ({@code rewrite_interval})
 * @param expireSnapshotsOlderThan snapshots older than this are expired ({@code
 *     expire_snapshots_older_than}), except the newest {@code retainLast}
 * @param retainLast the newest snapshots always kept ({@code retain_last}); downstream jobs and the
 *     exactly-once commit check of Iceberg's committer read the recent history
 * @param deleteOrphansAfter files the table does not reference are removed once older than this
 *     ({@code delete_orphans_after}); younger ones may be a writer's files not committed yet
 */
public record MaintenancePolicy(
    boolean enabled,
    int rewriteAfterCommits,
    int rewriteAfterDataFiles,
    Duration rewriteInterval,
    Duration expireSnapshotsOlderThan,
    int retainLast,
    Duration deleteOrphansAfter)
    implements Serializable {

  /**
   * The shortest {@code delete_orphans_after}: a data file a writer wrote but has not committed
   * (its checkpoint is still running, or a commit is retried) looks orphaned, and removing it would
   * lose its rows.
   */
  public static final Duration MIN_ORPHAN_AGE = Duration.ofHours(1);

  /**
   * Bronze and silver: append-only change logs read incrementally by the next layer, so snapshots
   * are kept a day (a downstream run a day late still finds where it stopped).
   */
  public static final MaintenancePolicy APPEND_ONLY_DEFAULT =
      new MaintenancePolicy(
          true, 50, 100, Duration.ZERO, Duration.ofDays(1), 10, Duration.ofDays(1));

  /**
   * Gold: upsert tables, whose every commit adds equality deletes that slow each read, and which no
   * job stream-reads; compacted more often and their snapshots kept an hour.
   */
  public static final MaintenancePolicy UPSERT_DEFAULT =
      new MaintenancePolicy(
          true, 20, 50, Duration.ZERO, Duration.ofHours(1), 10, Duration.ofDays(1));

  public MaintenancePolicy {
    Objects.requireNonNull(rewriteInterval, "rewriteInterval");
    Objects.requireNonNull(expireSnapshotsOlderThan, "expireSnapshotsOlderThan");
    Objects.requireNonNull(deleteOrphansAfter, "deleteOrphansAfter");
    if (rewriteAfterCommits < 1 || rewriteAfterDataFiles < 1 || retainLast < 1) {
      throw new IllegalArgumentException(
          "Invalid maintenance policy: counts must be at least 1, got rewrite_after_commits "
              + rewriteAfterCommits
              + ", rewrite_after_data_files "
              + rewriteAfterDataFiles
              + ", retain_last "
              + retainLast);
    }
    if (deleteOrphansAfter.compareTo(MIN_ORPHAN_AGE) < 0) {
      throw new IllegalArgumentException(
          "Invalid maintenance policy: delete_orphans_after "
              + deleteOrphansAfter
              + " is below "
              + MIN_ORPHAN_AGE
              + "; files a writer has not committed yet would be removed");
    }
  }

  /** This policy with compaction triggered by {@code commits} and {@code dataFiles}. */
  public MaintenancePolicy withRewriteAfter(int commits, int dataFiles) {
    return new MaintenancePolicy(
        enabled,
        commits,
        dataFiles,
        rewriteInterval,
        expireSnapshotsOlderThan,
        retainLast,
        deleteOrphansAfter);
  }

  /** This policy expiring snapshots older than {@code age}, keeping the newest {@code retain}. */
  public MaintenancePolicy withExpiry(Duration age, int retain) {
    return new MaintenancePolicy(
        enabled,
        rewriteAfterCommits,
        rewriteAfterDataFiles,
        rewriteInterval,
        age,
        retain,
        deleteOrphansAfter);
  }
}
