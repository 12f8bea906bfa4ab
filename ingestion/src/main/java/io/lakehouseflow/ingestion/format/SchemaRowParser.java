package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.layer.BronzeColumns;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.SchemaEvolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.table.data.StringData;

/**
 * Maps the fields of one file's own schema (Parquet, Avro) to a source's columns, by name and
 * case-insensitively as CSV headers are, and turns each row into their values. A field whose type
 * is its column's is read as it is; any other pairing is converted from the value's text as a CSV
 * field is (with the column's {@code format:}), and a string column takes every value, nested ones
 * as JSON text. A value that does not fit is rescued ({@code rescue}, and columns bronze inferred
 * or added) or makes the row corrupt, naming file, row, column, value and both types.
 */
final class SchemaRowParser {
  private static final int MAX_QUOTED_VALUE = 200;

  private final SchemaColumns columns;
  private final List<FileField> fields;
  private final String sourceFile;

  /** For each column, the index of its field in the file's schema, -1 when none. */
  private final int[] fieldOfColumn;

  /** For each column, whether the file's type is the column's: read without text. */
  private final boolean[] direct;

  /** The fields no column takes whose values go into {@code _rescued_data}. */
  private final int[] rescuedFields;

  private SchemaRowParser(
      SchemaColumns columns,
      List<FileField> fields,
      String sourceFile,
      int[] fieldOfColumn,
      boolean[] direct,
      int[] rescuedFields) {
    this.columns = columns;
    this.fields = fields;
    this.sourceFile = sourceFile;
    this.fieldOfColumn = fieldOfColumn;
    this.direct = direct;
    this.rescuedFields = rescuedFields;
  }

  /**
   * The parser of {@code sourceFile}'s rows, whose schema has {@code fields}.
   *
   * @throws NewColumnsException when the file has fields the table lacks and the source adds
   *     ({@code add_new_columns}, or it infers its columns) or refuses ({@code fail}) such columns
   */
  static SchemaRowParser of(SchemaColumns columns, List<FileField> fields, String sourceFile) {
    int[] fieldOfColumn = new int[columns.count()];
    boolean[] direct = new boolean[columns.count()];
    boolean[] taken = new boolean[fields.size()];
    for (int c = 0; c < columns.count(); c++) {
      fieldOfColumn[c] = -1;
      for (int f = 0; f < fields.size(); f++) {
        if (!taken[f] && key(fields.get(f).name()).equals(key(columns.name(c)))) {
          FileField field = fields.get(f);
          fieldOfColumn[c] = f;
          taken[f] = true;
          ColumnType type = columns.type(c);
          direct[c] =
              field.scalar()
                  && type.kind() != ColumnType.Kind.STRING
                  // Timestamps with and without zone are stored alike.
                  && (field.type().equals(type)
                      || (field.type().isTimestamp() && type.isTimestamp()));
          break;
        }
      }
    }
    List<Integer> rescued = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<Integer> unknownFields = new ArrayList<>();
    for (int f = 0; f < fields.size(); f++) {
      if (taken[f]) {
        continue;
      }
      String name = fields.get(f).name();
      // A name no column may take (bronze's own, or dotted) is kept aside, whatever the mode.
      if (BronzeColumns.isAddable(name)) {
        unknown.add(name);
        unknownFields.add(f);
      } else {
        rescued.add(f);
      }
    }
    if (!unknown.isEmpty()) {
      if (columns.count() == 0) {
        // The source infers its columns and this job started before any file named them.
        throw new NewColumnsException(
            columns.sourceName(), sourceFile, unknown, SchemaEvolution.ADD_NEW_COLUMNS);
      }
      switch (columns.evolution()) {
        case ADD_NEW_COLUMNS, FAIL ->
            throw new NewColumnsException(
                columns.sourceName(), sourceFile, unknown, columns.evolution());
        case RESCUE -> rescued.addAll(unknownFields);
        case NONE -> {
          // ignored, as the source asks
        }
      }
    }
    return new SchemaRowParser(
        columns,
        List.copyOf(fields),
        sourceFile,
        fieldOfColumn,
        direct,
        rescued.stream().mapToInt(Integer::intValue).sorted().toArray());
  }

  /** The values of {@code row}, the {@code number}-th of the file, or why it does not fit. */
  ParsedRecord parse(SchemaRow row, long number) {
    Object[] values = new Object[columns.count()];
    List<String> failures = new ArrayList<>();
    RescuedData rescued = null;
    for (int field : rescuedFields) {
      if (!row.isNull(field)) {
        rescued = rescue(rescued, row, field, fields.get(field).name());
      }
    }
    for (int c = 0; c < columns.count(); c++) {
      int field = fieldOfColumn[c];
      if (field < 0 || row.isNull(field)) {
        continue;
      }
      try {
        values[c] = value(row, c, field);
      } catch (IllegalArgumentException | ArithmeticException e) {
        if (columns.rescuesValues(c)) {
          // The column stays NULL and the value is kept beside it, naming the column.
          rescued = rescue(rescued, row, field, columns.name(c));
          continue;
        }
        String reason =
            e.getMessage() == null || e.getMessage().isEmpty() ? "" : ": " + e.getMessage();
        failures.add(
            "column '"
                + columns.name(c)
                + "' value "
                + abbreviate(row.json(field))
                + " ("
                + fields.get(field).description()
                + ") as "
                + columns.type(c)
                + reason);
      }
    }
    if (!failures.isEmpty()) {
      return ParsedRecord.corrupt(
          "Cannot read "
              + String.join("; ", failures)
              + " ("
              + sourceFile
              + " row "
              + number
              + "). Fix the file or declare the column"
              + (failures.size() > 1 ? "s" : "")
              + " as string.");
    }
    return ParsedRecord.valid(values, rescued == null ? null : rescued.toJson());
  }

  /** The internal value of column {@code c} from its field, or null for NULL. */
  private Object value(SchemaRow row, int c, int field) {
    ColumnType declared = columns.type(c);
    FileField file = fields.get(field);
    if (direct[c]) {
      return row.internal(field, file.type());
    }
    if (declared.kind() == ColumnType.Kind.STRING) {
      return StringData.fromString(file.scalar() ? row.text(field) : row.json(field));
    }
    if (!file.scalar()) {
      throw new IllegalArgumentException("a nested value is no " + declared);
    }
    String text = row.text(field);
    // An empty string is no value of a typed column, as an empty CSV field is NULL.
    return text.isBlank() ? null : columns.valueParser(c).parse(text);
  }

  private RescuedData rescue(RescuedData rescued, SchemaRow row, int field, String name) {
    FileField file = fields.get(field);
    return file.scalar() && file.jsonString()
        ? RescuedData.add(rescued, field, name, row.text(field))
        : RescuedData.addJson(rescued, field, name, row.json(field));
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
