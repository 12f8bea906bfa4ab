package io.lakehouseflow.core.spec;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.layer.LayerSchemas;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.table.types.logical.RowType;

/**
 * Checks the references between the parts of a spec: silver tables to sources, dimensions and facts
 * to silver tables and their columns, facts to dimensions. Column references are checked against
 * the silver columns, after renames. A source that infers its columns has none until bronze read
 * its first files; the loader then reads the spec again with them ({@code BronzeColumns.resolve}).
 */
final class SpecValidator {
  private static final String DATE_DIMENSION = LayerSchemas.DATE_DIMENSION;

  private final PipelineSpec spec;
  private final Set<String> incomplete;
  private final SpecErrors errors;
  private final ExpressionScope expressions;

  SpecValidator(
      PipelineSpec spec, Set<String> incomplete, ExpressionScope expressions, SpecErrors errors) {
    this.spec = spec;
    this.incomplete = incomplete;
    this.expressions = expressions;
    this.errors = errors;
  }

  void validate() {
    spec.silver().values().forEach(this::checkSilver);
    spec.dimensions().values().forEach(this::checkDimension);
    spec.facts().values().forEach(this::checkFact);
  }

  private void checkSilver(SilverTableSpec table) {
    String at = "silver." + table.name();
    Optional<SourceSpec> source =
        declared(spec.sources(), "sources", table.source(), at + ".source");
    if (source.isEmpty()) {
      return;
    }
    if (!table.keepAddedColumns() && source.get().infersColumns()) {
      errors.atValue(
          at + ".added_columns",
          "added_columns: drop would leave silver."
              + table.name()
              + " without columns: sources."
              + source.get().name()
              + " declares none and infers them all from its files. Declare its columns, or"
              + " remove added_columns.");
    }
    List<String> sourceColumns = source.get().columns().stream().map(ColumnSpec::name).toList();
    if (sourceColumns.isEmpty()) {
      return; // inferred, not known yet: see checkColumn
    }
    table
        .renames()
        .forEach(
            (from, to) -> {
              if (!sourceColumns.contains(from)) {
                errors.atKey(
                    at + ".renames." + from,
                    "column '"
                        + from
                        + "' not found in sources."
                        + source.get().name()
                        + " (columns: "
                        + String.join(", ", sourceColumns)
                        + "). Fix the name or declare the column in sources."
                        + source.get().name()
                        + ".columns.");
              }
            });
    Map<String, String> renamedFrom = new HashMap<>();
    boolean clashFree = true;
    for (String column : sourceColumns) {
      String output = table.renames().getOrDefault(column, column);
      String clash = renamedFrom.put(output, column);
      if (clash != null) {
        clashFree = false;
        String renamed = table.renames().containsKey(column) ? column : clash;
        errors.atValue(
            at + ".renames." + renamed,
            "renaming '"
                + renamed
                + "' to '"
                + output
                + "' gives two columns named '"
                + output
                + "' in "
                + at
                + ". Pick another new name.");
      }
    }
    List<ColumnSpec> castColumns = table.castColumns(source.get());
    table
        .casts()
        .keySet()
        .forEach(
            column ->
                checkColumn(
                    at + ".casts." + column, column, table, source.get(), castColumns, true));
    if (clashFree) {
      clashFree = checkColumnRules(table, source.get());
    }
    source
        .get()
        .changeOperation()
        .flatMap(op -> source.get().column(op.column()))
        .map(
            c ->
                table
                    .casts()
                    .getOrDefault(table.renames().getOrDefault(c.name(), c.name()), c.type()))
        .filter(type -> type.kind() != ColumnType.Kind.STRING)
        .ifPresent(
            type ->
                errors.atValue(
                    "sources." + source.get().name() + ".operation.column",
                    "operation column '"
                        + source.get().changeOperation().get().column()
                        + "' has type "
                        + type
                        + " in "
                        + at
                        + ", but operations are compared as text. Declare it as string."));
    if (clashFree && !table.expectations().isEmpty()) {
      checkExpectations(table);
    }
  }

