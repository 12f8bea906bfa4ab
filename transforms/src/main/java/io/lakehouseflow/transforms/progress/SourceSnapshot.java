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

  private SourceSnapshot() {}

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
