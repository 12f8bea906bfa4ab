package io.lakehouseflow.deploy.maintenance;

import java.util.OptionalLong;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * The files under a table's location, referenced or not: their count before and after orphan-file
 * removal is how many it removed (Iceberg's task reports no count of its own).
 */
final class StoredFiles {
  private StoredFiles() {}

  /** How many files lie under {@code table}'s location; empty where its file IO cannot list. */
  static OptionalLong count(Table table) {
    if (!(table.io() instanceof SupportsPrefixOperations listing)) {
      return OptionalLong.empty();
    }
    long files = 0;
    for (FileInfo ignored : listing.listPrefix(table.location())) {
      files++;
    }
    return OptionalLong.of(files);
  }
}