  /**
   * The rules after renames and casts: text rules name string columns of the source, defaults fit
   * their column's type, derived columns have names of their own, and drop and hash name columns
   * the table has, other than the operation column gold needs.
   *
   * @return whether every column name is still unique, so that the expectations can be checked
   */
  private boolean checkColumnRules(SilverTableSpec table, SourceSpec source) {
    String at = "silver." + table.name();
    List<ColumnSpec> castColumns = table.castColumns(source);
    Map<String, ColumnType> bronzeTypes = new HashMap<>();
    source
        .columns()
        .forEach(c -> bronzeTypes.put(table.renames().getOrDefault(c.name(), c.name()), c.type()));
    table
        .standardize()
        .keySet()
        .forEach(
            column -> {
              String path = at + ".standardize." + column;
              if (checkColumn(path, column, table, source, castColumns, true)
                  && bronzeTypes.containsKey(column)
                  && bronzeTypes.get(column).kind() != ColumnType.Kind.STRING) {
                errors.atKey(
                    path,
                    "text rules apply to string columns, before casts, but '"
                        + column
                        + "' is "
                        + bronzeTypes.get(column)
                        + " in sources."
                        + source.name()
                        + ". Declare it as string there (and cast it in silver."
                        + table.name()
                        + ".casts), or remove its rules.");
              }
            });
    table
        .castFormats()
        .keySet()
        .forEach(
            column -> {
              ColumnType bronze = bronzeTypes.get(column);
              if (bronze != null && bronze.kind() != ColumnType.Kind.STRING) {
                errors.atKey(
                    at + ".casts." + column,
                    "a cast format reads text, but '"
                        + column
                        + "' is "
                        + bronze
                        + " in sources."
                        + source.name()
                        + ". Remove the format, or declare the column as string there.");
              }
            });
    table
        .defaults()
        .forEach(
            (column, value) -> {
              String path = at + ".defaults." + column;
              if (!checkColumn(path, column, table, source, castColumns, true)) {
                return;
              }
              castColumns.stream()
                  .filter(c -> c.name().equals(column))
                  .findFirst()
                  .ifPresent(
                      c -> {
                        try {
                          c.type().sqlLiteral(value);
                        } catch (IllegalArgumentException e) {
                          errors.atValue(
                              path,
                              "default '"
                                  + value
                                  + "' of column '"
                                  + column
                                  + "' does not fit its type, "
                                  + c.type()
                                  + ": "
                                  + e.getMessage()
                                  + ". Write a value of the column's type (after casts).");
                        }
                      });
            });
    Set<String> names = new HashSet<>();
    castColumns.forEach(c -> names.add(c.name()));
    boolean unique = true;
    for (DerivedColumn derived : table.derived()) {
      if (!names.add(derived.name())) {
        unique = false;
        errors.atKey(
            at + ".derive." + derived.name(),
            "derived column '"
                + derived.name()
                + "' is already a column of silver."
                + table.name()
                + ". Pick another name, or rename the source column.");
      }
    }
    List<ColumnSpec> ruleColumns = table.ruleColumns(source);
    Optional<String> operation =
        source.changeOperation().map(op -> table.renames().getOrDefault(op.column(), op.column()));
    for (String key : List.of("drop", "hash")) {
      List<String> columns = key.equals("drop") ? table.dropped() : table.hashed();
      for (int i = 0; i < columns.size(); i++) {
        String column = columns.get(i);
        String path = at + "." + key + "[" + i + "]";
        if (!checkColumn(path, column, table, source, ruleColumns, false)) {
          continue;
        }
        if (operation.filter(column::equals).isPresent()) {
          errors.atValue(
              path,
              "column '"
                  + column
                  + "' is the operation column of sources."
                  + source.name()
                  + ", which gold reads to apply deletes. Keep it in silver."
                  + table.name()
                  + ".");
        } else if (key.equals("hash") && table.dropped().contains(column)) {
          errors.atValue(
              path,
              "column '"
                  + column
                  + "' is both dropped and hashed in silver."
                  + table.name()
                  + ". Keep one of the two.");
        }
      }
    }
    return unique;
  }

  /**
   * Each expectation must be one BOOLEAN expression over the silver row; checked here, before any
   * job starts, rather than when the silver job plans its query after bronze ran.
   */
  private void checkExpectations(SilverTableSpec table) {
    RowType scope = LayerSchemas.expectationScope(spec, table.name());
    List<ExpectationSpec> expectations = table.expectations();
    for (int i = 0; i < expectations.size(); i++) {
      ExpectationSpec expectation = expectations.get(i);
      String path = "silver." + table.name() + ".expectations[" + i + "].expr";
      expressions
          .booleanProblem(expectation.expression(), scope)
          .ifPresent(
              problem ->
                  errors.atValue(
                      path,
                      "invalid expectation '"
                          + expectation.name()
                          + "': "
                          + problem
                          + ". Write one boolean Flink SQL condition over the columns of silver."
                          + table.name()
                          + ", for example \"fare_amount > 0\"."));
    }
  }

