package io.lakehouseflow.core.spec;

/**
 * How a source's nested values (JSON objects and arrays, Parquet groups, lists and maps) reach
 * their declared columns.
 */
public enum JsonNested {
  /** Kept as their JSON text in a string column: as written (JSON), or written out (Parquet). */
  STRING
}
