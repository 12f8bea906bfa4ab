package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.TimestampData;

/**
 * The values of Avro fields, as Avro's generic reader gives them (no logical-type conversions:
 * dates as ints, timestamps as longs, decimals as bytes), as bronze takes them: each type with its
 * logical type has a column type it reads as directly ({@link #typeOf}, also what inference gives
 * the column), a text (what a value of another declared type is parsed from, as CSV text would be)
 * and a JSON form (records, arrays, maps and unions of several types are kept as JSON text).
 *
 * <p>A union of null and one type is that type, nullable. {@code timestamp-millis} and {@code
 * -micros} are instants ({@code timestamptz}, text ending with {@code Z}); {@code
 * local-timestamp-*} are wall-clock times ({@code timestamp}). Bytes and fixed without a logical
 * type read as base64.
 */
final class AvroFields {
  private static final JsonFactory JSON = new JsonFactory();

  private AvroFields() {}

  /** The field {@code field} is, as the reader of a file with a schema sees it. */
  static FileField field(Schema.Field field) {
    Schema schema = nonNull(field.schema());
    boolean scalar = isScalar(schema);
    return new FileField(
        field.name(), typeOf(schema), scalar, scalar && isJsonString(schema), describe(schema));
  }

  /** {@code schema} without its null branch when it is a union of null and one other type. */
  static Schema nonNull(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      List<Schema> types = schema.getTypes();
      if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL) {
        return types.get(1);
      }
      if (types.size() == 2 && types.get(1).getType() == Schema.Type.NULL) {
        return types.get(0);
      }
    }
    return schema;
  }

  private static boolean isScalar(Schema schema) {
    return switch (schema.getType()) {
      case RECORD, ARRAY, MAP, UNION, NULL -> false;
      default -> true;
    };
  }

  /** The column type a value of {@code schema} (without null) reads as without conversion. */
  static ColumnType typeOf(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      return decimal.getPrecision() <= 38
          ? ColumnType.decimal(decimal.getPrecision(), decimal.getScale())
          : ColumnType.STRING;
    }
    String name = logical == null ? "" : logical.getName();
    return switch (schema.getType()) {
      case INT ->
          switch (name) {
            case "date" -> ColumnType.DATE;
            case "time-millis" -> ColumnType.STRING;
            default -> ColumnType.INT;
          };
      case LONG ->
          switch (name) {
            case "timestamp-millis", "timestamp-micros" -> ColumnType.TIMESTAMPTZ;
            case "local-timestamp-millis", "local-timestamp-micros" -> ColumnType.TIMESTAMP;
            case "time-micros" -> ColumnType.STRING;
            default -> ColumnType.BIGINT;
          };
      case FLOAT, DOUBLE -> ColumnType.DOUBLE;
      case BOOLEAN -> ColumnType.BOOLEAN;
      default -> ColumnType.STRING;
    };
  }

  /**
   * The internal Flink value of {@code value}, of {@code schema}, whose own type is {@code type}.
   */
  static Object internal(Object value, Schema schema, ColumnType type) {
    return switch (type.kind()) {
      case INT, DATE -> (Integer) value;
      case BIGINT -> (Long) value;
      case DOUBLE ->
          value instanceof Float f
              // The float's shortest decimal text, so 0.1f stays 0.1 rather than 0.10000000149.
              ? Double.parseDouble(Float.toString(f))
              : (Double) value;
      case BOOLEAN -> (Boolean) value;
      case TIMESTAMP, TIMESTAMPTZ -> TimestampData.fromInstant(instant((Long) value, schema));
      case DECIMAL ->
          DecimalData.fromBigDecimal(decimal(value, schema), type.precision(), type.scale());
      case STRING -> throw new IllegalStateException("strings are read as text");
    };
  }

  /** The text of {@code value}, of {@code schema} (without null). */
  static String text(Object value, Schema schema) {
    LogicalType logical = schema.getLogicalType();
    String name = logical == null ? "" : logical.getName();
    if (logical instanceof LogicalTypes.Decimal) {
      return decimal(value, schema).toPlainString();
    }
    switch (name) {
      case "date":
        return LocalDate.ofEpochDay((Integer) value).toString();
      case "time-millis":
        return LocalTime.ofNanoOfDay((Integer) value * 1_000_000L).toString();
      case "time-micros":
        return LocalTime.ofNanoOfDay((Long) value * 1_000L).toString();
      case "timestamp-millis", "timestamp-micros":
        return instant((Long) value, schema).toString();
      case "local-timestamp-millis", "local-timestamp-micros":
        return LocalDateTime.ofInstant(instant((Long) value, schema), ZoneOffset.UTC).toString();
      default:
        break;
    }
    return switch (schema.getType()) {
      case BYTES -> Base64.getEncoder().encodeToString(bytes((ByteBuffer) value));
      case FIXED -> Base64.getEncoder().encodeToString(((GenericFixed) value).bytes());
      case RECORD, ARRAY, MAP, UNION -> json(value, schema);
      default -> value.toString();
    };
  }

  /** Whether values of {@code schema} are JSON strings, not numbers or booleans. */
  static boolean isJsonString(Schema schema) {
    if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
      return false;
    }
    return switch (schema.getType()) {
      case INT, LONG -> schema.getLogicalType() != null;
      case FLOAT, DOUBLE, BOOLEAN, NULL, RECORD, ARRAY, MAP, UNION -> false;
      default -> true;
    };
  }

  /** The JSON text of {@code value}, of {@code schema}. */
  static String json(Object value, Schema schema) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      write(json, value, schema);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write an Avro value as JSON", e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator json, Object value, Schema schema) throws IOException {
    if (value == null) {
      json.writeNull();
      return;
    }
    switch (schema.getType()) {
      case UNION ->
          write(json, value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
      case RECORD -> {
        GenericRecord record = (GenericRecord) value;
        json.writeStartObject();
        for (Schema.Field field : schema.getFields()) {
          json.writeFieldName(field.name());
          write(json, record.get(field.pos()), field.schema());
        }
        json.writeEndObject();
      }
      case ARRAY -> {
        json.writeStartArray();
        for (Object element : (Iterable<?>) value) {
          write(json, element, schema.getElementType());
        }
        json.writeEndArray();
      }
      case MAP -> {
        json.writeStartObject();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          json.writeFieldName(entry.getKey().toString());
          write(json, entry.getValue(), schema.getValueType());
        }
        json.writeEndObject();
      }
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case FLOAT, DOUBLE -> {
        double number = ((Number) value).doubleValue();
        if (Double.isFinite(number)) {
          json.writeNumber(value.toString());
        } else {
          // JSON has no NaN or infinity: their text keeps them.
          json.writeString(value.toString());
        }
      }
      default -> {
        if (isJsonString(schema)) {
          json.writeString(text(value, schema));
        } else {
          json.writeNumber(text(value, schema));
        }
      }
    }
  }

  private static String describe(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    String type = schema.getType().getName();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      return "Avro " + type + " decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    return "Avro " + type + (logical == null ? "" : " " + logical.getName());
  }

  private static BigDecimal decimal(Object value, Schema schema) {
    int scale = ((LogicalTypes.Decimal) schema.getLogicalType()).getScale();
    byte[] bytes = value instanceof GenericFixed fixed ? fixed.bytes() : bytes((ByteBuffer) value);
    return new BigDecimal(new BigInteger(bytes), scale);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  private static Instant instant(long value, Schema schema) {
    String name = schema.getLogicalType().getName();
    return name.endsWith("millis")
        ? Instant.ofEpochMilli(value)
        : Instant.ofEpochSecond(
            Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
  }
}