  private void checkDimension(DimensionSpec dimension) {
    String at = "dimensions." + dimension.name();
    if (dimension.name().equals(DATE_DIMENSION)) {
      errors.atKey(
          at,
          "dimension name '"
              + DATE_DIMENSION
              + "' is reserved: gold generates gold.dim_date over every fact's event dates."
              + " Pick another name, like calendar.");
    }
    Optional.of(dimension.source())
        .filter(spec.silver()::containsKey)
        .flatMap(spec::changeOperation)
        .filter(op -> dimension.tracked().contains(op.column()))
        .ifPresent(
            op ->
                errors.atValue(
                    at + ".track",
                    "the operation column '"
                        + op.column()
                        + "' is tracked, so every insert after an update would open a version."
                        + " Remove it from track (and attributes)."));
    Optional<SilverTableSpec> table =
        declared(spec.silver(), "silver", dimension.source(), at + ".source");
    Optional<SourceSpec> source =
        table.flatMap(t -> Optional.ofNullable(spec.sources().get(t.source())));
    if (source.isEmpty()) {
      return;
    }
    checkColumns(at + ".key", dimension.key(), table.get(), source.get());
    checkColumn(at + ".sequence_by", dimension.sequenceBy(), table.get(), source.get(), false);
    typeOf(dimension.sequenceBy(), table.get(), source.get())
        .ifPresent(type -> checkSequenceType(dimension, type, table.get()));
    checkColumns(at + ".attributes", dimension.attributes(), table.get(), source.get());
    for (int i = 0; i < dimension.attributes().size(); i++) {
      String attribute = dimension.attributes().get(i);
      if (attribute.equals(dimension.sequenceBy())) {
        errors.atValue(
            at + ".attributes[" + i + "]",
            "'"
                + attribute
                + "' is the sequence column of dimension "
                + dimension.name()
                + "; it is written "
                + (dimension.scd() == ScdType.TYPE_2 ? "as valid_from" : "as its own column")
                + ", not as an attribute. Remove it from attributes.");
      }
      if (dimension.key().contains(attribute)) {
        errors.atValue(
            at + ".attributes[" + i + "]",
            "'"
                + attribute
                + "' is a key column of"
                + " dimension "
                + dimension.name()
                + ", not an attribute. Remove it from attributes.");
      }
    }
    Map<String, String> columns = new java.util.LinkedHashMap<>();
    listed(columns, at + ".key", dimension.key());
    listed(columns, at + ".attributes", dimension.attributes());
    if (dimension.scd() == ScdType.TYPE_1) {
      // SCD2 writes the sequence value as valid_from, SCD1 under its own name.
      columns.putIfAbsent(dimension.sequenceBy(), at + ".sequence_by");
    }
    List<String> written =
        dimension.scd() == ScdType.TYPE_2
            ? List.of(
                dimension.surrogateKey(),
                MetadataColumns.VALID_FROM,
                MetadataColumns.VALID_TO,
                MetadataColumns.IS_CURRENT)
            : List.of(dimension.surrogateKey());
    written.forEach(w -> checkNotWritten(at, dimension.name(), w, columns, "dimension"));
    if (dimension.scd() == ScdType.TYPE_2 && dimension.tracked().isEmpty()) {
      // The reader rejects an explicit empty track, so here the dimension has no attributes.
      errors.atValue(
          at + ".scd",
          "dimension "
              + dimension.name()
              + " keeps versions (scd: 2) but has no attributes to track,"
              + " so no change would open a new version. Add attributes, or use 'scd: 1'.");
    }
    for (int i = 0; i < dimension.tracked().size(); i++) {
      String tracked = dimension.tracked().get(i);
      if (!dimension.attributes().contains(tracked)) {
        errors.atValue(
            at + ".track[" + i + "]",
            "tracked column '"
                + tracked
                + "' is not an"
                + " attribute of dimension "
                + dimension.name()
                + " (attributes: "
                + String.join(", ", dimension.attributes())
                + "). Add it to attributes or remove it"
                + " from track.");
      }
    }
  }

