package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.format.ColumnValueParser;
import io.lakehouseflow.core.layer.BronzeColumns;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.Compression;
import io.lakehouseflow.core.spec.CsvOptions;
import io.lakehouseflow.core.spec.SchemaEvolution;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Parses the records of one source's CSV files ({@link CsvRecordReader}, with the source's
 * delimiter, quote and escape) into the values of its declared columns. A record that does not fit
 * (broken quoting, wrong field count, a value not of its column's type, a header that does not
 * match) is reported as a {@link ParsedRecord} with an error naming file, line (where the record
 * starts), field and value, never as an exception, so one bad record never stops a file.
 *
 * <p>Serializable for shipping to task managers; keeps only the column names and types it needs,
 * not the whole source spec.
 */
public final class CsvRecordParser implements TextRecordFormat {
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
  private final SchemaEvolution evolution;
  private final boolean[] rescuesValues;

  private CsvRecordParser(SourceSpec source) {
    this.sourceName = source.name();
    this.columnNames = source.columns().stream().map(ColumnSpec::name).toArray(String[]::new);
    this.valueParsers =
        source.columns().stream().map(ColumnValueParser::new).toArray(ColumnValueParser[]::new);
    this.csv = source.csv();
    this.delimiter = csv.delimiter();
    this.nullValue = csv.nullValue();
    this.settle = source.settle();
    this.evolution = source.evolution();
    // Under rescue every column keeps a value that does not fit aside, and so does every column
    // bronze inferred or added (its type a hint, not a promise the data made).
    this.rescuesValues = new boolean[columnNames.length];
    for (int c = 0; c < columnNames.length; c++) {
      rescuesValues[c] =
          evolution == SchemaEvolution.RESCUE || c >= source.declaredColumns().size();
    }
  }

  /** What the source does with a column its files name and its bronze table lacks. */
  SchemaEvolution evolution() {
    return evolution;
  }

  /** A parser for the CSV files of {@code source}, with its {@code csv:} options. */
  public static CsvRecordParser of(SourceSpec source) {
    return new CsvRecordParser(source);
  }

  /** Whether the first non-blank record of each file is a header. */
  @Override
  public boolean hasHeader() {
    return csv.header();
  }

  @Override
  public Compression compression() {
    return csv.compression();
  }

  @Override
  public String compressionOption() {
    return "csv.compression";
  }

  @Override
  public Charset charset() {
    return csv.charset();
  }

  @Override
  public FileRecords records(
      Reader text, boolean complete, String sourceFile, long lastEmittedLine, boolean parse)
      throws IOException {
    return CsvFileRecords.open(records(text, complete), this, sourceFile, lastEmittedLine, parse);
  }

  @Override
  public List<String> header(Reader text, boolean complete) throws IOException {
    try (CsvRecordReader records = records(text, complete)) {
      return records.next() ? headerNames(records) : List.of();
    }
  }

