package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.format.ColumnValueParser;
import io.lakehouseflow.core.layer.BronzeColumns;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.Compression;
import io.lakehouseflow.core.spec.JsonOptions;
import io.lakehouseflow.core.spec.SchemaEvolution;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonToken;

/**
 * Parses the records of one source's JSON Lines files, one JSON object per line, into the values of
 * its declared columns, with Jackson's streaming parser (no tree is built). Top-level fields map to
 * the declared columns by name, case-insensitively as CSV headers do; a declared column the object
 * lacks, or holds {@code null}, reads NULL.
 *
 * <p>A value is converted as CSV text is ({@link ColumnValueParser}): a JSON string by the column's
 * type and format (so timestamps with zones, dates, epoch times work), a number or boolean by its
 * text as written. A string column takes any value: scalars as their text, nested objects and
 * arrays as their JSON text, as written. Fields no column declares follow {@code schema_evolution}:
 * rescued into {@code _rescued_data} as the JSON they were, ignored, or added or refused before a
 * job reads their file ({@link #header} names them). A value that does not fit its column is
 * rescued under {@code rescue} and in a column bronze inferred or added, and otherwise makes the
 * record corrupt. A line that is not one JSON object is a corrupt record whose error names file,
 * line, column and what is wrong, never an exception: one bad line never stops a file.
 */
public final class JsonRecordParser implements TextRecordFormat {
  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED_VALUE = 200;
  private static final char UNDECODABLE = '\uFFFD';

  /** Thread-safe and costly to build: one for every parser of the process. */
  private static final JsonFactory JSON = new JsonFactory();

  private final String sourceName;
  private final String[] columnNames;
  private final ColumnValueParser[] valueParsers;
  private final Map<String, Integer> columnByKey = new HashMap<>();
  private final JsonOptions json;
  private final Duration settle;
  private final SchemaEvolution evolution;
  private final boolean[] rescuesValues;

  private JsonRecordParser(SourceSpec source) {
    this.sourceName = source.name();
    this.columnNames = source.columns().stream().map(ColumnSpec::name).toArray(String[]::new);
    this.valueParsers =
        source.columns().stream().map(ColumnValueParser::new).toArray(ColumnValueParser[]::new);
    for (int c = 0; c < columnNames.length; c++) {
      columnByKey.putIfAbsent(key(columnNames[c]), c);
    }
    this.json = source.json();
    this.settle = source.settle();
    this.evolution = source.evolution();
    // As for CSV: under rescue every column keeps a value that does not fit aside, and so does
    // every column bronze inferred or added (its type a guess from a sample, not a promise).
    this.rescuesValues = new boolean[columnNames.length];
    for (int c = 0; c < columnNames.length; c++) {
      rescuesValues[c] =
          evolution == SchemaEvolution.RESCUE || c >= source.declaredColumns().size();
    }
  }

  /** A parser for the JSON Lines files of {@code source}, with its {@code json:} options. */
  public static JsonRecordParser of(SourceSpec source) {
    return new JsonRecordParser(source);
  }

  @Override
  public String[] columnNames() {
    return columnNames.clone();
  }

  @Override
  public Duration settle() {
    return settle;
  }

  @Override
  public Compression compression() {
    return json.compression();
  }

  @Override
  public String compressionOption() {
    return "json.compression";
  }

  /** JSON exchanged between systems is UTF-8 (RFC 8259 section 8.1). */
  @Override
  public Charset charset() {
    return StandardCharsets.UTF_8;
  }

  /** Every record names its fields, which schema evolution reads before a job ({@link #header}). */
  @Override
  public boolean hasHeader() {
    return true;
  }

  @Override
  public FileRecords records(
      Reader text, boolean complete, String sourceFile, long lastEmittedLine, boolean parse) {
    return new JsonLines(text, this, sourceFile, lastEmittedLine, parse);
  }

  /**
   * The top-level field names of every record of {@code text}, in the order they first appear, each
   * once (its first spelling; names compare case-insensitively): all of them, so that a job never
   * meets a field its table lacks in a file bronze looked at. A line that is not one JSON object
   * names nothing (it is kept as a corrupt record).
   */
  @Override
  public List<String> header(Reader text, boolean complete) throws IOException {
    Map<String, String> names = new LinkedHashMap<>();
    List<String> found = new ArrayList<>();
    try (JsonLines lines = new JsonLines(text, this, "", 0, true)) {
      while (lines.next()) {
        found.clear();
        if (fieldNames(lines.rawText(), found)) {
          found.forEach(name -> names.putIfAbsent(key(name), name));
        }
      }
    }
    return List.copyOf(names.values());
  }

