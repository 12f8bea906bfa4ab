package io.lakehouseflow.deploy.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

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
      long read = 0;
      try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
        for (Record ignored : records) {
          read++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to read " + table.name() + " in full", e);
      }
      best = Math.min(best, (System.nanoTime() - started) / 1_000_000);
      rows = read;
    }
    return new FullRead(rows, best);
  }
}
