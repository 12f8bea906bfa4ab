package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses the lines of one source's CSV files into the values of its declared columns. A line that
 * does not fit (broken quoting, wrong field count, a value not of its column's type, a header that
 * does not match) is reported as a {@link ParsedLine} with an error naming file, line, field and
 * value, never as an exception, so one bad line never stops a file.
 *
 * <p>Serializable for shipping to task managers; keeps only the column names and types it needs,
 * not the whole source spec.
 */
public final class CsvRecordParser implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED_VALUE = 200;
  private static final char UNDECODABLE = '\uFFFD';

  private final String sourceName;
  private final String[] columnNames;
  private final ColumnValueParser[] valueParsers;
  private final char delimiter;
  private final boolean header;
  private final String nullValue;

  private transient CSVFormat csvFormat;

  private CsvRecordParser(SourceSpec source) {
    this.sourceName = source.name();
    this.columnNames = source.columns().stream().map(ColumnSpec::name).toArray(String[]::new);
    this.valueParsers =
        source.columns().stream().map(ColumnValueParser::new).toArray(ColumnValueParser[]::new);
    this.delimiter = source.csv().delimiter();
    this.header = source.csv().header();
    this.nullValue = source.csv().nullValue() == null ? "" : source.csv().nullValue();
  }

  /** A parser for the CSV files of {@code source}, with its delimiter, header and null text. */
  public static CsvRecordParser of(SourceSpec source) {
    return new CsvRecordParser(source);
  }

  /** Whether the first non-blank line of each file is a header. */
  boolean hasHeader() {
    return header;
  }

  /** The declared columns, in the order of a parsed line's values. */
  String[] columnNames() {
    return columnNames.clone();
  }

  /** Fields taken by position: the i-th field is the i-th declared column. */
  FieldLayout positional() {
    int[] fieldOfColumn = new int[columnNames.length];
    Arrays.setAll(fieldOfColumn, i -> i);
    return new FieldLayout(fieldOfColumn, columnNames.length, null);
  }

  /**
   * Fields taken by header name, in any order, matched case-insensitively after trimming spaces. A
   * header that misses a declared column, names an undeclared one or repeats a name makes every
   * line of its file corrupt, the header line included (it may well be data: a file written without
   * its header): guessing would put values in the wrong columns.
   *
   * @param lineNumber where the header is in its file, for the error
   */
  FieldLayout fromHeader(String headerLine, long lineNumber) {
    List<String> found;
    try {
      found = split(headerLine);
    } catch (IllegalArgumentException e) {
      return FieldLayout.invalid(
          "the file's header on line " + lineNumber + " does not parse: " + e.getMessage());
    }
    Map<String, Integer> fieldByName = new HashMap<>();
    Set<String> unknown = new LinkedHashSet<>();
    Set<String> repeated = new LinkedHashSet<>();
    Set<String> declared = new LinkedHashSet<>();
    for (String name : columnNames) {
      declared.add(key(name));
    }
    for (int i = 0; i < found.size(); i++) {
      String name = key(found.get(i));
      if (fieldByName.putIfAbsent(name, i) != null) {
        repeated.add(found.get(i).strip());
      }
      if (!declared.contains(name)) {
        unknown.add(found.get(i).strip());
      }
    }
    List<String> missing = new ArrayList<>();
    int[] fieldOfColumn = new int[columnNames.length];
    for (int c = 0; c < columnNames.length; c++) {
      Integer field = fieldByName.get(key(columnNames[c]));
      if (field == null) {
        missing.add(columnNames[c]);
      } else {
        fieldOfColumn[c] = field;
      }
    }
    if (missing.isEmpty() && unknown.isEmpty() && repeated.isEmpty()) {
      return new FieldLayout(fieldOfColumn, found.size(), null);
    }
    StringBuilder reason =
        new StringBuilder("the file's header on line ")
            .append(lineNumber)
            .append(' ')
            .append(found.stream().map(String::strip).toList())
            .append(" does not match the declared columns ")
            .append(Arrays.toString(columnNames))
            .append(" (");
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add("missing: " + String.join(", ", missing));
    }
    if (!unknown.isEmpty()) {
      problems.add("unknown: " + String.join(", ", unknown));
    }
    if (!repeated.isEmpty()) {
      problems.add("repeated: " + String.join(", ", repeated));
    }
    reason.append(String.join("; ", problems)).append(')');
    return FieldLayout.invalid(reason.toString());
  }

  /**
   * Parses one non-blank line laid out as {@code layout}.
   *
   * @param location the file and line, for error messages: {@code landing/bookings/b.csv line 17}
   */
  ParsedLine parse(String line, FieldLayout layout, String location) {
    // Files are decoded as UTF-8 with invalid bytes replaced; such a line is kept, but as corrupt,
    // so a file in another encoding cannot pass into silver with mangled text.
    if (line.indexOf(UNDECODABLE) >= 0) {
      return ParsedLine.corrupt(
          "Cannot decode line as UTF-8: its invalid bytes are shown as U+FFFD in _corrupt_record ("
              + location
              + "). Save the file as UTF-8.");
    }
    if (layout.error() != null) {
      return ParsedLine.corrupt(
          "Cannot map line to the columns of source '"
              + sourceName
              + "': "
              + layout.error()
              + ", so every line of the file is kept as corrupt, the header line too ("
              + location
              + "). Fix the header or the declared columns.");
    }
    List<String> fields;
    try {
      fields = split(line);
    } catch (IllegalArgumentException e) {
      return ParsedLine.corrupt(
          "Cannot parse line: "
              + e.getMessage()
              + " ("
              + location
              + "). Fix the quoting in the file.");
    }
    if (fields.size() != layout.fieldCount()) {
      return ParsedLine.corrupt(
          "Cannot parse line: expected "
              + layout.fieldCount()
              + " fields separated by '"
              + delimiter
              + "' but found "
              + fields.size()
              + " ("
              + location
              + "). Fix the file or the declared columns of source '"
              + sourceName
              + "'.");
    }
    ColumnValueParser[] parsers = valueParsers;
    Object[] values = new Object[columnNames.length];
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < columnNames.length; c++) {
      String text = fields.get(layout.fieldOfColumn()[c]);
      if (text.isEmpty() || text.equals(nullValue)) {
        continue;
      }
      try {
        values[c] = parsers[c].parse(text);
      } catch (IllegalArgumentException e) {
        String reason =
            e.getMessage() == null || e.getMessage().isEmpty() ? "" : ": " + e.getMessage();
        failures.add(
            "field '"
                + columnNames[c]
                + "' value '"
                + abbreviate(text)
                + "' as "
                + parsers[c].type()
                + reason);
      }
    }
    if (!failures.isEmpty()) {
      return ParsedLine.corrupt(
          "Cannot parse "
              + String.join("; ", failures)
              + " ("
              + location
              + "). Fix the file or declare the column"
              + (failures.size() > 1 ? "s" : "")
              + " as string.");
    }
    return ParsedLine.valid(values);
  }

  private List<String> split(String line) {
    try (CSVParser parser = CSVParser.parse(line, csvFormat())) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1) {
        throw new IllegalArgumentException("found " + records.size() + " records in one line");
      }
      return records.get(0).toList();
    } catch (IOException | UncheckedIOException e) {
      String message = e.getMessage();
      Throwable cause = e.getCause();
      if (e instanceof UncheckedIOException && cause != null && cause.getMessage() != null) {
        message = cause.getMessage();
      }
      throw new IllegalArgumentException(message, e);
    }
  }

  private CSVFormat csvFormat() {
    if (csvFormat == null) {
      csvFormat = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).get();
    }
    return csvFormat;
  }

  private static String key(String headerName) {
    return headerName.strip().toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String value) {
    return value.length() <= MAX_QUOTED_VALUE
        ? value
        : value.substring(0, MAX_QUOTED_VALUE) + "... (" + value.length() + " characters)";
  }

  /**
   * Where each declared column's value sits in a line of one file.
   *
   * @param fieldOfColumn for each declared column, the index of its field
   * @param fieldCount the number of fields every line must have
   * @param error why lines of this file cannot be mapped, or null
   */
  record FieldLayout(int[] fieldOfColumn, int fieldCount, String error) {
    static FieldLayout invalid(String error) {
      return new FieldLayout(new int[0], 0, error);
    }
  }

  /**
   * The values of one line's declared columns (internal Flink values, null for NULL), or why the
   * line did not parse.
   */
  record ParsedLine(Object[] values, String error) {
    static ParsedLine valid(Object[] values) {
      return new ParsedLine(values, null);
    }

    static ParsedLine corrupt(String error) {
      return new ParsedLine(null, error);
    }

    boolean isCorrupt() {
      return error != null;
    }
  }
}
