package io.lakehouseflow.ingestion.format;

import java.util.Objects;

/**
 * One value of a column as a file writes it, read before a job so that bronze can type a column it
 * infers or adds ({@code infer_types}). How it was written matters: a CSV field is text that may
 * hold any type, a JSON string was quoted by its writer (text, a date or a timestamp, never a
 * number), a JSON number or boolean is one.
 *
 * @param kind how the file writes the value
 * @param text the value's text: a field or string as written, a number's text, {@code true}
 */
public record SampledValue(Kind kind, String text) {

  /** How a file writes a value. */
  public enum Kind {
    /** A CSV field: text of any type. */
    TEXT,
    /** A JSON string. */
    STRING,
    /** A JSON number. */
    NUMBER,
    /** A JSON {@code true} or {@code false}. */
    BOOLEAN,
    /** A JSON object or array, its JSON text. */
    NESTED
  }

  public SampledValue {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }

  /** A CSV field. */
  public static SampledValue text(String text) {
    return new SampledValue(Kind.TEXT, text);
  }
}
