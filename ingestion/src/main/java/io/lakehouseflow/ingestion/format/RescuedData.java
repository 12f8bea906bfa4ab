package io.lakehouseflow.ingestion.format;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;

/**
 * What one record held that its bronze columns could not, as {@code _rescued_data} stores it: a
 * JSON object from column or field name (as the file wrote it) to the value as written, in field
 * order: a CSV value as a string, a JSON value as the JSON it was (string, number, object...). A
 * value is never dropped for not fitting; it lands here and the row stays valid.
 */
final class RescuedData {
  private static final JsonFactory JSON = new JsonFactory();

  private final TreeMap<Integer, Value> byField = new TreeMap<>();

  private RescuedData() {}

  /**
   * {@code rescued} (a new one when null) holding {@code text}, the value of field {@code field},
   * under {@code column} too.
   */
  static RescuedData add(RescuedData rescued, int field, String column, String text) {
    return put(rescued, field, new Value(column, text, false));
  }

  /**
   * {@code rescued} (a new one when null) holding {@code json}, the JSON text of field {@code
   * field}'s value, under {@code column}, kept as JSON rather than as a string.
   */
  static RescuedData addJson(RescuedData rescued, int field, String column, String json) {
    return put(rescued, field, new Value(column, json, true));
  }

  private static RescuedData put(RescuedData rescued, int field, Value value) {
    RescuedData data = rescued == null ? new RescuedData() : rescued;
    data.byField.putIfAbsent(field, value);
    return data;
  }

  /** The rescued values as a JSON object: {@code {"gate":"B12"}}. */
  String toJson() {
    StringWriter out = new StringWriter();
    Set<String> written = new HashSet<>();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      for (Value value : byField.values()) {
        if (!written.add(value.column())) {
          continue;
        }
        json.writeFieldName(value.column());
        if (value.isJson()) {
          json.writeRawValue(value.text());
        } else {
          json.writeString(value.text());
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write rescued values as JSON: " + byField, e);
    }
    return out.toString();
  }

  private record Value(String column, String text, boolean isJson) {}
}