  /**
   * Adds the top-level field names of {@code line} to {@code names}, skipping every value without
   * decoding it (a header scan reads every record of a file, so it is kept lean).
   *
   * @return whether the line is one JSON object
   */
  private static boolean fieldNames(String line, List<String> names) throws IOException {
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        names.add(parser.currentName());
        parser.nextToken();
        parser.skipChildren();
      }
      return parser.nextToken() == null;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** A JSON record's fields are always names, never data. */
  @Override
  public boolean readsAsHeader(List<String> header, List<String> columns) {
    return true;
  }

  /** The top-level fields of the first {@code maxRecords} JSON objects of {@code text}. */
  @Override
  public List<Map<String, SampledValue>> sample(Reader text, boolean complete, int maxRecords)
      throws IOException {
    List<Map<String, SampledValue>> sample = new ArrayList<>();
    try (JsonLines lines = new JsonLines(text, this, "", 0, true)) {
      while (sample.size() < maxRecords && lines.next()) {
        Map<String, SampledValue> fields = fields(lines.rawText());
        if (fields != null) {
          Map<String, SampledValue> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          fields.forEach(byName::putIfAbsent);
          sample.add(byName);
        }
      }
    }
    return sample;
  }

  /**
   * The top-level fields of {@code line}, in order, each with its value (null for JSON null); null
   * when the line is not one JSON object.
   */
  private static Map<String, SampledValue> fields(String line) throws IOException {
    Map<String, SampledValue> fields = new LinkedHashMap<>();
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        fields.putIfAbsent(name, sampled(parser, line, parser.nextToken()));
      }
      return parser.nextToken() == null ? fields : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The value {@code parser} is at, moving past it; null for JSON null. */
  private static SampledValue sampled(JsonParser parser, String line, JsonToken token)
      throws IOException {
    return switch (token) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> new SampledValue(SampledValue.Kind.STRING, parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          new SampledValue(SampledValue.Kind.NUMBER, parser.getText());
      case VALUE_TRUE, VALUE_FALSE -> new SampledValue(SampledValue.Kind.BOOLEAN, parser.getText());
      default -> new SampledValue(SampledValue.Kind.NESTED, jsonText(parser, line, token));
    };
  }