  /**
   * The fields of the first {@code maxRecords} records after the header, by header name; a record
   * that does not parse, or has another number of fields than the header, says nothing.
   */
  @Override
  public List<Map<String, SampledValue>> sample(Reader text, boolean complete, int maxRecords)
      throws IOException {
    List<Map<String, SampledValue>> sample = new ArrayList<>();
    try (CsvRecordReader records = records(text, complete)) {
      List<String> header = records.next() ? headerNames(records) : List.of();
      while (!header.isEmpty() && sample.size() < maxRecords && records.next()) {
        if (records.error() != null || records.fieldCount() != header.size()) {
          continue;
        }
        Map<String, SampledValue> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < header.size(); i++) {
          String field = records.field(i);
          if (!field.isEmpty() && !field.equals(nullValue)) {
            values.putIfAbsent(header.get(i), SampledValue.text(field));
          }
        }
        sample.add(values);
      }
    }
    return sample;
  }

  /** The source's CSV options: quote, escape, encoding, compression. */
  CsvOptions options() {
    return csv;
  }

  /** How long a file must be unmodified before what it holds is final. */
  @Override
  public Duration settle() {
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
  @Override
  public String[] columnNames() {
    return columnNames.clone();
  }

  /** Fields taken by position: the i-th field is the i-th declared column. */
  FieldLayout positional() {
    int[] fieldOfColumn = new int[columnNames.length];
    Arrays.setAll(fieldOfColumn, i -> i);
    return new FieldLayout(fieldOfColumn, columnNames.length, new int[0], List.of(), null);
  }

  /**
   * Fields taken by header name, in any order, matched case-insensitively after trimming spaces. A
   * declared column the header does not name reads NULL. A header that names none of the columns,
   * or repeats a name, makes every line of its file corrupt, the header line included (it may well
   * be data: a file written without its header): guessing would put values in the wrong columns. A
   * name the columns do not hold is what {@code schema_evolution} decides: rescued, ignored, or
   * (add_new_columns, fail) a {@link NewColumnsException}, since the client adds or refuses such
   * columns before a job reads their file and one read now arrived after that.
   *
   * @param lineNumber where the header is in its file, for the error
   * @param sourceFile the file, for the error
   */
  FieldLayout fromHeader(String headerLine, long lineNumber, String sourceFile) {
    try (CsvRecordReader record = records(new StringReader(headerLine), true)) {
      return record.next() ? fromHeader(record, lineNumber, sourceFile) : positional();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #fromHeader(String, long, String)}, from the current record of {@code header}. */
  FieldLayout fromHeader(CsvRecordReader header, String sourceFile) {
    return fromHeader(header, header.startLine(), sourceFile);
  }

  /** The header names of the current record of {@code header}, trimmed; empty if it is broken. */
  static List<String> headerNames(CsvRecordReader header) {
    if (header.error() != null) {
      return List.of();
    }
    List<String> names = new ArrayList<>(header.fieldCount());
    for (int i = 0; i < header.fieldCount(); i++) {
      names.add(header.field(i).strip());
    }
    return names;
  }

  /**
   * The names of {@code header} that none of {@code columns} holds (case-insensitively), in header
   * order, each once (its first spelling): the columns a file brings that its bronze table lacks.
   */
  public static List<String> newColumns(List<String> header, List<String> columns) {
    Set<String> known = new HashSet<>();
    columns.forEach(c -> known.add(key(c)));
    List<String> found = new ArrayList<>();
    for (String name : header) {
      if (!name.isEmpty() && known.add(key(name))) {
        found.add(name);
      }
    }
    return List.copyOf(found);
  }

  /**
   * Whether a file's first record {@code header} is read as its header against {@code columns}: it
   * names at least one of them and no name twice (case-insensitively). Otherwise the reader keeps
   * every line of the file as corrupt, and schema evolution takes no column from it.
   */
  public static boolean isHeaderOf(List<String> header, List<String> columns) {
    Set<String> names = new HashSet<>();
    for (String name : header) {
      if (!names.add(key(name))) {
        return false;
      }
    }
    return columns.stream().anyMatch(c -> names.contains(key(c)));
  }

  private FieldLayout fromHeader(CsvRecordReader header, long lineNumber, String sourceFile) {
    if (header.error() != null) {
      return FieldLayout.invalid(
          "the file's header on line "
              + lineNumber
              + " does not parse: its field "
              + (header.errorField() + 1)
              + " "
              + header.error());
    }
    List<String> found = headerNames(header);
    Map<String, Integer> fieldByName = new HashMap<>();
    Set<String> repeated = new LinkedHashSet<>();
    for (int i = 0; i < found.size(); i++) {
      if (fieldByName.putIfAbsent(key(found.get(i)), i) != null) {
        repeated.add(found.get(i));
      }
    }
    int[] fieldOfColumn = new int[columnNames.length];
    for (int c = 0; c < columnNames.length; c++) {
      Integer field = fieldByName.get(key(columnNames[c]));
      fieldOfColumn[c] = field == null ? -1 : field;
    }
    if (columnNames.length == 0 && repeated.isEmpty()) {
      // The source infers its columns and this job started before any file named them.
      List<String> inferable = found.stream().filter(BronzeColumns::isAddable).toList();
      if (!inferable.isEmpty()) {
        throw new NewColumnsException(
            sourceName, sourceFile, inferable, SchemaEvolution.ADD_NEW_COLUMNS);
      }
    }
    if (isHeaderOf(found, Arrays.asList(columnNames))) {
      List<String> rescued = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      for (String name : newColumns(found, Arrays.asList(columnNames))) {
        // A name no column may take (bronze's own, or dotted) is kept aside, whatever the mode.
        (BronzeColumns.isAddable(name) ? unknown : rescued).add(name);
      }
      if (!unknown.isEmpty()) {
        switch (evolution) {
          case ADD_NEW_COLUMNS, FAIL ->
              throw new NewColumnsException(sourceName, sourceFile, unknown, evolution);
          case RESCUE -> rescued.addAll(unknown);
          case NONE -> {
            // ignored, as the source asks
          }
        }
      }
      int[] rescuedFields =
          rescued.stream().mapToInt(n -> fieldByName.get(key(n))).sorted().toArray();
      return new FieldLayout(fieldOfColumn, found.size(), rescuedFields, found, null);
    }
    StringBuilder reason =
        new StringBuilder("the file's header on line ")
            .append(lineNumber)
            .append(' ')
            .append(found)
            .append(" does not match the declared columns ")
            .append(Arrays.toString(columnNames))
            .append(" (")
            .append(
                repeated.isEmpty()
                    ? "it names none of them"
                    : "repeated: " + String.join(", ", repeated))
            .append(')');
    return FieldLayout.invalid(reason.toString());
  }

  /**
   * Parses the text of one record laid out as {@code layout}, as {@link #parse(CsvRecordReader,
   * FieldLayout, String)} does.
   */
  ParsedRecord parse(String line, FieldLayout layout, String location) {
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
  ParsedRecord parse(CsvRecordReader record, FieldLayout layout, String sourceFile) {
    return parse(record, layout, () -> sourceFile + " line " + record.startLine());
  }

  private ParsedRecord parse(CsvRecordReader record, FieldLayout layout, Supplier<String> where) {
    if (record.error() != null) {
      int field = record.errorField();
      return ParsedRecord.corrupt(
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
        return ParsedRecord.corrupt(
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
      return ParsedRecord.corrupt(
          "Cannot map line to the columns of source '"
              + sourceName
              + "': "
              + layout.error()
              + ", so every line of the file is kept as corrupt, the header line too ("
              + where.get()
              + "). Fix the header or the declared columns.");
    }
    if (record.fieldCount() != layout.fieldCount()) {
      return ParsedRecord.corrupt(
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
    RescuedData rescued = null;
    for (int field : layout.rescuedFields()) {
      String text = record.field(field);
      if (!text.isEmpty() && !text.equals(nullValue)) {
        rescued = RescuedData.add(rescued, field, layout.header().get(field), text);
      }
    }
    for (int c = 0; c < columnNames.length; c++) {
      int field = layout.fieldOfColumn()[c];
      if (field < 0) {
        continue;
      }
      String text = record.field(field);
      if (text.isEmpty() || text.equals(nullValue)) {
        continue;
      }
      try {
        values[c] = parsers[c].parse(text);
      } catch (IllegalArgumentException e) {
        if (rescuesValues[c]) {
          // The column stays NULL and the value as written is kept beside it, naming the column.
          rescued = RescuedData.add(rescued, field, columnNames[c], text);
          continue;
        }
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
      return ParsedRecord.corrupt(
          "Cannot parse "
              + String.join("; ", failures)
              + " ("
              + where.get()
              + "). Fix the file or declare the column"
              + (failures.size() > 1 ? "s" : "")
              + " as string.");
    }
    return ParsedRecord.valid(values, rescued == null ? null : rescued.toJson());
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
   * @param fieldOfColumn for each column, the index of its field, -1 when the file has none
   * @param fieldCount the number of fields every line must have
   * @param rescuedFields the fields no column takes whose values go into {@code _rescued_data}
   * @param header the file's header names, by field; empty for a file read by position
   * @param error why lines of this file cannot be mapped, or null
   */
  record FieldLayout(
      int[] fieldOfColumn, int fieldCount, int[] rescuedFields, List<String> header, String error) {
    static FieldLayout invalid(String error) {
      return new FieldLayout(new int[0], 0, new int[0], List.of(), error);
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
}
