package io.lakehouseflow.core.spec;

/** File formats a landing source can be read in. More formats follow; the spec key is stable. */
public enum SourceFormat {
  CSV,
  /** JSON Lines: one JSON object per line. */
  JSON,
  /** Apache Parquet files: columns by name, typed by the file's schema; read whole once settled. */
  PARQUET,
  /** Apache Avro container files: fields by name, typed by the file's schema; read whole. */
  AVRO;

  /**
   * Whether a file of this format is read only whole, once it has settled: a Parquet file's footer,
   * which says where its rows are, is written last, so a part of it holds no row; an Avro file's
   * blocks are compressed, so a part of one cannot be read either.
   */
  public boolean readsWholeFiles() {
    return this == PARQUET || this == AVRO;
  }

  /** Whether a file of this format names and types its columns in a schema of its own. */
  public boolean hasSchema() {
    return this == PARQUET || this == AVRO;
  }
}
