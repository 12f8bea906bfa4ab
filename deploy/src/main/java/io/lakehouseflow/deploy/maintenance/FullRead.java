package io.lakehouseflow.deploy.maintenance;

import io.lakehouseflow.core.catalog.LiveRows;
import java.util.List;
import org.apache.iceberg.Table;

/**
 * A full read of a table's current snapshot with Iceberg's generic reader, deletes applied: what
 * every query of the table pays for its files and delete files, measured so a compaction's effect
 * shows as time.
 *
 * @param rows the rows read, deletes applied
 * @param millis the fastest of the timed reads
 */
public record FullRead(long rows, long millis) {
  /** Reads taken, the fastest reported: the first pays class loading and JIT warm-up. */
  static final int READS = 3;

  /** The fastest of {@link #READS} full reads of {@code table}. */
  static FullRead of(Table table) {
    table.refresh();
    long rows = -1;
    long best = Long.MAX_VALUE;
    for (int i = 0; i < READS; i++) {
      long started = System.nanoTime();
      rows = LiveRows.count(table, List.of());
      best = Math.min(best, (System.nanoTime() - started) / 1_000_000);
    }
    return new FullRead(rows, best);
  }
}
