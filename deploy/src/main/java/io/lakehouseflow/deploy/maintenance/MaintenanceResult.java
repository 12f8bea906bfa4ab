package io.lakehouseflow.deploy.maintenance;

import io.lakehouseflow.core.catalog.TableStatus;
import java.util.OptionalLong;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What {@code lakehouse maintain} did to one table, from its metadata and a full read before and
 * after.
 *
 * @param table the table
 * @param before its status before any task ran
 * @param after its status after the last task
 * @param snapshotsExpired the snapshots the expiry removed
 * @param orphansRemoved the files under the table's location the orphan-file removal deleted; empty
 *     where the file IO cannot list them
 * @param readBefore a full read before
 * @param readAfter a full read after
 */
public record MaintenanceResult(
    TableIdentifier table,
    TableStatus before,
    TableStatus after,
    int snapshotsExpired,
    OptionalLong orphansRemoved,
    FullRead readBefore,
    FullRead readAfter) {

  /** Whether the table returns the same rows after maintenance as before. */
  public boolean rowsUnchanged() {
    return readBefore.rows() == readAfter.rows();
  }

  /** One block of lines for the terminal. */
  public String describe() {
    return table
        + "\n  data files    "
        + before.dataFiles()
        + " -> "
        + after.dataFiles()
        + "\n  delete files  "
        + before.deleteFiles()
        + " -> "
        + after.deleteFiles()
        + "\n  snapshots     "
        + before.snapshots()
        + " -> "
        + after.snapshots()
        + " ("
        + snapshotsExpired
        + " expired)"
        + "\n  orphan files  "
        + (orphansRemoved.isPresent() ? orphansRemoved.getAsLong() + " removed" : "not listed")
        + "\n  full read     "
        + readBefore.millis()
        + " ms -> "
        + readAfter.millis()
        + " ms ("
        + readBefore.rows()
        + " -> "
        + readAfter.rows()
        + " rows)\n";
  }
}
