package io.lakehouseflow.transforms.conservation;

import io.lakehouseflow.core.catalog.SnapshotSummaries;
import io.lakehouseflow.transforms.expectation.RoutedRows;
import io.lakehouseflow.transforms.progress.BronzeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * The silver half of an available-now run's conservation check, for one read of a bronze range:
 * rows in = rows out + quarantined + dropped + duplicates, each side counted independently of the
 * other. Taken before the job starts ({@link #before}), it counts the bronze rows of the range from
 * bronze's snapshot summaries and remembers each target's snapshot; checked after the job ({@link
 * #imbalances}), it compares them with what the router counted (Flink accumulators) and with the
 * rows the target tables committed since, from their snapshot summaries. Nothing is scanned.
 */
public final class SilverConservation {
  private final String silverTable;
  private final String bronze;
  private final String range;
  private final long bronzeRows;
  private final Target silver;
  private final Target quarantine;
  private final RoutedRows.Names router;

  /** A table the read writes, and its snapshot before the run (empty when it had none). */
  private record Target(Table table, Optional<Long> snapshotBefore) {}

  private SilverConservation(
      String silverTable,
      String bronze,
      String range,
      long bronzeRows,
      Target silver,
      Target quarantine,
      RoutedRows.Names router) {
    this.silverTable = silverTable;
    this.bronze = bronze;
    this.range = range;
    this.bronzeRows = bronzeRows;
    this.silver = silver;
    this.quarantine = quarantine;
    this.router = router;
  }

  /**
   * Remembers, before a run of silver table {@code silverTable} ({@code silver.<name>}), the rows
   * of {@code range} of {@code bronze} and the current snapshots of the targets the read writes
   * ({@code silver}, {@code quarantine}, either may be null when that target is not written by this
   * read), and the {@code router} whose accumulators count it.
   */
  public static SilverConservation before(
      String silverTable,
      Table bronze,
      BronzeRange range,
      Table silver,
      Table quarantine,
      RoutedRows.Names router) {
    return new SilverConservation(
        silverTable,
        layerName(bronze),
        range.describe(),
        rowsIn(bronze, range),
        target(silver),
        target(quarantine),
        Objects.requireNonNull(router, "router"));
  }

  private static Target target(Table table) {
    if (table == null) {
      return null;
    }
    return new Target(
        table, Optional.ofNullable(table.currentSnapshot()).map(Snapshot::snapshotId));
  }

  /**
   * What does not add up after the job that ran with {@code result}, one sentence each; empty when
   * every bronze row of the range was read once and went to exactly one place.
   */
  public List<String> imbalances(JobExecutionResult result) {
    RoutedRows routed = router.of(result);
    List<String> imbalances = new ArrayList<>();
    if (routed.read() != bronzeRows) {
      imbalances.add(
          bronze
              + " "
              + range
              + " holds "
              + bronzeRows
              + " rows but the run read "
              + routed.read());
    }
    if (!routed.balances()) {
      imbalances.add(
          "the run read "
              + routed.read()
              + " rows but dropped "
              + routed.duplicates()
              + " as duplicates, sent "
              + routed.silver()
              + " to silver, "
              + routed.quarantined()
              + " to quarantine and dropped "
              + routed.dropped());
    }
    check(silver, routed.silver(), "sent to it", imbalances);
    check(quarantine, routed.quarantined(), "quarantined", imbalances);
    return imbalances;
  }

  private static void check(Target target, long routed, String how, List<String> imbalances) {
    if (target == null) {
      return;
    }
    target.table().refresh();
    long committed = rowsCommittedSince(target.table(), target.snapshotBefore());
    if (committed != routed) {
      imbalances.add(
          layerName(target.table())
              + " committed "
              + committed
              + " rows but the run "
              + how
              + " "
              + routed);
    }
  }

  /**
   * The rows of {@code range}: bronze is append-only, so those are the records its append snapshots
   * in the range added, or all its live records when the range starts at the beginning.
   */
  static long rowsIn(Table bronze, BronzeRange range) {
    if (range.isEmpty()) {
      return 0;
    }
    Snapshot current = bronze.snapshot(range.current().get());
    if (range.consumed().isEmpty()) {
      return SnapshotSummaries.count(current, SnapshotSummary.TOTAL_RECORDS_PROP);
    }
    long from = range.consumed().get();
    long rows = 0;
    for (Snapshot s = current;
        s != null && s.snapshotId() != from;
        s = s.parentId() == null ? null : bronze.snapshot(s.parentId())) {
      if (DataOperations.APPEND.equals(s.operation())) {
        rows += SnapshotSummaries.count(s, SnapshotSummary.ADDED_RECORDS_PROP);
      }
      if (s.parentId() != null && s.parentId() == from) {
        break;
      }
    }
    return rows;
  }

  /** The records the append snapshots of {@code table} after {@code before} added. */
  static long rowsCommittedSince(Table table, Optional<Long> before) {
    long rows = 0;
    for (Snapshot s = table.currentSnapshot();
        s != null && !before.equals(Optional.of(s.snapshotId()));
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      if (DataOperations.APPEND.equals(s.operation())) {
        rows += SnapshotSummaries.count(s, SnapshotSummary.ADDED_RECORDS_PROP);
      }
    }
    return rows;
  }

  /** The silver table this read feeds (its silver or its quarantine table, or both). */
  public String silverTable() {
    return silverTable;
  }

  /** The bronze snapshots read, in words. */
  public String range() {
    return range;
  }

  /** The accumulators that counted the read. */
  public RoutedRows.Names router() {
    return router;
  }

  /** The current snapshot of the silver target, when this read writes silver. */
  public Optional<Long> silverSnapshot() {
    return currentSnapshot(silver);
  }

  /** The current snapshot of the quarantine target, when this read writes quarantine. */
  public Optional<Long> quarantineSnapshot() {
    return currentSnapshot(quarantine);
  }

  private static Optional<Long> currentSnapshot(Target target) {
    if (target == null) {
      return Optional.empty();
    }
    target.table().refresh();
    return Optional.ofNullable(target.table().currentSnapshot()).map(Snapshot::snapshotId);
  }

  /** {@code silver.bookings}: the table's name without the catalog's. */
  private static String layerName(Table table) {
    String[] parts = table.name().split("\\.");
    return parts.length <= 2
        ? table.name()
        : parts[parts.length - 2] + "." + parts[parts.length - 1];
  }
}
