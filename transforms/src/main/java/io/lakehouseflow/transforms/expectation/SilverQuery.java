package io.lakehouseflow.transforms.expectation;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;

import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.spec.ColumnFormat;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.DerivedColumn;
import io.lakehouseflow.core.spec.ExpectationSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.core.spec.TextRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.Preconditions;

/**
 * The Flink SQL that turns bronze rows into checked silver candidates: renames and {@code
 * TRY_CAST}s the source columns, keeps the bronze metadata the silver and quarantine tables carry
 * ({@link SilverLayout#carriedColumns()}), and adds one BOOLEAN column per {@link Rule}, TRUE when
 * the row failed it. Routing on those flags happens in {@link QuarantineRouter}, which finds every
 * column by name through {@link #position(String)}.
 */
public final class SilverQuery {
  private static final String RULE_FLAG_PREFIX = "__failed_";

  /** The SQL name of {@link PiiHash}, registered by the silver job when a table hashes a column. */
  public static final String PII_HASH_FUNCTION = "lakehouse_pii_hash";

  private final SilverTableSpec table;
  private final SourceSpec source;
  private final List<String> carried;
  private final List<Rule> rules;
  private final List<String> dataColumns;
  private final List<String> outputColumns;
  private final Map<String, Integer> positions = new HashMap<>();

  private SilverQuery(
      SilverTableSpec table, SourceSpec source, List<String> carried, List<Rule> rules) {
    this.table = table;
    this.source = source;
    this.carried = List.copyOf(carried);
    this.rules = List.copyOf(rules);
    List<String> data = new ArrayList<>();
    table.outputColumns(source).forEach(c -> data.add(c.name()));
    this.dataColumns = List.copyOf(data);
    List<String> columns = new ArrayList<>(data);
    columns.addAll(this.carried);
    for (int i = 0; i < this.rules.size(); i++) {
      columns.add(flagName(i));
    }
    this.outputColumns = List.copyOf(columns);
    for (int i = 0; i < outputColumns.size(); i++) {
      positions.put(outputColumns.get(i), i);
    }
  }

  /** The query of silver table {@code table} over the bronze table of {@code source}. */
  public static SilverQuery of(SilverTableSpec table, SourceSpec source, SilverLayout layout) {
    Preconditions.checkArgument(
        table.source().equals(source.name()), "silver.%s reads %s", table.name(), table.source());
    Preconditions.checkArgument(
        layout.bronze().contains(CORRUPT_RECORD), "%s lacks %s", layout.bronze(), CORRUPT_RECORD);
    List<Rule> rules = new ArrayList<>();
    for (ColumnSpec column : table.castColumns(source)) {
      ColumnType cast = table.casts().get(column.name());
      if (cast != null) {
        rules.add(
            Rule.cast(
                table.name(), column.name(), cast.sqlType(), table.castAction(column.name())));
      }
    }
    source
        .changeOperation()
        .ifPresent(
            op ->
                rules.add(
                    Rule.knownOperation(
                        table.name(),
                        source.name(),
                        table.renames().getOrDefault(op.column(), op.column()),
                        op)));
    List<ExpectationSpec> expectations = table.expectations();
    for (int i = 0; i < expectations.size(); i++) {
      rules.add(Rule.expectation(table.name(), i, expectations.get(i)));
    }
    return new SilverQuery(table, source, layout.carriedColumns(), rules);
  }

  /**
   * Casts first, in column order, then {@code known_operation} of a source with an operation
   * column, then the expectations in spec order.
   */
  public List<Rule> rules() {
    return rules;
  }

  /** The silver data columns, in table order: the first columns of {@link #sql}'s rows. */
  public List<String> dataColumns() {
    return dataColumns;
  }

  /** The columns of {@link #sql}'s rows: silver data columns, carried metadata, rule flags. */
  public List<String> outputColumns() {
    return outputColumns;
  }

  /**
   * The position of {@code column} in a row of {@link #sql}.
   *
   * @throws IllegalArgumentException when the query does not select it
   */
  public int position(String column) {
    Integer position = positions.get(column);
    Preconditions.checkArgument(
        position != null, "silver.%s query has no column %s", table.name(), column);
    return position;
  }

  /** The position of the flag of {@code rules().get(index)}. */
  public int flagPosition(int index) {
    return position(flagName(index));
  }

