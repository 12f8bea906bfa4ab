package io.lakehouseflow.ingestion.format;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one record held that its bronze columns could not, as {@code _rescued_data} stores it: a
 * JSON object from column name (as the file wrote it) to the text as written, in field order. A
 * value is never dropped for not fitting; it lands here and the row stays valid.
 */
final class RescuedData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TreeMap<Integer, Map.Entry<String, String>> byField = new TreeMap<>();

  private RescuedData() {}

  /**
   * {@code rescued} (a new one when null) holding {@code text}, the value of field {@code field},
   * under {@code column} too.
   */
  static RescuedData add(RescuedData rescued, int field, String column, String text) {
    RescuedData data = rescued == null ? new RescuedData() : rescued;
    data.byField.putIfAbsent(field, Map.entry(column, text));
    return data;
  }

  /** The rescued values as a JSON object: {@code {"gate":"B12"}}. */
  String toJson() {
    Map<String, String> values = new LinkedHashMap<>();
    byField.values().forEach(e -> values.putIfAbsent(e.getKey(), e.getValue()));
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write rescued values as JSON: " + values, e);
    }
  }
}
