package io.lakehouseflow.transforms.progress;

import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The bronze snapshot a silver or quarantine table has consumed up to, kept in the summary of the
 * target's own snapshots so it commits atomically with the data it describes.
 */
public final class SourceSnapshot {
  /** The snapshot summary property holding the id of the last consumed bronze snapshot. */
  public static final String PROPERTY = "lakehouse.source-snapshot-id";

  /**
   * The snapshot summary property marking commits of a continuous run. Its position in bronze lives
   * in its Flink checkpoints, not in the table, so a run without that checkpoint cannot resume it.
   */
  public static final String CONTINUOUS_PROPERTY = "lakehouse.continuous-run";

  private SourceSnapshot() {}

  /**
   * Whether the newest snapshot of {@code target} written by the silver job came from a continuous
   * run (rather than an available-now run, which records its bronze position).
   */
  public static boolean writtenContinuously(Table target) {
    for (Snapshot s = target.currentSnapshot();
        s != null;
        s = s.parentId() == null ? null : target.snapshot(s.parentId())) {
      if (s.summary().containsKey(CONTINUOUS_PROPERTY)) {
        return true;
      }
      if (s.summary().containsKey(PROPERTY)) {
        return false;
      }
    }
    return false;
  }

  /**
   * The bronze snapshot id recorded by the newest snapshot of {@code target} that has one. Older
   * snapshots are searched because maintenance (compaction, rewrites) commits without it.
   */
  public static Optional<Long> consumedBy(Table target) {
    Snapshot snapshot = target.currentSnapshot();
    while (snapshot != null) {
      String value = snapshot.summary().get(PROPERTY);
      if (value != null) {
        try {
          return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
          throw new IllegalStateException(
              "Invalid "
                  + PROPERTY
                  + " '"
                  + value
                  + "' in snapshot "
                  + snapshot.snapshotId()
                  + " of "
                  + target.name()
                  + ": not a snapshot id. Roll the table back to a snapshot written by the silver"
                  + " job.",
              e);
        }
      }
      snapshot = snapshot.parentId() == null ? null : target.snapshot(snapshot.parentId());
    }
    return Optional.empty();
  }
}
