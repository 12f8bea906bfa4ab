package io.lakehouseflow.deploy.maintenance;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.transforms.progress.SourceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The snapshots of a bronze table that its silver and quarantine tables have not consumed yet,
 * which an expiry on demand must keep: an available-now silver run resumes after the bronze
 * snapshot it recorded ({@link SourceSnapshot}), and needs that snapshot's child to still be in
 * bronze's history. Silver tables written continuously keep their position in Flink checkpoints
 * instead; their lag is one checkpoint, which {@code retain_last} covers.
 */
final class UnconsumedSnapshots {
  private UnconsumedSnapshots() {}

  /**
   * How many of the newest snapshots of {@code table} must survive an expiry for its readers to
   * resume: 0 for tables no job reads incrementally (silver is read by gold from its checkpoints,
   * gold by no job), else the snapshots after the oldest consumed one, plus its child.
   */
  static int toKeep(PipelineSpec spec, LakehouseCatalog catalog, TableIdentifier id, Table table) {
    if (!id.namespace().level(0).equals(TableNames.BRONZE) || table.currentSnapshot() == null) {
      return 0;
    }
    int keep = 0;
    for (TableIdentifier reader : readers(spec, id)) {
      if (!catalog.tableExists(reader)) {
        continue;
      }
      Table target = catalog.loadTable(reader);
      if (SourceSnapshot.writtenContinuously(target)) {
        continue;
      }
      Optional<Long> consumed = SourceSnapshot.consumedBy(target);
      if (consumed.isEmpty()) {
        // Never ran: it starts with a full scan of bronze, which needs no history.
        continue;
      }
      int newer = 0;
      for (Snapshot s :
          SnapshotUtil.ancestorsOf(table.currentSnapshot().snapshotId(), table::snapshot)) {
        if (s.snapshotId() == consumed.get()) {
          break;
        }
        newer++;
      }
      keep = Math.max(keep, newer + 1);
    }
    return keep;
  }

  private static List<TableIdentifier> readers(PipelineSpec spec, TableIdentifier bronze) {
    List<TableIdentifier> readers = new ArrayList<>();
    for (SilverTableSpec silver : spec.silver().values()) {
      if (TableNames.bronze(silver.source()).equals(bronze)) {
        readers.add(TableNames.silver(silver.name()));
        readers.add(TableNames.quarantine(silver.name()));
      }
    }
    return readers;
  }
}
