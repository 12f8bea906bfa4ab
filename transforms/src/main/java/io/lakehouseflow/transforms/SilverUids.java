package io.lakehouseflow.transforms;

import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The uids of the silver job's own operators, derived from table names: a restore maps state onto
 * operators by uid, and the job's plan fingerprint ({@link SilverJob#plan}) lists them.
 */
final class SilverUids {
  private SilverUids() {}

  /** The router of silver table {@code table} reading bronze for both its targets, as usual. */
  static String router(String table) {
    return "silver-" + table + "-router";
  }

  /**
   * The router of {@code table} reading bronze for {@code target} alone: after one of the two
   * commits of an available-now run failed, the targets resume from different snapshots.
   */
  static String router(String table, TableIdentifier target) {
    return "silver-" + table + "-" + target.name() + "-router";
  }

  /** The operator dropping exact duplicates in front of the router {@code routerUid}. */
  static String duplicates(String routerUid) {
    return routerUid + "-duplicates";
  }

  /** The uid prefix of the Iceberg sink writing {@code target}. */
  static String sink(TableIdentifier target) {
    return "silver-sink-" + target.name();
  }

  /** The operator summing a continuous run's quality tallies per checkpoint. */
  static String qualityMetrics() {
    return "silver-quality-metrics";
  }
}
