package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A column type as written in a pipeline spec ({@code bigint}, {@code decimal(10,2)}, ...), with
 * its Iceberg and Flink SQL equivalents.
 */
public record ColumnType(Kind kind, int precision, int scale) implements Serializable {

  /** The type names a spec may use. */
  public enum Kind {
    STRING,
    INT,
    BIGINT,
    DOUBLE,
    BOOLEAN,
    DATE,
    TIMESTAMP,
    TIMESTAMPTZ,
    DECIMAL
  }

  /** The spellings accepted by {@link #parse}, for error messages. */
  public static final String ALLOWED =
      "string, int, bigint, double, boolean, date, timestamp, timestamptz, decimal(p,s)";

  /** The rule {@code decimal(p,s)} must follow; Iceberg stores at most 38 digits. */
  static final String DECIMAL_RULE = "precision must be 1..38 and scale 0..precision";

  private static final Pattern DECIMAL =
      Pattern.compile("decimal\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  public static final ColumnType STRING = new ColumnType(Kind.STRING, 0, 0);
  public static final ColumnType INT = new ColumnType(Kind.INT, 0, 0);
  public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, 0, 0);
  public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, 0, 0);
  public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 0, 0);
  public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);
  public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, 0, 0);
  public static final ColumnType TIMESTAMPTZ = new ColumnType(Kind.TIMESTAMPTZ, 0, 0);

  public ColumnType {
    if (kind == Kind.DECIMAL
        && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
      throw new IllegalArgumentException(
          "Invalid decimal(" + precision + "," + scale + "): " + DECIMAL_RULE);
    }
  }

  public static ColumnType decimal(int precision, int scale) {
    return new ColumnType(Kind.DECIMAL, precision, scale);
  }

  /**
   * Parses a spec type name, case-insensitively; {@code long} and {@code integer} are accepted as
   * aliases.
   *
   * @throws IllegalArgumentException naming the allowed types when the text is not one of them
   */
  public static ColumnType parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "string":
        return STRING;
      case "int":
      case "integer":
        return INT;
      case "bigint":
      case "long":
        return BIGINT;
      case "double":
        return DOUBLE;
      case "boolean":
        return BOOLEAN;
      case "date":
        return DATE;
      case "timestamp":
        return TIMESTAMP;
      case "timestamptz":
        return TIMESTAMPTZ;
      default:
        Matcher m = DECIMAL.matcher(t);
        if (m.matches()) {
          return decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        throw new IllegalArgumentException(
            "Invalid type '" + text + "': expected one of " + ALLOWED);
    }
  }

  /** Whether values of this type are points in time: {@code timestamp} or {@code timestamptz}. */
  public boolean isTimestamp() {
    return kind == Kind.TIMESTAMP || kind == Kind.TIMESTAMPTZ;
  }

  /** Whether the text is spelled {@code decimal(p,s)}, whatever p and s are. */
  static boolean isDecimalSpelling(String text) {
    return text != null && DECIMAL.matcher(text.trim().toLowerCase(Locale.ROOT)).matches();
  }

  /**
   * The Iceberg type: {@code timestamp} is without zone (Flink {@code TIMESTAMP(6)}), {@code
   * timestamptz} an instant (Flink {@code TIMESTAMP_LTZ(6)}).
   */
  public Type icebergType() {
    return switch (kind) {
      case STRING -> Types.StringType.get();
      case INT -> Types.IntegerType.get();
      case BIGINT -> Types.LongType.get();
      case DOUBLE -> Types.DoubleType.get();
      case BOOLEAN -> Types.BooleanType.get();
      case DATE -> Types.DateType.get();
      case TIMESTAMP -> Types.TimestampType.withoutZone();
      case TIMESTAMPTZ -> Types.TimestampType.withZone();
      case DECIMAL -> Types.DecimalType.of(precision, scale);
    };
  }

  /**
   * The column type whose Iceberg type is {@code type}, the inverse of {@link #icebergType()}: how
   * a column a bronze table holds, and the spec does not declare, is read.
   *
   * @throws IllegalArgumentException for a type no spec column can have
   */
  public static ColumnType of(Type type) {
    for (Kind kind : Kind.values()) {
      if (kind != Kind.DECIMAL && new ColumnType(kind, 0, 0).icebergType().equals(type)) {
        return new ColumnType(kind, 0, 0);
      }
    }
    if (type instanceof Types.DecimalType decimal) {
      return decimal(decimal.precision(), decimal.scale());
    }
    throw new IllegalArgumentException(
        "Cannot read Iceberg type " + type + " as a column type: expected one of " + ALLOWED);
  }

  /**
   * The column type that holds values of Flink type {@code type} (the type of a derived column's
   * expression): character strings as {@code string}, small integers as {@code int}, {@code FLOAT}
   * as {@code double}; empty for a type no column can hold (arrays, maps, rows, times of day).
   */
  public static Optional<ColumnType> holding(LogicalType type) {
    return Optional.ofNullable(
        switch (type.getTypeRoot()) {
          case CHAR, VARCHAR -> STRING;
          case TINYINT, SMALLINT, INTEGER -> INT;
          case BIGINT -> BIGINT;
          case FLOAT, DOUBLE -> DOUBLE;
          case BOOLEAN -> BOOLEAN;
          case DATE -> DATE;
          case TIMESTAMP_WITHOUT_TIME_ZONE -> TIMESTAMP;
          case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_WITH_TIME_ZONE -> TIMESTAMPTZ;
          case DECIMAL -> {
            DecimalType decimal = (DecimalType) type;
            yield decimal(decimal.getPrecision(), decimal.getScale());
          }
          default -> null;
        });
  }

  /** The Flink SQL type, as used in {@code CAST(x AS ...)}. */
  public String sqlType() {
    return switch (kind) {
      case STRING -> "STRING";
      case INT -> "INT";
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP(6)";
      case TIMESTAMPTZ -> "TIMESTAMP_LTZ(6)";
      case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
    };
  }

  /**
   * A Flink SQL literal of this type holding the value {@code text} is written as in the spec: a
   * number, {@code true}/{@code false}, an ISO date ({@code 2025-02-06}), an ISO timestamp ({@code
   * 2025-02-06T08:55:06}; for {@code timestamptz} a UTC time), or any text for a string.
   *
   * @throws IllegalArgumentException when {@code text} is no value of this type, saying why
   */
  public String sqlLiteral(String text) {
    String value = text.strip();
    try {
      String checked =
          switch (kind) {
            case STRING -> text;
            case INT -> Integer.toString(Integer.parseInt(value));
            case BIGINT -> Long.toString(Long.parseLong(value));
            case DOUBLE -> Double.toString(Double.parseDouble(value));
            case BOOLEAN -> {
              if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("write true or false");
              }
              yield value.toLowerCase(Locale.ROOT);
            }
            case DECIMAL -> {
              BigDecimal number = new BigDecimal(value);
              if (number.scale() > scale
                  || number.precision() - number.scale() > precision - scale) {
                throw new IllegalArgumentException(
                    "it needs more than " + precision + " digits or " + scale + " decimal places");
              }
              yield number.toPlainString();
            }
            case DATE -> LocalDate.parse(value).toString();
            case TIMESTAMP, TIMESTAMPTZ ->
                LocalDateTime.parse(value.replace(' ', 'T')).toString().replace('T', ' ');
          };
      return "CAST('" + checked.replace("'", "''") + "' AS " + sqlType() + ")";
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          kind == Kind.DATE
              ? "write an ISO date, like 2025-02-06"
              : isTimestamp()
                  ? "write an ISO timestamp, like 2025-02-06T08:55:06"
                  : "write a number",
          e);
    }
  }

  /** The spelling used in specs. */
  @Override
  public String toString() {
    return kind == Kind.DECIMAL
        ? "decimal(" + precision + "," + scale + ")"
        : kind.name().toLowerCase(Locale.ROOT);
  }
}
