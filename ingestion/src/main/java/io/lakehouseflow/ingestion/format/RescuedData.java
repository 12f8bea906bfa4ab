package io.lakehouseflow.ingestion.format;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one record held that its bronze columns could not, as {@code _rescued_data} stores it: a
 * JSON object from column name (as the file wrote it) to the text as written, in the order met. A
 * value is never dropped for not fitting; it lands here and the row stays valid.
 */
final class RescuedData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> values = new LinkedHashMap<>();

  private RescuedData() {}

  /** {@code rescued} (a new one when null) holding {@code text} under {@code column} too. */
  static RescuedData add(RescuedData rescued, String column, String text) {
    RescuedData data = rescued == null ? new RescuedData() : rescued;
    data.values.putIfAbsent(column, text);
    return data;
  }

  /** The rescued values as a JSON object: {@code {"gate":"B12"}}. */
  String toJson() {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write rescued values as JSON: " + values, e);
    }
  }
}
