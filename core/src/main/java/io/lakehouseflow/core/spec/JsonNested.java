package io.lakehouseflow.core.spec;

/** How a JSON source's nested objects and arrays reach their declared columns. */
public enum JsonNested {
  /** Kept as their JSON text, as written, in a string column. */
  STRING
}
