package io.lakehouseflow.core.catalog;

import org.apache.iceberg.Snapshot;

/** Counts an Iceberg snapshot's summary holds, such as {@code total-records}. */
public final class SnapshotSummaries {
  private SnapshotSummaries() {}

  /**
   * The count under {@code property} (a {@code SnapshotSummary} key); 0 when the summary lacks it,
   * as Iceberg leaves out counts that are zero.
   */
  public static long count(Snapshot snapshot, String property) {
    String value = snapshot.summary().get(property);
    return value == null ? 0 : Long.parseLong(value);
  }
}
