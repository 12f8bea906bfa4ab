package io.lakehouseflow.core.catalog;

/**
 * Table properties that Iceberg's Flink committer reads when its job starts; Iceberg declares them
 * package-private ({@code IcebergFilesCommitter}), so they are named once here.
 */
public final class CommitterProperties {
  /**
   * After how many checkpoints without changes the committer commits one anyway (Iceberg's default
   * is 10). Silver's and gold's available-now runs set it to 1, so that every checkpoint they wait
   * for is committed, changes or not.
   */
  public static final String MAX_CONTINUOUS_EMPTY_COMMITS = "flink.max-continuous-empty-commits";

  private CommitterProperties() {}
}
