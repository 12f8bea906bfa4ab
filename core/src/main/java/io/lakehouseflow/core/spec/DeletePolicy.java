package io.lakehouseflow.core.spec;

/** What a delete does to the member of a type 1 dimension, which keeps no history. */
public enum DeletePolicy {
  /** The member's row leaves the dimension; facts referencing the key get {@code -1}. */
  REMOVE,
  /** The member's row stays with {@code is_deleted = true}; facts keep referencing it. */
  MARK
}
