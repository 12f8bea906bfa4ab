package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.CsvOptions;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Parses the records of one source's CSV files ({@link CsvRecordReader}, with the source's
 * delimiter, quote and escape) into the values of its declared columns. A record that does not fit
 * (broken quoting, wrong field count, a value not of its column's type, a header that does not
 * match) is reported as a {@link ParsedLine} with an error naming file, line (where the record
 * starts), field and value, never as an exception, so one bad record never stops a file.
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
  private final CsvOptions csv;
  private final char delimiter;
  private final String nullValue;
  private final Duration settle;

  private CsvRecordParser(SourceSpec source) {
    this.sourceName = source.name();
    this.columnNames = source.columns().stream().map(ColumnSpec::name).toArray(String[]::new);
    this.valueParsers =
        source.columns().stream().map(ColumnValueParser::new).toArray(ColumnValueParser[]::new);
    this.csv = source.csv();
    this.delimiter = csv.delimiter();
    this.nullValue = csv.nullValue();
    this.settle = source.settle();
  }

  /** A parser for the CSV files of {@code source}, with its {@code csv:} options. */
  public static CsvRecordParser of(SourceSpec source) {
    return new CsvRecordParser(source);
  }

  /** Whether the first non-blank record of each file is a header. */
  boolean hasHeader() {
    return csv.header();
  }

  /** The source's CSV options: quote, escape, encoding, compression. */
  CsvOptions options() {
    return csv;
  }

  /** How long a file must be unmodified before what it holds is final. */
  Duration settle() {
    return settle;
  }

  /**
   * The records of {@code text}, split with this source's delimiter, quote and escape.
   *
   * @param complete whether the end of {@code text} is the end of its file for good
   */
  CsvRecordReader records(Reader text, boolean complete) {
    Character escape = csv.escape();
    return new CsvRecordReader(
        text, delimiter, csv.quote(), escape == null ? -1 : escape, complete);
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
    try (CsvRecordReader record = records(new StringReader(headerLine), true)) {
      return record.next() ? fromHeader(record, lineNumber) : positional();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #fromHeader(String, long)}, from the current record of {@code header}. */
  FieldLayout fromHeader(CsvRecordReader header) {
    return fromHeader(header, header.startLine());
  }

  private FieldLayout fromHeader(CsvRecordReader header, long lineNumber) {
    if (header.error() != null) {
      return FieldLayout.invalid(
          "the file's header on line "
              + lineNumber
              + " does not parse: its field "
              + (header.errorField() + 1)
              + " "
              + header.error());
    }
    List<String> found = new ArrayList<>(header.fieldCount());
    for (int i = 0; i < header.fieldCount(); i++) {
      found.add(header.field(i));
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
   * Parses the text of one record laid out as {@code layout}, as {@link #parse(CsvRecordReader,
   * FieldLayout, String)} does.
   */
  ParsedLine parse(String line, FieldLayout layout, String location) {
    try (CsvRecordReader record = records(new StringReader(line), true)) {
      if (!record.next()) {
        throw new IllegalArgumentException("blank line: " + location);
      }
      return parse(record, layout, () -> location);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses the current record of {@code record}, laid out as {@code layout}.
   *
   * @param sourceFile the file, for error messages, which name it and the line the record starts
   *     on: {@code landing/bookings/b.csv line 17}
   */
  ParsedLine parse(CsvRecordReader record, FieldLayout layout, String sourceFile) {
    return parse(record, layout, () -> sourceFile + " line " + record.startLine());
  }

  private ParsedLine parse(CsvRecordReader record, FieldLayout layout, Supplier<String> where) {
    if (record.error() != null) {
      int field = record.errorField();
      return ParsedLine.corrupt(
          "Cannot parse line: field "
              + (field + 1)
              + layout.columnOfField(field).map(c -> " ('" + columnNames[c] + "')").orElse("")
              + " "
              + record.error()
              + " ("
              + where.get()
              + "). Fix the quoting in the file.");
    }
    // Invalid bytes decode to U+FFFD; such a record is kept, but as corrupt, so a file in another
    // encoding than declared cannot pass into silver with mangled text.
    for (int i = 0; i < record.fieldCount(); i++) {
      if (record.field(i).indexOf(UNDECODABLE) >= 0) {
        String charset = csv.encoding();
        return ParsedLine.corrupt(
            "Cannot decode line as "
                + charset
                + ": its invalid bytes are shown as U+FFFD in _corrupt_record ("
                + where.get()
                + "). Save the file as "
                + charset
                + ", or set csv.encoding of source '"
                + sourceName
                + "' to the file's encoding.");
      }
    }
    if (layout.error() != null) {
      return ParsedLine.corrupt(
          "Cannot map line to the columns of source '"
              + sourceName
              + "': "
              + layout.error()
              + ", so every line of the file is kept as corrupt, the header line too ("
              + where.get()
              + "). Fix the header or the declared columns.");
    }
    if (record.fieldCount() != layout.fieldCount()) {
      return ParsedLine.corrupt(
          "Cannot parse line: expected "
              + layout.fieldCount()
              + " fields separated by '"
              + delimiter
              + "' but found "
              + record.fieldCount()
              + " ("
              + where.get()
              + "). Fix the file or the declared columns of source '"
              + sourceName
              + "'.");
    }
    ColumnValueParser[] parsers = valueParsers;
    Object[] values = new Object[columnNames.length];
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < columnNames.length; c++) {
      String text = record.field(layout.fieldOfColumn()[c]);
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
              + where.get()
              + "). Fix the file or declare the column"
              + (failures.size() > 1 ? "s" : "")
              + " as string.");
    }
    return ParsedLine.valid(values);
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

    /** The declared column that takes field {@code field}, if any. */
    Optional<Integer> columnOfField(int field) {
      for (int c = 0; c < fieldOfColumn.length; c++) {
        if (fieldOfColumn[c] == field) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
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
