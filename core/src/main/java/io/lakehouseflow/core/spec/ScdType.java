package io.lakehouseflow.core.spec;

/** How a dimension keeps history. */
public enum ScdType {
  /** One row per natural key, overwritten by the latest change. */
  TYPE_1,
  /** One row per version of a natural key, with validity interval and current flag. */
  TYPE_2
}
