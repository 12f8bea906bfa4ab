package io.lakehouseflow.transforms.expectation;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;
import static io.lakehouseflow.core.catalog.MetadataColumns.INGESTED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.PARSE_ERROR;
import static io.lakehouseflow.core.catalog.MetadataColumns.RECORD_NUMBER;
import static io.lakehouseflow.core.catalog.MetadataColumns.SOURCE_FILE;

import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.ExpectationSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The Flink SQL that turns bronze rows into checked silver candidates: renames and {@code
 * TRY_CAST}s the source columns, keeps the lineage columns, and adds one BOOLEAN column per {@link
 * Rule}, TRUE when the row failed it. Routing on those flags happens in {@link QuarantineRouter}.
 *
 * <p>Output columns, in order: the silver data columns, {@code _corrupt_record}, {@code
 * _parse_error}, {@code _source_file}, {@code _record_number}, {@code _ingested_at}, then the rule
 * flags in {@link #rules()} order.
 */
public final class SilverQuery {
  /** The lineage columns carried from bronze, in output order. */
  public static final List<String> BRONZE_METADATA =
      List.of(CORRUPT_RECORD, PARSE_ERROR, SOURCE_FILE, RECORD_NUMBER, INGESTED_AT);

  private static final String RULE_FLAG_PREFIX = "__failed_";

  private final SilverTableSpec table;
  private final SourceSpec source;
  private final List<Rule> rules;

  private SilverQuery(SilverTableSpec table, SourceSpec source, List<Rule> rules) {
    this.table = table;
    this.source = source;
    this.rules = List.copyOf(rules);
  }

  /** The query of silver table {@code table} over the bronze table of {@code source}. */
  public static SilverQuery of(SilverTableSpec table, SourceSpec source) {
    if (!table.source().equals(source.name())) {
      throw new IllegalArgumentException(
          "Invalid source for silver."
              + table.name()
              + ": expected '"
              + table.source()
              + "', got '"
              + source.name()
              + "'");
    }
    List<Rule> rules = new ArrayList<>();
    for (ColumnSpec column : table.outputColumns(source)) {
      ColumnType cast = table.casts().get(column.name());
      if (cast != null) {
        rules.add(Rule.cast(table.name(), column.name(), cast.sqlType()));
      }
    }
    List<ExpectationSpec> expectations = table.expectations();
    for (int i = 0; i < expectations.size(); i++) {
      rules.add(Rule.expectation(table.name(), i, expectations.get(i)));
    }
    return new SilverQuery(table, source, rules);
  }

  /** Casts first, in column order, then the expectations in spec order. */
  public List<Rule> rules() {
    return rules;
  }

  /** How many silver data columns lead each output row. */
  public int dataColumnCount() {
    return source.columns().size();
  }

  /**
   * The renamed and cast rows of {@code from} (a table reference, hints allowed): data columns,
   * bronze metadata, and the cast rule flags.
   */
  public String typedSql(String from) {
    List<String> select = new ArrayList<>();
    List<String> castFlags = new ArrayList<>();
    for (ColumnSpec column : source.columns()) {
      String silverName = table.renames().getOrDefault(column.name(), column.name());
      ColumnType cast = table.casts().get(silverName);
      String bronzeRef = quote(column.name());
      if (cast == null) {
        select.add(bronzeRef + " AS " + quote(silverName));
      } else {
        String tryCast = "TRY_CAST(" + bronzeRef + " AS " + cast.sqlType() + ")";
        select.add(tryCast + " AS " + quote(silverName));
        castFlags.add(
            "("
                + quote(CORRUPT_RECORD)
                + " IS NULL AND "
                + bronzeRef
                + " IS NOT NULL AND "
                + tryCast
                + " IS NULL) AS "
                + flag(castFlags.size()));
      }
    }
    BRONZE_METADATA.forEach(c -> select.add(quote(c)));
    select.addAll(castFlags);
    return "SELECT " + String.join(", ", select) + " FROM " + from;
  }

  /** The full query over {@code from}: {@link #typedSql} plus one flag per expectation. */
  public String sql(String from) {
    List<String> select = new ArrayList<>();
    for (ColumnSpec column : table.outputColumns(source)) {
      select.add(quote(column.name()));
    }
    BRONZE_METADATA.forEach(c -> select.add(quote(c)));
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
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
  private static String flag(int index) {
    return quote(RULE_FLAG_PREFIX + index);
  }
}
