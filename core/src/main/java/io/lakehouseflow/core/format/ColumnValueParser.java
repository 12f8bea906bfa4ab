package io.lakehouseflow.core.format;

import io.lakehouseflow.core.spec.ColumnFormat;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Converts the text of one field to Flink's internal value of a declared column, in the column's
 * format. Strings are kept as written; other types ignore surrounding spaces.
 *
 * <p>A {@code timestamp} or {@code timestamptz} value with {@code Z} or an offset is converted to
 * UTC; one without is taken as written, which for {@code timestamptz} means as UTC. Both types are
 * stored the same way internally (Flink's {@link TimestampData} of the UTC time), so a timestamp
 * column holds the UTC wall-clock time of a zoned value.
 */
public final class ColumnValueParser implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The ISO-8601 forms every timestamp column accepts without a declared format. */
  public static final String TIMESTAMP_FORMATS =
      "yyyy-MM-dd'T'HH:mm[:ss[.fraction of up to 9 digits]] (a space may replace the 'T'),"
          + " optionally followed by Z or an offset such as +02:00, +0200 or -05";

  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  /**
   * ISO date and time with an optional offset. The offset is parsed leniently, which for the
   * pattern {@code +HH} accepts {@code +02}, {@code +0200} and {@code +02:00} alike.
   */
  private static final DateTimeFormatter ISO_TIMESTAMP =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .parseLenient()
          .appendOffset("+HH", "Z")
          .parseStrict()
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withChronology(IsoChronology.INSTANCE)
          .withResolverStyle(ResolverStyle.STRICT);

  private final ColumnType type;
  private final ColumnFormat format;

  private transient DateTimeFormatter pattern;

  public ColumnValueParser(ColumnSpec column) {
    this.type = column.type();
    this.format = column.format();
  }

  /**
   * The internal value ({@link StringData}, Integer, Long, Double, Boolean, epoch day, {@link
   * TimestampData}, {@link DecimalData}) of a non-null field.
   *
   * @throws IllegalArgumentException with the reason (may be empty) when the text is not a value of
   *     the type in the column's format
   */
  public Object parse(String text) {
    String value = text.strip();
    try {
      return switch (type.kind()) {
        case STRING -> StringData.fromString(text);
        case INT -> Integer.parseInt(value);
        case BIGINT -> Long.parseLong(value);
        case DOUBLE -> Double.parseDouble(value);
        case BOOLEAN -> parseBoolean(value);
        case DATE -> (int) parseDate(value).toEpochDay();
        case TIMESTAMP, TIMESTAMPTZ -> TimestampData.fromLocalDateTime(parseUtc(value));
        case DECIMAL -> parseDecimal(value);
      };
    } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException(expectedFormat(), e);
    }
  }

  public ColumnType type() {
    return type;
  }

  private String expectedFormat() {
    if (format != null) {
      return format.expected();
    }
    return switch (type.kind()) {
      case DATE -> "expected yyyy-MM-dd";
      case TIMESTAMP, TIMESTAMPTZ -> "expected " + TIMESTAMP_FORMATS;
      default -> "";
    };
  }

  private static Boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private LocalDate parseDate(String value) {
    return format == null ? LocalDate.parse(value) : LocalDate.from(pattern().parse(value));
  }

  /** The UTC date and time of a timestamp value. */
  private LocalDateTime parseUtc(String value) {
    if (format == null) {
      // ISO with 'T', or the common SQL spelling with a space between date and time.
      String iso =
          value.length() > 10 && value.charAt(10) == ' '
              ? value.substring(0, 10) + 'T' + value.substring(11)
              : value;
      return toUtc(ISO_TIMESTAMP.parse(iso));
    }
    return switch (format.kind()) {
      case PATTERN -> toUtc(pattern().parse(value));
      case EPOCH_SECONDS -> fromEpoch(new BigDecimal(value), 9);
      case EPOCH_MILLIS -> fromEpoch(new BigDecimal(value), 6);
    };
  }

  /** A parsed date and time, at its zone or offset when it has one, else as UTC. */
  private static LocalDateTime toUtc(TemporalAccessor parsed) {
    LocalDateTime local = LocalDateTime.from(parsed);
    ZoneId zone = parsed.query(TemporalQueries.zone());
    return zone == null
        ? local
        : LocalDateTime.ofInstant(local.atZone(zone).toInstant(), ZoneOffset.UTC);
  }

  /**
   * The time {@code amount} units after the epoch, where a unit is {@code 10^nanoDigits}
   * nanoseconds.
   *
   * @throws ArithmeticException when the amount is finer than a nanosecond, rather than rounding
   */
  private static LocalDateTime fromEpoch(BigDecimal amount, int nanoDigits) {
    BigInteger[] secondsAndNanos =
        amount.movePointRight(nanoDigits).toBigIntegerExact().divideAndRemainder(NANOS_PER_SECOND);
    Instant instant =
        Instant.ofEpochSecond(
            secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private DateTimeFormatter pattern() {
    if (pattern == null) {
      pattern = format.formatter();
    }
    return pattern;
  }

  private DecimalData parseDecimal(String value) {
    BigDecimal decimal = new BigDecimal(value);
    if (decimal.scale() > type.scale()) {
      BigDecimal stripped = decimal.stripTrailingZeros();
      if (stripped.scale() > type.scale()) {
        throw new IllegalArgumentException(
            "it has " + stripped.scale() + " decimal places, more than " + type.scale());
      }
    }
    BigDecimal scaled = decimal.setScale(type.scale(), RoundingMode.UNNECESSARY);
    if (scaled.precision() > type.precision()) {
      throw new IllegalArgumentException(
          "it has " + scaled.precision() + " digits, more than " + type.precision());
    }
    return DecimalData.fromBigDecimal(scaled, type.precision(), type.scale());
  }
}
