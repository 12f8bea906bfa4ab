package io.lakehouseflow.transforms.progress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.FlinkReadOptions;
import org.apache.iceberg.flink.source.StreamingStartingStrategy;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The bronze snapshots one run reads for a target table: after the snapshot the target consumed
 * (exclusive) up to bronze's current snapshot (inclusive). Turns that range into Iceberg Flink
 * source options.
 *
 * <p>Iceberg 1.11 semantics this relies on: in batch mode {@code start-snapshot-id} is exclusive
 * and {@code end-snapshot-id} inclusive (an incremental append scan); in streaming mode {@code
 * INCREMENTAL_FROM_SNAPSHOT_ID} is inclusive, so a stream resumes at the child of the consumed
 * snapshot, and {@code INCREMENTAL_FROM_LATEST_SNAPSHOT_EXCLUSIVE} when there is none yet. That
 * strategy resolves "latest" when the job starts, so a bronze commit landing between planning and
 * job start would be skipped; the window is the job's start-up time and only on a first start
 * without a checkpoint.
 *
 * @param bronze the bronze table's name, for messages
 * @param consumed the last bronze snapshot already processed, if any
 * @param current bronze's current snapshot id, empty when bronze has no snapshot
 * @param next the first snapshot after {@code consumed} in bronze's history, if any
 */
public record BronzeRange(
    String bronze, Optional<Long> consumed, Optional<Long> current, Optional<Long> next) {

  /**
   * The range of {@code bronze} not yet consumed by a target that consumed {@code consumed}.
   *
   * @param target the target's name, for messages
   * @param reset the command that rebuilds the target from bronze, for messages
   */
  public static BronzeRange of(Table bronze, Optional<Long> consumed, String target, String reset) {
    Snapshot current = bronze.currentSnapshot();
    if (consumed.isEmpty() || current == null) {
      return new BronzeRange(
          bronze.name(),
          consumed,
          Optional.ofNullable(current).map(Snapshot::snapshotId),
          Optional.empty());
    }
    long from = consumed.get();
    Long next = null;
    boolean found = current.snapshotId() == from;
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), bronze::snapshot)) {
      if (s.snapshotId() == from) {
        found = true;
        break;
      }
      next = s.snapshotId();
      // The consumed snapshot itself may have been expired; its child still marks where to resume,
      // and Iceberg accepts an expired exclusive start that is a parent of a live snapshot.
      if (s.parentId() != null && s.parentId() == from) {
        found = true;
        break;
      }
    }
    if (!found) {
      throw new IllegalStateException(
          "Cannot resume "
              + target
              + " from "
              + bronze.name()
              + ": the consumed snapshot "
              + from
              + " (property "
              + SourceSnapshot.PROPERTY
              + ") is not in the history of its current snapshot "
              + current.snapshotId()
              + ", it was expired or the table was recreated. Expire bronze snapshots only after"
              + " silver consumed them, or rebuild "
              + target
              + " from bronze: "
              + reset
              + ".");
    }
    return new BronzeRange(
        bronze.name(), consumed, Optional.of(current.snapshotId()), Optional.ofNullable(next));
  }

  /** Whether bronze has nothing the target has not consumed. */
  public boolean isEmpty() {
    return current.isEmpty() || current.equals(consumed);
  }

  /** Source options reading exactly this range, once (batch). */
  public Map<String, String> batchOptions() {
    if (isEmpty()) {
      throw new IllegalStateException("Cannot read an empty range of " + bronze);
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (consumed.isPresent()) {
      options.put(FlinkReadOptions.START_SNAPSHOT_ID.key(), Long.toString(consumed.get()));
      options.put(FlinkReadOptions.END_SNAPSHOT_ID.key(), Long.toString(current.get()));
    } else {
      // Pinned, so rows committed during the run wait for the next run.
      options.put(FlinkReadOptions.SNAPSHOT_ID.key(), Long.toString(current.get()));
    }
    return options;
  }

  /** Source options reading from after the consumed snapshot, then every new snapshot. */
  public Map<String, String> streamingOptions(Duration monitorInterval) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put(FlinkReadOptions.STREAMING, "true");
    options.put(FlinkReadOptions.MONITOR_INTERVAL, monitorInterval.toMillis() + "ms");
    if (consumed.isEmpty()) {
      // A full scan first: the oldest snapshots may be expired, their rows are still there.
      options.put(
          FlinkReadOptions.STARTING_STRATEGY,
          StreamingStartingStrategy.TABLE_SCAN_THEN_INCREMENTAL.name());
    } else if (next.isPresent()) {
      options.put(
          FlinkReadOptions.STARTING_STRATEGY,
          StreamingStartingStrategy.INCREMENTAL_FROM_SNAPSHOT_ID.name());
      options.put(FlinkReadOptions.START_SNAPSHOT_ID.key(), Long.toString(next.get()));
    } else {
      options.put(
          FlinkReadOptions.STARTING_STRATEGY,
          StreamingStartingStrategy.INCREMENTAL_FROM_LATEST_SNAPSHOT_EXCLUSIVE.name());
    }
    return options;
  }

  /** The range for logs: {@code (A, B]}, {@code [first, B]} or {@code nothing new}. */
  public String describe() {
    if (isEmpty()) {
      return "nothing new after snapshot " + consumed.map(String::valueOf).orElse("(none)");
    }
    return consumed.isPresent()
        ? "snapshots (" + consumed.get() + ", " + current.get() + "]"
        : "all snapshots up to " + current.get();
  }
}
