package io.lakehouseflow.core.spec;

/** File formats a landing source can be read in. More formats follow; the spec key is stable. */
public enum SourceFormat {
  CSV,
  /** JSON Lines: one JSON object per line. */
  JSON
}