  /**
   * Parses one line, the {@code lineNumber}-th of {@code sourceFile} (both for errors, which read
   * {@code landing/bookings/b.jsonl line 17}).
   */
  ParsedRecord parse(String line, String sourceFile, long lineNumber) {
    if (line.indexOf(UNDECODABLE) >= 0) {
      return ParsedRecord.corrupt(
          "Cannot decode line as UTF-8: its invalid bytes are shown as U+FFFD in _corrupt_record ("
              + sourceFile
              + " line "
              + lineNumber
              + "). JSON files must be UTF-8: save the file as UTF-8.");
    }
    Object[] values = new Object[columnNames.length];
    boolean[] seen = new boolean[columnNames.length];
    List<String> failures = new ArrayList<>();
    RescuedData rescued = null;
    try (JsonParser parser = JSON.createParser(line)) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        return ParsedRecord.corrupt(
            "Cannot parse line: it holds "
                + describe(token)
                + ", not a JSON object ("
                + sourceFile
                + " line "
                + lineNumber
                + "). Write one JSON object per line, such as {\"id\": 1}.");
      }
      int field = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        Integer column = columnByKey.get(key(name));
        if (column == null) {
          String text = jsonText(parser, line, value);
          if (value != JsonToken.VALUE_NULL) {
            rescued = unknownField(rescued, field, name, value, text, sourceFile);
          }
        } else if (seen[column]) {
          jsonText(parser, line, value);
          failures.add("field '" + name + "' appears twice");
        } else {
          seen[column] = true;
          String text = jsonText(parser, line, value);
          try {
            values[column] = value(column, value, text);
          } catch (IllegalArgumentException e) {
            if (rescuesValues[column]) {
              // The column stays NULL and the value as written is kept beside it.
              rescued = rescue(rescued, field, columnNames[column], value, text);
            } else {
              String reason =
                  e.getMessage() == null || e.getMessage().isEmpty() ? "" : ": " + e.getMessage();
              failures.add(
                  "field '"
                      + name
                      + "' value "
                      + abbreviate(value == JsonToken.VALUE_STRING ? "'" + text + "'" : text)
                      + " as "
                      + valueParsers[column].type()
                      + reason);
            }
          }
        }
        field++;
      }
      JsonToken after = parser.nextToken();
      if (after != null) {
        return ParsedRecord.corrupt(
            "Cannot parse line: "
                + describe(after)
                + " follows its JSON object at column "
                + parser.currentTokenLocation().getColumnNr()
                + " ("
                + sourceFile
                + " line "
                + lineNumber
                + "). Write one JSON object per line.");
      }
    } catch (JsonProcessingException e) {
      return ParsedRecord.corrupt(
          "Cannot parse line as JSON: "
              + e.getOriginalMessage()
              + " at column "
              + e.getLocation().getColumnNr()
              + " ("
              + sourceFile
              + " line "
              + lineNumber
              + "). Fix the JSON in the file.");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read a JSON line from memory", e);
    }
    if (!failures.isEmpty()) {
      return ParsedRecord.corrupt(
          "Cannot parse "
              + String.join("; ", failures)
              + " ("
              + sourceFile
              + " line "
              + lineNumber
              + "). Fix the file or declare the column"
              + (failures.size() > 1 ? "s" : "")
              + " as string.");
    }
    return ParsedRecord.valid(values, rescued == null ? null : rescued.toJson());
  }

  /** The internal value of {@code column} for a JSON value, or null for NULL. */
  private Object value(int column, JsonToken token, String text) {
    ColumnValueParser values = valueParsers[column];
    boolean isString = values.type().kind() == ColumnType.Kind.STRING;
    return switch (token) {
      case VALUE_NULL -> null;
      // An empty string is no value of a typed column, as an empty CSV field is NULL.
      case VALUE_STRING -> !isString && text.isBlank() ? null : values.parse(text);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> values.parse(text);
      case START_OBJECT, START_ARRAY -> {
        if (isString) {
          yield values.parse(text);
        }
        throw new IllegalArgumentException(
            "a JSON " + (token == JsonToken.START_OBJECT ? "object" : "array") + " is no scalar");
      }
      default -> throw new IllegalArgumentException("unexpected " + token);
    };
  }

  /**
   * The text of the value {@code parser} is at, moving past it: a string's content, a scalar's text
   * as written, or an object's or array's JSON text as written in {@code line}.
   */
  private static String jsonText(JsonParser parser, String line, JsonToken token)
      throws IOException {
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      int start = (int) parser.currentTokenLocation().getCharOffset();
      parser.skipChildren();
      int end = (int) parser.currentLocation().getCharOffset();
      return line.substring(start, end);
    }
    return parser.getText();
  }

  /**
   * A field no column takes, as {@code schema_evolution} says: rescued, ignored, or
   * (add_new_columns, fail) a {@link NewColumnsException}, since bronze adds or refuses such fields
   * before a job reads their file ({@link #header}) and this file arrived after the job started. A
   * name no column may take (bronze's own, or dotted) is rescued whatever the mode, as in a CSV
   * header.
   */
  private RescuedData unknownField(
      RescuedData rescued,
      int field,
      String name,
      JsonToken token,
      String text,
      String sourceFile) {
    boolean addable = BronzeColumns.isAddable(name);
    if (addable && columnNames.length == 0) {
      // The source infers its columns and this job started before any file named them.
      throw new NewColumnsException(
          sourceName, sourceFile, List.of(name), SchemaEvolution.ADD_NEW_COLUMNS);
    }
    return switch (evolution) {
      case RESCUE -> rescue(rescued, field, name, token, text);
      case NONE -> rescued;
      case ADD_NEW_COLUMNS, FAIL -> {
        if (addable) {
          throw new NewColumnsException(sourceName, sourceFile, List.of(name), evolution);
        }
        yield rescue(rescued, field, name, token, text);
      }
    };
  }

  private static RescuedData rescue(
      RescuedData rescued, int field, String name, JsonToken token, String text) {
    return token == JsonToken.VALUE_STRING
        ? RescuedData.add(rescued, field, name, text)
        : RescuedData.addJson(rescued, field, name, text);
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "a JSON array";
      case VALUE_STRING -> "a JSON string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
      case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
      case VALUE_NULL -> "JSON null";
      default -> "more JSON";
    };
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String value) {
    return value.length() <= MAX_QUOTED_VALUE
        ? value
        : value.substring(0, MAX_QUOTED_VALUE) + "... (" + value.length() + " characters)";
  }
}
