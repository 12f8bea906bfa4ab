package io.lakehouseflow.core.spec;

/** File formats a landing source can be read in. More formats follow; the spec key is stable. */
public enum SourceFormat {
  CSV,
  /** JSON Lines: one JSON object per line. */
  JSON,
  /** Apache Parquet files: columns by name, typed by the file's schema; read whole once settled. */
  PARQUET;

  /**
   * Whether a file of this format is read only whole, once it has settled: a Parquet file's footer,
   * which says where its rows are, is written last, so a part of it holds no row.
   */
  public boolean readsWholeFiles() {
    return this == PARQUET;
  }
}
