package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Converts the text of one CSV field to Flink's internal value of a declared column type. Strings
 * are kept as written; other types ignore surrounding spaces.
 */
final class ColumnValueParser implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String TIMESTAMP_FORMATS =
      "yyyy-MM-dd'T'HH:mm:ss[.SSS] or yyyy-MM-dd HH:mm:ss[.SSS]";

  private final ColumnType type;

  ColumnValueParser(ColumnType type) {
    this.type = type;
  }

  /**
   * The internal value ({@link StringData}, Integer, Long, Double, Boolean, epoch day, {@link
   * TimestampData}, {@link DecimalData}) of a non-null field.
   *
   * @throws IllegalArgumentException with the reason (may be empty) when the text is not a value of
   *     the type
   */
  Object parse(String text) {
    String value = text.strip();
    try {
      return switch (type.kind()) {
        case STRING -> StringData.fromString(text);
        case INT -> Integer.parseInt(value);
        case BIGINT -> Long.parseLong(value);
        case DOUBLE -> Double.parseDouble(value);
        case BOOLEAN -> parseBoolean(value);
        case DATE -> (int) LocalDate.parse(value).toEpochDay();
        case TIMESTAMP -> parseTimestamp(value);
        case DECIMAL -> parseDecimal(value);
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(expectedFormat(), e);
    }
  }

  ColumnType type() {
    return type;
  }

  private String expectedFormat() {
    return switch (type.kind()) {
      case DATE -> "expected yyyy-MM-dd";
      case TIMESTAMP -> "expected " + TIMESTAMP_FORMATS;
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

  private static TimestampData parseTimestamp(String value) {
    // ISO with 'T', or the common SQL spelling with a space between date and time.
    String iso =
        value.length() > 10 && value.charAt(10) == ' '
            ? value.substring(0, 10) + 'T' + value.substring(11)
            : value;
    return TimestampData.fromLocalDateTime(LocalDateTime.parse(iso));
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
