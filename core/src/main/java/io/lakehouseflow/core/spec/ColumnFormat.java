package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Objects;

/**
 * How the text of a {@code date}, {@code timestamp} or {@code timestamptz} source column is
 * written, when it is not ISO-8601: a {@link DateTimeFormatter} pattern, or a number of seconds or
 * milliseconds since 1970-01-01T00:00Z. Declared in a spec as {@code {type: timestamp, format:
 * "dd/MM/yyyy HH:mm"}}; checked when the spec is loaded, so a pattern that cannot read a whole
 * value of its column's type never reaches a job.
 *
 * @param kind a pattern or an epoch unit
 * @param pattern the pattern as written, or {@code null} for an epoch unit
 */
public record ColumnFormat(Kind kind, String pattern) implements Serializable {

  /** The kinds of format. */
  public enum Kind {
    PATTERN,
    EPOCH_SECONDS,
    EPOCH_MILLIS
  }

  /** The spellings of the epoch formats, for specs and error messages. */
  public static final String EPOCH_SECONDS_NAME = "epoch_seconds";

  public static final String EPOCH_MILLIS_NAME = "epoch_millis";

  public static final ColumnFormat EPOCH_SECONDS = new ColumnFormat(Kind.EPOCH_SECONDS, null);
  public static final ColumnFormat EPOCH_MILLIS = new ColumnFormat(Kind.EPOCH_MILLIS, null);

  /** Formatted with a pattern and read back, to tell whether the pattern reads a whole value. */
  private static final ZonedDateTime SAMPLE =
      ZonedDateTime.of(2025, 2, 6, 8, 55, 6, 123_456_789, ZoneOffset.UTC);

  public ColumnFormat {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.PATTERN) != (pattern != null)) {
      throw new IllegalArgumentException("A pattern format needs a pattern, an epoch format none");
    }
  }

  /**
   * The format spelled {@code text} for a column of {@code type}: {@code epoch_seconds}, {@code
   * epoch_millis} (timestamps only) or a pattern.
   *
   * @throws IllegalArgumentException saying why, without a fix, when the type takes no format, the
   *     pattern does not compile, or it cannot read a whole date (date) or date and time of day
   *     (timestamps)
   */
  public static ColumnFormat of(String text, ColumnType type) {
    if (!type.isTimestamp() && type.kind() != ColumnType.Kind.DATE) {
      throw new IllegalArgumentException(
          "a format applies only to date, timestamp and timestamptz columns, not to " + type);
    }
    String trimmed = text.strip();
    if (trimmed.equalsIgnoreCase(EPOCH_SECONDS_NAME)
        || trimmed.equalsIgnoreCase(EPOCH_MILLIS_NAME)) {
      if (!type.isTimestamp()) {
        throw new IllegalArgumentException(
            trimmed + " applies only to timestamp and timestamptz columns, not to " + type);
      }
      return trimmed.equalsIgnoreCase(EPOCH_SECONDS_NAME) ? EPOCH_SECONDS : EPOCH_MILLIS;
    }
    ColumnFormat format = new ColumnFormat(Kind.PATTERN, text);
    DateTimeFormatter formatter = format.formatter();
    TemporalAccessor parsed;
    try {
      parsed = formatter.parse(formatter.format(SAMPLE));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("it cannot read back what it writes: " + e.getMessage());
    }
    if (!readsWhole(parsed, true)) {
      throw new IllegalArgumentException("it does not give a whole date (year, month and day)");
    }
    if (type.isTimestamp() && !readsWhole(parsed, false)) {
      throw new IllegalArgumentException(
          "it does not give a time of day (hour and minute; 'hh' needs the AM/PM marker 'a')");
    }
    return format;
  }

  private static boolean readsWhole(TemporalAccessor parsed, boolean date) {
    try {
      if (date) {
        LocalDate.from(parsed);
      } else {
        LocalTime.from(parsed);
      }
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /**
   * The formatter of a pattern format. Strict, so that 31/02/2025 is an error rather than the last
   * day of February; year-of-era ({@code yyyy}) counts as of the current era, and month and day
   * names are English.
   *
   * @throws IllegalArgumentException when the pattern does not compile, or this is an epoch format
   */
  public DateTimeFormatter formatter() {
    if (kind != Kind.PATTERN) {
      throw new IllegalArgumentException(this + " is not a pattern");
    }
    return new DateTimeFormatterBuilder()
        .appendPattern(pattern)
        .parseDefaulting(ChronoField.ERA, 1)
        .toFormatter(Locale.ENGLISH)
        .withChronology(IsoChronology.INSTANCE)
        .withResolverStyle(ResolverStyle.STRICT);
  }

  /** What a value written in this format looks like, for the error of a value that does not fit. */
  public String expected() {
    return switch (kind) {
      case PATTERN -> "expected the format '" + pattern + "'";
      case EPOCH_SECONDS ->
          "expected seconds since 1970-01-01T00:00Z, a number such as 1738832106 or"
              + " 1738832106.25 (at most 9 decimal places)";
      case EPOCH_MILLIS ->
          "expected milliseconds since 1970-01-01T00:00Z, a number such as 1738832106250 or"
              + " 1738832106250.5 (at most 6 decimal places)";
    };
  }

  /** The spelling used in specs. */
  @Override
  public String toString() {
    return switch (kind) {
      case PATTERN -> pattern;
      case EPOCH_SECONDS -> EPOCH_SECONDS_NAME;
      case EPOCH_MILLIS -> EPOCH_MILLIS_NAME;
    };
  }
}
