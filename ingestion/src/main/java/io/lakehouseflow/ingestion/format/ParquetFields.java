package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.TimestampData;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The values of Parquet fields as bronze takes them: each primitive type with its logical
 * annotation has a column type it reads as directly ({@link #typeOf}, also what inference gives the
 * column), a text (what a value of another declared type is parsed from, as CSV text would be) and
 * a JSON form (for groups, lists and maps kept as JSON text, and for {@code _rescued_data}).
 *
 * <p>Timestamps: a UTC-adjusted one is an instant ({@code timestamptz}), its text ends with {@code
 * Z}; one that is not is a local date-time ({@code timestamp}). INT96 (legacy Spark, Impala, Hive)
 * is an instant in nanoseconds. Binary without an annotation has no text of its own: it reads as
 * base64.
 */
final class ParquetFields {
  private static final JsonFactory JSON = new JsonFactory();
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private ParquetFields() {}

  /** The field {@code type} is, as the reader of a file with a schema sees it. */
  static FileField field(Type type) {
    boolean scalar = type.isPrimitive() && !type.isRepetition(Type.Repetition.REPEATED);
    return new FileField(
        type.getName(), typeOf(type), scalar, scalar && isJsonString(type), describe(type));
  }

  /** A field's type as Parquet names it, for errors: {@code Parquet binary STRING}. */
  private static String describe(Type type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    String name =
        type.isPrimitive()
            ? type.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(Locale.ROOT)
            : "group";
    String repeated = type.isRepetition(Type.Repetition.REPEATED) ? "repeated " : "";
    return "Parquet " + repeated + name + (logical == null ? "" : " " + logical);
  }

  /** The column type a field of type {@code type} reads as without conversion. */
  static ColumnType typeOf(Type type) {
    if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
      return ColumnType.STRING;
    }
    PrimitiveType primitive = type.asPrimitiveType();
    LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      return decimal.getPrecision() <= 38
          ? ColumnType.decimal(decimal.getPrecision(), decimal.getScale())
          : ColumnType.STRING;
    }
    if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
      return timestamp.isAdjustedToUTC() ? ColumnType.TIMESTAMPTZ : ColumnType.TIMESTAMP;
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return ColumnType.DATE;
    }
    if (logical instanceof TimeLogicalTypeAnnotation) {
      return ColumnType.STRING;
    }
    return switch (primitive.getPrimitiveTypeName()) {
      case BOOLEAN -> ColumnType.BOOLEAN;
      case INT32 ->
          logical instanceof IntLogicalTypeAnnotation i && !i.isSigned()
              ? ColumnType.BIGINT
              : ColumnType.INT;
      case INT64 ->
          logical instanceof IntLogicalTypeAnnotation i && !i.isSigned()
              ? ColumnType.decimal(20, 0)
              : ColumnType.BIGINT;
      case FLOAT, DOUBLE -> ColumnType.DOUBLE;
      case INT96 -> ColumnType.TIMESTAMPTZ;
      case BINARY, FIXED_LEN_BYTE_ARRAY -> ColumnType.STRING;
    };
  }

  /**
   * The internal Flink value of {@code group}'s field {@code field} (its first value), which must
   * be of a primitive type whose {@link #typeOf} has {@code kind}: Integer, Long, Double, Boolean,
   * epoch day, {@link TimestampData}, {@link DecimalData}. Strings go through {@link #text}.
   */
  static Object internal(Group group, int field, ColumnType type) {
    PrimitiveType primitive = group.getType().getType(field).asPrimitiveType();
    LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
    return switch (type.kind()) {
      case INT -> group.getInteger(field, 0);
      case BIGINT ->
          primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
              ? Integer.toUnsignedLong(group.getInteger(field, 0))
              : group.getLong(field, 0);
      case DOUBLE ->
          primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT
              // The float's shortest decimal text, so 0.1f stays 0.1 rather than 0.10000000149.
              ? Double.parseDouble(Float.toString(group.getFloat(field, 0)))
              : group.getDouble(field, 0);
      case BOOLEAN -> group.getBoolean(field, 0);
      case DATE -> group.getInteger(field, 0);
      case TIMESTAMP, TIMESTAMPTZ -> TimestampData.fromInstant(instant(group, field, logical));
      case DECIMAL -> {
        BigDecimal value = decimal(group, field, primitive, logical);
        yield DecimalData.fromBigDecimal(value, type.precision(), type.scale());
      }
      case STRING -> throw new IllegalStateException("strings are read as text");
    };
  }

  /** The text of value {@code index} of {@code group}'s field {@code field}. */
  static String text(Group group, int field, int index) {
    Type type = group.getType().getType(field);
    if (!type.isPrimitive()) {
      return json(group, field, index);
    }
    PrimitiveType primitive = type.asPrimitiveType();
    LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation) {
      return decimal(group, field, primitive, logical).toPlainString();
    }
    if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
      Instant instant = instant(group, field, index, logical);
      return timestamp.isAdjustedToUTC()
          ? instant.toString()
          : LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay(group.getInteger(field, index)).toString();
    }
    if (logical instanceof TimeLogicalTypeAnnotation time) {
      long value =
          primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
              ? group.getInteger(field, index)
              : group.getLong(field, index);
      long nanos =
          switch (time.getUnit()) {
            case MILLIS -> value * 1_000_000L;
            case MICROS -> value * 1_000L;
            case NANOS -> value;
          };
      return LocalTime.ofNanoOfDay(nanos).toString();
    }
    return switch (primitive.getPrimitiveTypeName()) {
      case BOOLEAN -> Boolean.toString(group.getBoolean(field, index));
      case INT32 ->
          logical instanceof IntLogicalTypeAnnotation i && !i.isSigned()
              ? Integer.toUnsignedString(group.getInteger(field, index))
              : Integer.toString(group.getInteger(field, index));
      case INT64 ->
          logical instanceof IntLogicalTypeAnnotation i && !i.isSigned()
              ? Long.toUnsignedString(group.getLong(field, index))
              : Long.toString(group.getLong(field, index));
      case FLOAT -> Float.toString(group.getFloat(field, index));
      case DOUBLE -> Double.toString(group.getDouble(field, index));
      case INT96 -> instant(group, field, index, logical).toString();
      case BINARY, FIXED_LEN_BYTE_ARRAY -> binaryText(group.getBinary(field, index), logical);
    };
  }

  /** Whether a field's values are written as JSON strings (rather than numbers, booleans...). */
  static boolean isJsonString(Type type) {
    if (!type.isPrimitive()) {
      return false;
    }
    PrimitiveType primitive = type.asPrimitiveType();
    LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation) {
      return false;
    }
    return switch (primitive.getPrimitiveTypeName()) {
      case BOOLEAN, FLOAT, DOUBLE -> false;
      case INT32, INT64 ->
          logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
              || logical instanceof TimestampLogicalTypeAnnotation
              || logical instanceof TimeLogicalTypeAnnotation;
      case INT96, BINARY, FIXED_LEN_BYTE_ARRAY -> true;
    };
  }

  /** The JSON text of value {@code index} of {@code group}'s field {@code field}. */
  static String json(Group group, int field, int index) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writeValue(json, group, field, index);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a Parquet value as JSON", e);
    }
    return out.toString();
  }

  /** The JSON text of all of {@code group}'s fields and all their values: a whole row. */
  static String json(Group group) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writeFields(json, group);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a Parquet row as JSON", e);
    }
    return out.toString();
  }

  /**
   * The JSON text of all values of {@code group}'s field {@code field}: its one value, or an array
   * of them when the field is repeated.
   */
  static String jsonOfField(Group group, int field) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writeField(json, group, field);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a Parquet value as JSON", e);
    }
    return out.toString();
  }

  private static void writeFields(JsonGenerator json, Group group) throws IOException {
    json.writeStartObject();
    GroupType type = group.getType();
    for (int f = 0; f < type.getFieldCount(); f++) {
      json.writeFieldName(type.getFieldName(f));
      writeField(json, group, f);
    }
    json.writeEndObject();
  }

  /** A field: null when absent, an array when repeated, else its value. */
  private static void writeField(JsonGenerator json, Group group, int field) throws IOException {
    Type type = group.getType().getType(field);
    int count = group.getFieldRepetitionCount(field);
    if (type.isRepetition(Type.Repetition.REPEATED)) {
      json.writeStartArray();
      for (int i = 0; i < count; i++) {
        writeValue(json, group, field, i);
      }
      json.writeEndArray();
    } else if (count == 0) {
      json.writeNull();
    } else {
      writeValue(json, group, field, 0);
    }
  }

  private static void writeValue(JsonGenerator json, Group group, int field, int index)
      throws IOException {
    Type type = group.getType().getType(field);
    if (type.isPrimitive()) {
      writePrimitive(json, group, field, index, type.asPrimitiveType());
      return;
    }
    Group value = group.getGroup(field, index);
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      writeList(json, value);
    } else if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
      writeMap(json, value);
    } else {
      writeFields(json, value);
    }
  }

  /**
   * A LIST group: its repeated field holds the elements, each the repeated group's one field
   * (three-level lists) or the repeated field itself (two-level, legacy).
   */
  private static void writeList(JsonGenerator json, Group list) throws IOException {
    json.writeStartArray();
    if (list.getType().getFieldCount() == 1) {
      Type repeated = list.getType().getType(0);
      int count = list.getFieldRepetitionCount(0);
      for (int i = 0; i < count; i++) {
        if (!repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1) {
          Group element = list.getGroup(0, i);
          if (element.getFieldRepetitionCount(0) == 0) {
            json.writeNull();
          } else {
            writeValue(json, element, 0, 0);
          }
        } else {
          writeValue(json, list, 0, i);
        }
      }
    }
    json.writeEndArray();
  }

  /** A MAP group: its repeated key_value group's entries, keys by their text. */
  private static void writeMap(JsonGenerator json, Group map) throws IOException {
    json.writeStartObject();
    if (map.getType().getFieldCount() == 1 && !map.getType().getType(0).isPrimitive()) {
      int count = map.getFieldRepetitionCount(0);
      for (int i = 0; i < count; i++) {
        Group entry = map.getGroup(0, i);
        json.writeFieldName(entry.getFieldRepetitionCount(0) == 0 ? "" : text(entry, 0, 0));
        if (entry.getType().getFieldCount() < 2 || entry.getFieldRepetitionCount(1) == 0) {
          json.writeNull();
        } else {
          writeValue(json, entry, 1, 0);
        }
      }
    }
    json.writeEndObject();
  }

  private static void writePrimitive(
      JsonGenerator json, Group group, int field, int index, PrimitiveType type)
      throws IOException {
    if (isJsonString(type)) {
      json.writeString(text(group, field, index));
      return;
    }
    if (type.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation) {
      json.writeNumber(
          decimal(group, field, index, type, type.getLogicalTypeAnnotation()).toPlainString());
      return;
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN -> json.writeBoolean(group.getBoolean(field, index));
      case FLOAT, DOUBLE -> {
        double value =
            type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT
                ? group.getFloat(field, index)
                : group.getDouble(field, index);
        if (Double.isFinite(value)) {
          json.writeNumber(text(group, field, index));
        } else {
          // JSON has no NaN or infinity: their text keeps them.
          json.writeString(text(group, field, index));
        }
      }
      default -> json.writeNumber(text(group, field, index));
    }
  }

  private static String binaryText(Binary binary, LogicalTypeAnnotation logical) {
    if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
      return binary.toStringUsingUTF8();
    }
    if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
      ByteBuffer bytes = binary.toByteBuffer();
      return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }
    return Base64.getEncoder().encodeToString(binary.getBytes());
  }

  private static BigDecimal decimal(
      Group group, int field, PrimitiveType type, LogicalTypeAnnotation logical) {
    return decimal(group, field, 0, type, logical);
  }

  private static BigDecimal decimal(
      Group group, int field, int index, PrimitiveType type, LogicalTypeAnnotation logical) {
    int scale = ((DecimalLogicalTypeAnnotation) logical).getScale();
    return switch (type.getPrimitiveTypeName()) {
      case INT32 -> BigDecimal.valueOf(group.getInteger(field, index), scale);
      case INT64 -> BigDecimal.valueOf(group.getLong(field, index), scale);
      default -> new BigDecimal(new BigInteger(group.getBinary(field, index).getBytes()), scale);
    };
  }

  private static Instant instant(Group group, int field, LogicalTypeAnnotation logical) {
    return instant(group, field, 0, logical);
  }

  private static Instant instant(Group group, int field, int index, LogicalTypeAnnotation logical) {
    if (!(logical instanceof TimestampLogicalTypeAnnotation timestamp)) {
      // INT96: nanoseconds of the day, then the Julian day, little-endian.
      ByteBuffer bytes = group.getInt96(field, index).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long nanosOfDay = bytes.getLong();
      long julianDay = Integer.toUnsignedLong(bytes.getInt());
      long epochDay = julianDay - JULIAN_EPOCH_DAY;
      return Instant.ofEpochSecond(0, 0)
          .plusSeconds(epochDay * 86_400L)
          .plusNanos(Math.floorMod(nanosOfDay, NANOS_PER_DAY));
    }
    long value = group.getLong(field, index);
    return switch (timestamp.getUnit()) {
      case MILLIS -> Instant.ofEpochMilli(value);
      case MICROS ->
          Instant.ofEpochSecond(
              Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
      case NANOS ->
          Instant.ofEpochSecond(
              Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
    };
  }
}
