package io.lakehouseflow.core.catalog;

import java.time.Instant;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What an Iceberg table holds, from its metadata alone (no data file is read): its snapshots, its
 * live data and delete files, the records in them and its last commit.
 *
 * @param table the table
 * @param snapshots the snapshots kept (older ones expired)
 * @param dataFiles the live data files
 * @param deleteFiles the live delete files (position and equality); many make reads slow until
 *     table maintenance compacts them
 * @param records the records in the live data files, before deletes apply
 * @param deletes the records of the live delete files
 * @param lastCommit when the current snapshot was committed; empty for a table never written
 * @param lastOperation the current snapshot's operation ({@code append}, {@code overwrite}, ...)
 */
public record TableStatus(
    TableIdentifier table,
    int snapshots,
    long dataFiles,
    long deleteFiles,
    long records,
    long deletes,
    Optional<Instant> lastCommit,
    Optional<String> lastOperation) {

  /** The status of {@code table} at its current snapshot. */
  public static TableStatus of(TableIdentifier id, Table table) {
    Snapshot current = table.currentSnapshot();
    int snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    if (current == null) {
      return new TableStatus(id, snapshots, 0, 0, 0, 0, Optional.empty(), Optional.empty());
    }
    return new TableStatus(
        id,
        snapshots,
        SnapshotSummaries.count(current, SnapshotSummary.TOTAL_DATA_FILES_PROP),
        SnapshotSummaries.count(current, SnapshotSummary.TOTAL_DELETE_FILES_PROP),
        SnapshotSummaries.count(current, SnapshotSummary.TOTAL_RECORDS_PROP),
        SnapshotSummaries.count(current, SnapshotSummary.TOTAL_POS_DELETES_PROP)
            + SnapshotSummaries.count(current, SnapshotSummary.TOTAL_EQ_DELETES_PROP),
        Optional.of(Instant.ofEpochMilli(current.timestampMillis())),
        Optional.ofNullable(current.operation()));
  }
}
