package io.lakehouseflow.deploy.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Delete files that apply to no live data file any more, removed from a table's metadata after a
 * compaction. A compaction rewrites the rows through their deletes into files whose sequence number
 * no earlier delete reaches, so gold's equality deletes stop applying; but Iceberg 1.11's Flink
 * compaction leaves them listed (Spark's {@code remove-dangling-deletes} has no Flink counterpart),
 * and every scan still plans them. Iceberg's own scan planning decides which deletes apply; the
 * rest are removed with a metadata-only {@link RewriteFiles} commit, which no row depends on.
 */
final class DanglingDeletes {
  private DanglingDeletes() {}

  /** Removes the delete files of {@code table} no data file needs; returns how many. */
  static int remove(Table table) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null || current.deleteManifests(table.io()).isEmpty()) {
      return 0;
    }
    Set<String> applied = new HashSet<>();
    List<DeleteFile> dangling = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(current.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        task.deletes().forEach(delete -> applied.add(delete.location()));
      }
      for (ManifestFile manifest : current.deleteManifests(table.io())) {
        try (ManifestReader<DeleteFile> live =
            ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
          for (DeleteFile delete : live) {
            if (!applied.contains(delete.location())) {
              dangling.add(delete.copyWithoutStats());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to list the delete files of " + table.name() + " for removal", e);
    }
    if (dangling.isEmpty()) {
      return 0;
    }
    RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(current.snapshotId());
    dangling.forEach(rewrite::deleteFile);
    rewrite.commit();
    return dangling.size();
  }
}