  /**
   * The rows of {@code from} (a table reference, hints allowed) after every column rule that comes
   * before the expectations: renamed, standardised, cast, defaulted and derived data columns,
   * carried metadata, and the cast rule flags.
   */
  public String typedSql(String from) {
    List<String> select = new ArrayList<>();
    List<String> castFlags = new ArrayList<>();
    for (ColumnSpec column : table.sourceColumns(source)) {
      String silverName = table.renames().getOrDefault(column.name(), column.name());
      String value = standardized(quote(column.name()), table.standardize().get(silverName));
      ColumnType cast = table.casts().get(silverName);
      if (cast != null) {
        ColumnFormat format = table.castFormats().get(silverName);
        String tryCast =
            format == null
                ? "TRY_CAST(" + value + " AS " + cast.sqlType() + ")"
                : FormattedCast.sql(value, cast, format);
        castFlags.add(
            "("
                + quote(CORRUPT_RECORD)
                + " IS NULL AND "
                + value
                + " IS NOT NULL AND "
                + tryCast
                + " IS NULL) AS "
                + flag(castFlags.size()));
        value = tryCast;
      }
      String defaultValue = table.defaults().get(silverName);
      if (defaultValue != null) {
        ColumnType type = cast != null ? cast : column.type();
        value = "COALESCE(" + value + ", " + type.sqlLiteral(defaultValue) + ")";
      }
      select.add(value + " AS " + quote(silverName));
    }
    carried.forEach(c -> select.add(quote(c)));
    select.addAll(castFlags);
    String sql = "SELECT " + String.join(", ", select) + " FROM " + from;
    // One level per derived column, so that each can read the ones declared before it.
    List<DerivedColumn> derived = table.derived();
    for (int i = 0; i < derived.size(); i++) {
      DerivedColumn d = derived.get(i);
      sql =
          "SELECT *, CAST(("
              + d.expression()
              + ") AS "
              + d.type().sqlType()
              + ") AS "
              + quote(d.name())
              + " FROM ("
              + sql
              + ") AS "
              + quote("derived_" + i);
    }
    return sql;
  }

  /**
   * {@code value} after the text rules, in their documented order: trim, case, {@code null_if},
   * {@code map}.
   */
  private static String standardized(String value, TextRules rules) {
    if (rules == null) {
      return value;
    }
    String out = value;
    if (rules.trim()) {
      out = "TRIM(" + out + ")";
    }
    out =
        switch (rules.textCase()) {
          case UPPER -> "UPPER(" + out + ")";
          case LOWER -> "LOWER(" + out + ")";
          case KEEP -> out;
        };
    if (!rules.nullIf().isEmpty()) {
      List<String> values = rules.nullIf().stream().map(SqlQuoting::literal).toList();
      out =
          "CASE WHEN "
              + out
              + " IN ("
              + String.join(", ", values)
              + ") THEN NULL ELSE "
              + out
              + " END";
    }
    if (!rules.map().isEmpty()) {
      StringBuilder cases = new StringBuilder("CASE " + out);
      rules
          .map()
          .forEach(
              (code, to) ->
                  cases
                      .append(" WHEN ")
                      .append(SqlQuoting.literal(code))
                      .append(" THEN ")
                      .append(SqlQuoting.literal(to)));
      out = cases.append(" ELSE ").append(out).append(" END").toString();
    }
    return out;
  }

  /**
   * The full query over {@code from}: {@link #typedSql}, one flag per expectation, and the silver
   * data columns as silver holds them (the dropped ones left out, the hashed ones digested).
   */
  public String sql(String from) {
    List<String> select = new ArrayList<>();
    for (ColumnSpec column : table.outputColumns(source)) {
      select.add(
          table.hashed().contains(column.name())
              ? PII_HASH_FUNCTION
                  + "(CAST("
                  + quote(column.name())
                  + " AS STRING)) AS "
                  + quote(column.name())
              : quote(column.name()));
    }
    carried.forEach(c -> select.add(quote(c)));
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      // The spec validator accepts only an expression that parses alone, so the parentheses
      // here always enclose the whole of it.
      select.add(
          rule.isCast()
              ? flag(i)
              : "("
                  + quote(CORRUPT_RECORD)
                  + " IS NULL AND ("
                  + rule.expression()
                  + ") IS NOT TRUE) AS "
                  + flag(i));
    }
    return "SELECT " + String.join(", ", select) + " FROM (" + typedSql(from) + ") AS typed";
  }

  /** A query whose only column is {@code expectation}'s expression, to validate it alone. */
  public String expressionSql(String from, ExpectationSpec expectation) {
    return "SELECT ("
        + expectation.expression()
        + ") AS `expectation` FROM ("
        + typedSql(from)
        + ") AS t";
  }

  /** Quotes a Flink SQL identifier. */
  public static String quote(String identifier) {
    return SqlQuoting.identifier(identifier);
  }

  // Cast flags are numbered first, so flag i is always the flag of rules().get(i).
  private static String flagName(int index) {
    return RULE_FLAG_PREFIX + index;
  }

  private static String flag(int index) {
    return quote(flagName(index));
  }
}
