package io.lakehouseflow.modeling.change;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/**
 * The text form of a natural key, by which gold partitions its state: one string per key value
 * tuple, equal exactly when the values are, whatever the declared width of an integral column (a
 * fact's {@code INT} reference finds the {@code BIGINT} key of the same value). Each value is
 * tagged with its kind and length-prefixed, so no two tuples share a text.
 */
public final class NaturalKey {
  private NaturalKey() {}

  /** The key text of {@code values}, in key order; NULL when any value is NULL (no key). */
  public static String of(Object... values) {
    StringBuilder key = new StringBuilder();
    for (Object value : values) {
      if (value == null) {
        return null;
      }
      String text = text(value);
      key.append(tag(value)).append(text.length()).append(':').append(text);
    }
    return key.toString();
  }

  private static char tag(Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return 'i';
    }
    if (value instanceof String) {
      return 's';
    }
    if (value instanceof BigDecimal) {
      return 'd';
    }
    if (value instanceof LocalDateTime) {
      return 't';
    }
    return value.getClass().getSimpleName().charAt(0);
  }

  private static String text(Object value) {
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }
}
