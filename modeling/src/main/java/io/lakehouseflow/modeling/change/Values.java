package io.lakehouseflow.modeling.change;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Comparison of silver values as typed values, the way gold orders and compares them: NULL sorts
 * lowest and equals only NULL; decimals compare by value, so {@code 1.50} equals {@code 1.5}.
 */
public final class Values {
  private Values() {}

  /** Orders two values of one column; NULL is the lowest value. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
    }
    return ((Comparable) a).compareTo(b);
  }

  /** Whether two values of one column are the same value. */
  public static boolean same(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return Objects.equals(a, b);
  }

  /**
   * The time of a {@code timestamp}, {@code timestamptz} or {@code date} value as gold's timestamps
   * hold it: a timestamp as it is, an instant ({@code timestamptz}) as its UTC date and time, a
   * date as its midnight; NULL stays NULL. Event times and SCD2 {@code valid_from} are compared and
   * written this way, so a {@code timestamptz} column means the same as a {@code timestamp} column
   * holding UTC times.
   */
  public static LocalDateTime utcTime(Object value) {
    if (value instanceof Instant instant) {
      return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
    if (value instanceof LocalDate date) {
      return date.atStartOfDay();
    }
    return (LocalDateTime) value;
  }
}