  /**
   * SCD2 writes the sequence value as the TIMESTAMP columns valid_from and valid_to (a timestamptz
   * as its UTC time, a date as its midnight, the instant a DATE event time stands for); SCD1 only
   * orders by it, and text or booleans would order changes wrongly (for example '10' before '9').
   */
  private void checkSequenceType(DimensionSpec dimension, ColumnType type, SilverTableSpec table) {
    String problem;
    if (dimension.scd() == ScdType.TYPE_2) {
      if (type.isTimestamp() || type.kind() == ColumnType.Kind.DATE) {
        return;
      }
      problem =
          "but scd: 2 writes it as the timestamps valid_from and valid_to (a sequence must be"
              + " timestamp, timestamptz or date)";
    } else if (type.kind() == ColumnType.Kind.STRING || type.kind() == ColumnType.Kind.BOOLEAN) {
      problem =
          "which does not order changes (orderable: timestamp, timestamptz, date, int, bigint,"
              + " double, decimal(p,s))";
    } else {
      return;
    }
    String column = dimension.sequenceBy();
    errors.atValue(
        "dimensions." + dimension.name() + ".sequence_by",
        "sequence column '"
            + column
            + "' has type "
            + type
            + ", "
            + problem
            + ". "
            + castHint(column, table, "timestamp"));
  }

  private static String castHint(String column, SilverTableSpec table, String type) {
    return "Cast it to "
        + type
        + " in silver."
        + table.name()
        + ".casts ('"
        + column
        + ": "
        + type
        + "').";
  }

  /** The silver type of a column, when the column exists (a missing one is reported elsewhere). */
  private static Optional<ColumnType> typeOf(
      String column, SilverTableSpec table, SourceSpec source) {
    return table.outputColumns(source).stream()
        .filter(c -> c.name().equals(column))
        .map(ColumnSpec::type)
        .findFirst();
  }

  private void checkFact(FactSpec fact) {
    String at = "facts." + fact.name();
    Optional<SilverTableSpec> table =
        declared(spec.silver(), "silver", fact.source(), at + ".source");
    Optional<SourceSpec> source =
        table.flatMap(t -> Optional.ofNullable(spec.sources().get(t.source())));
    if (source.isPresent()) {
      checkColumns(at + ".grain", fact.grain(), table.get(), source.get());
      checkColumn(at + ".event_time", fact.eventTime(), table.get(), source.get(), false);
      fact.sequence()
          .ifPresent(
              column -> checkColumn(at + ".sequence_by", column, table.get(), source.get(), false));
      typeOf(fact.eventTime(), table.get(), source.get())
          .filter(type -> !type.isTimestamp() && type.kind() != ColumnType.Kind.DATE)
          .ifPresent(
              // Facts pick the dimension version whose valid_from (a timestamp) precedes it.
              type ->
                  errors.atValue(
                      at + ".event_time",
                      "event time column '"
                          + fact.eventTime()
                          + "' has type "
                          + type
                          + ", but it is compared with the valid_from timestamps of dimension"
                          + " versions, so it must be timestamp, timestamptz or date. "
                          + castHint(fact.eventTime(), table.get(), "timestamp")));
      checkColumns(at + ".measures", fact.measures(), table.get(), source.get());
      checkColumns(at + ".attributes", fact.attributes(), table.get(), source.get());
    }
    checkNotWritten(at, fact.name(), MetadataColumns.DATE_SK, factColumns(fact), "the fact");
    for (int i = 0; i < fact.dimensions().size(); i++) {
      DimensionReference reference = fact.dimensions().get(i);
      String refAt = at + ".dimensions[" + i + "]";
      Optional<DimensionSpec> dimension =
          declared(spec.dimensions(), "dimensions", reference.dimension(), refAt + ".dimension");
      if (source.isPresent()) {
        checkColumns(refAt + ".columns", reference.columns(), table.get(), source.get());
      }
      for (int j = 0; j < i; j++) {
        if (fact.dimensions().get(j).surrogateKey().equals(reference.surrogateKey())) {
          errors.atValue(
              refAt + ".dimension",
              "dimension '"
                  + reference.dimension()
                  + "' is referenced twice by fact "
                  + fact.name()
                  + " under role '"
                  + reference.role()
                  + "' (also at dimensions["
                  + j
                  + "]); each reference becomes the column <role>_sk, here "
                  + reference.surrogateKey()
                  + " twice. Give each reference its own role, like"
                  + " {dimension: airport, columns: [origin], role: origin_airport}.");
        }
      }
      if (dimension.isPresent()) {
        checkNotWritten(at, fact.name(), reference.surrogateKey(), factColumns(fact), "the fact");
      }
      if (dimension.isPresent() && dimension.get().key().size() != reference.columns().size()) {
        errors.atValue(
            refAt + ".columns",
            "dimension '"
                + reference.dimension()
                + "' has key "
                + dimension.get().key()
                + " ("
                + dimension.get().key().size()
                + " column(s)) but "
                + reference.columns().size()
                + " column(s) are given. List one fact column per key"
                + " column, in key order.");
      }
    }
  }

