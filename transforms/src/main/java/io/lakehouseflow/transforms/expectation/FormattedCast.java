package io.lakehouseflow.transforms.expectation;

import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.format.ColumnValueParser;
import io.lakehouseflow.core.spec.ColumnFormat;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * The cast of a string to a {@code date}, {@code timestamp} or {@code timestamptz} in a declared
 * format ({@code casts: {booked_at: {type: timestamp, format: "dd/MM/yyyy HH:mm"}}}), read by the
 * parser bronze uses for the same format, so a format means the same in both layers. Like {@code
 * TRY_CAST}, a value that does not fit gives NULL, which the cast's rule then reports.
 */
public abstract class FormattedCast extends ScalarFunction {
  private final ColumnType type;
  private transient Map<String, ColumnValueParser> parsers;

  FormattedCast(ColumnType type) {
    this.type = type;
  }

  /** The SQL name of the function casting to {@code type}. */
  public static String functionName(ColumnType type) {
    return "lakehouse_cast_" + type.kind().name().toLowerCase(Locale.ROOT);
  }

  /** The registered functions, by SQL name. */
  public static Map<String, FormattedCast> functions() {
    return Map.of(
        functionName(ColumnType.DATE), new ToDate(),
        functionName(ColumnType.TIMESTAMP), new ToTimestamp(),
        functionName(ColumnType.TIMESTAMPTZ), new ToTimestamptz());
  }

  /** The SQL of {@code value} cast to {@code type} in {@code format}. */
  public static String sql(String value, ColumnType type, ColumnFormat format) {
    return functionName(type) + "(" + value + ", " + SqlQuoting.literal(format.toString()) + ")";
  }

  /** The UTC time of {@code text} read in {@code format}, or null when it does not fit. */
  LocalDateTime utc(String text, String format) {
    if (text == null) {
      return null;
    }
    if (parsers == null) {
      parsers = new HashMap<>();
    }
    ColumnValueParser parser =
        parsers.computeIfAbsent(
            format,
            f -> new ColumnValueParser(new ColumnSpec("value", type, ColumnFormat.of(f, type))));
    try {
      Object parsed = parser.parse(text);
      return parsed instanceof Integer epochDay
          ? LocalDate.ofEpochDay(epochDay).atStartOfDay()
          : ((TimestampData) parsed).toLocalDateTime();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** To {@code date}. */
  public static final class ToDate extends FormattedCast {
    public ToDate() {
      super(ColumnType.DATE);
    }

    public LocalDate eval(String text, String format) {
      LocalDateTime utc = utc(text, format);
      return utc == null ? null : utc.toLocalDate();
    }
  }

  /** To {@code timestamp}: the UTC time of a zoned value, a value without zone as written. */
  public static final class ToTimestamp extends FormattedCast {
    public ToTimestamp() {
      super(ColumnType.TIMESTAMP);
    }

    public LocalDateTime eval(String text, String format) {
      return utc(text, format);
    }
  }

  /** To {@code timestamptz}: an instant; a value without zone is UTC. */
  public static final class ToTimestamptz extends FormattedCast {
    public ToTimestamptz() {
      super(ColumnType.TIMESTAMPTZ);
    }

    public Instant eval(String text, String format) {
      LocalDateTime utc = utc(text, format);
      return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
  }
}
