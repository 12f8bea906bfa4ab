package io.lakehouseflow.ingestion.format;

/**
 * The values of one record's declared columns (internal Flink values, null for NULL) with what was
 * rescued (a JSON object, or null), or why the record did not parse.
 */
record ParsedRecord(Object[] values, String rescued, String error) {
  static ParsedRecord valid(Object[] values, String rescued) {
    return new ParsedRecord(values, rescued, null);
  }

  static ParsedRecord corrupt(String error) {
    return new ParsedRecord(null, null, error);
  }

  boolean isCorrupt() {
    return error != null;
  }
}