  /** The grain, event time, measures and attributes of a fact, with their spec paths. */
  private static Map<String, String> factColumns(FactSpec fact) {
    Map<String, String> columns = new java.util.LinkedHashMap<>();
    listed(columns, "facts." + fact.name() + ".grain", fact.grain());
    columns.putIfAbsent(fact.eventTime(), "facts." + fact.name() + ".event_time");
    listed(columns, "facts." + fact.name() + ".measures", fact.measures());
    listed(columns, "facts." + fact.name() + ".attributes", fact.attributes());
    return columns;
  }

  private static void listed(Map<String, String> columns, String path, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      columns.putIfAbsent(names.get(i), path + "[" + i + "]");
    }
  }

  /**
   * Reports each of {@code columns} (name to spec path) named {@code written}, a column the gold
   * table of {@code owner} computes itself: the table cannot hold two columns of one name.
   */
  private void checkNotWritten(
      String at, String owner, String written, Map<String, String> columns, String what) {
    String path = columns.get(written);
    if (path != null) {
      errors.atValue(
          path,
          "column '"
              + written
              + "' clashes with the column "
              + written
              + " that gold writes for "
              + what
              + " "
              + owner
              + " ("
              + at
              + "). Rename the silver column (silver.<table>.renames) or leave it out.");
    }
  }

  /** The named element; reports it when it is not declared, unless it was declared but broken. */
  private <V> Optional<V> declared(
      Map<String, V> section, String sectionKey, String name, String path) {
    V value = section.get(name);
    if (value == null && !incomplete.contains(sectionKey + "." + name)) {
      String kind =
          switch (sectionKey) {
            case "sources" -> "source";
            case "silver" -> "silver table";
            default -> "dimension";
          };
      errors.atValue(
          path,
          kind
              + " '"
              + name
              + "' is not declared ("
              + sectionKey
              + ": "
              + (section.isEmpty() ? "none" : String.join(", ", section.keySet()))
              + "). Fix the name or declare it under "
              + sectionKey
              + ".");
    }
    return Optional.ofNullable(value);
  }

  private void checkColumns(
      String path, List<String> columns, SilverTableSpec table, SourceSpec source) {
    for (int i = 0; i < columns.size(); i++) {
      checkColumn(path + "[" + i + "]", columns.get(i), table, source, false);
    }
  }

  private void checkColumn(
      String path, String column, SilverTableSpec table, SourceSpec source, boolean atKey) {
    checkColumn(path, column, table, source, table.outputColumns(source), atKey);
  }

  /** Whether {@code column} is one of {@code scope}; reported at {@code path} when it is not. */
  private boolean checkColumn(
      String path,
      String column,
      SilverTableSpec table,
      SourceSpec source,
      List<ColumnSpec> scope,
      boolean atKey) {
    List<String> columns = scope.stream().map(ColumnSpec::name).toList();
    if (columns.contains(column) || columns.isEmpty()) {
      // A source that infers its columns holds none before its first files are read: references
      // to them are checked when the spec is read again with its bronze table's columns.
      return true;
    }
    String message =
        "column '"
            + column
            + "' not found in silver."
            + table.name()
            + " (columns: "
            + String.join(", ", columns)
            + ").";
    String renamed = table.renames().get(column);
    message +=
        renamed != null
            ? " It is renamed to '"
                + renamed
                + "' in silver."
                + table.name()
                + "; use '"
                + renamed
                + "'."
            : " Fix the name or declare the column in sources." + source.name() + ".columns.";
    if (atKey) {
      errors.atKey(path, message);
    } else {
      errors.atValue(path, message);
    }
    return false;
  }
}
