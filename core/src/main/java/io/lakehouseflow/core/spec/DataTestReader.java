package io.lakehouseflow.core.spec;

import io.lakehouseflow.core.spec.DataTestSpec.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.util.TimeUtils;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the spec's {@code tests:} section: per table ({@code silver.bookings}, {@code
 * gold.fact_booking}), a list of tests, each one mapping of a test kind to its settings:
 *
 * <pre>
 * tests:
 *   gold.fact_booking:
 *     - unique: [booking_id]
 *     - relationships: {column: customer_sk, to: gold.dim_customer, field: customer_sk, allow: [-1]}
 *     - row_count: {min: 1}
 * </pre>
 *
 * Problems go to the spec's error list with their positions, like every other section's.
 */
final class DataTestReader {
  static final List<String> KINDS =
      List.of(
          "unique",
          "not_null",
          "accepted_values",
          "relationships",
          "row_count",
          "freshness",
          "sql");
  private static final List<String> COLUMNS_KEYS = List.of("columns", "severity");
  private static final List<String> ACCEPTED_KEYS = List.of("column", "values", "severity");
  private static final List<String> RELATIONSHIP_KEYS =
      List.of("column", "to", "field", "allow", "severity");
  private static final List<String> ROW_COUNT_KEYS = List.of("min", "max", "severity");
  private static final List<String> FRESHNESS_KEYS = List.of("column", "warn_after", "error_after");
  private static final List<String> SQL_KEYS = List.of("name", "query", "severity");

  /** A column name; the pipeline's own columns start with '_' and may be tested too. */
  private static final Pattern COLUMN = Pattern.compile("_?[a-z][a-z0-9_]*");

  private DataTestReader() {}

  /**
   * The tests of section {@code node}; {@code tables} are the tables the spec writes, which a test
   * must name.
   */
  static List<DataTestSpec> read(SpecNode node, Set<String> tables) {
    List<DataTestSpec> tests = new ArrayList<>();
    Optional<SpecMapping> byTable = node.mapping("tests keyed by table (layer.name)");
    for (SpecNode entry : byTable.map(SpecMapping::entries).orElse(List.of())) {
      if (!WrittenTables.accepts(entry, tables, "Test one of")) {
        continue;
      }
      String table = entry.key();
      for (SpecNode item : entry.items("a list of tests").orElse(List.of())) {
        test(table, item).ifPresent(tests::add);
      }
    }
    return List.copyOf(tests);
  }

  private static Optional<DataTestSpec> test(String table, SpecNode item) {
    Optional<SpecMapping> fields = item.fields("a test, such as 'unique: [booking_id]'", KINDS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    List<SpecNode> kinds = List.copyOf(fields.get().entries());
    if (kinds.isEmpty()
        && item.node() instanceof MappingNode mapping
        && !mapping.getValue().isEmpty()) {
      return Optional.empty(); // its unknown key is reported, with the kinds there are
    }
    if (kinds.size() != 1) {
      item.error(
          "expected one test per list item, found "
              + kinds.size()
              + ". Start each test on its own '- ' line, one of: "
              + String.join(", ", KINDS)
              + ".");
      return Optional.empty();
    }
    SpecNode test = kinds.get(0);
    String path = item.path();
    return switch (test.key()) {
      case "unique" ->
          columns(test).map(c -> new DataTestSpec.Unique(table, c.columns, c.sev, path));
      case "not_null" ->
          columns(test).map(c -> new DataTestSpec.NotNull(table, c.columns, c.sev, path));
      case "accepted_values" -> acceptedValues(table, test, path);
      case "relationships" -> relationship(table, test, path);
      case "row_count" -> rowCount(table, test, path);
      case "freshness" -> freshness(table, test, path);
      default -> customSql(table, test, path);
    };
  }

  private record Columns(List<String> columns, Severity sev) {}

  /** {@code [a, b]}, or {@code {columns: [a, b], severity: warn}}. */
  private static Optional<Columns> columns(SpecNode node) {
    if (node.node() instanceof SequenceNode) {
      return columnList(node).map(c -> new Columns(c, Severity.ERROR));
    }
    Optional<SpecMapping> fields = node.fields("the columns to test", COLUMNS_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<List<String>> columns =
        fields.get().required("columns", "[booking_id]").flatMap(DataTestReader::columnList);
    Severity severity = severity(fields.get());
    return columns.map(c -> new Columns(c, severity));
  }

  private static Optional<DataTestSpec> acceptedValues(String table, SpecNode node, String path) {
    Optional<SpecMapping> fields = node.fields("accepted values", ACCEPTED_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> column =
        fields.get().required("column", "status").flatMap(DataTestReader::column);
    Optional<List<String>> values =
        fields
            .get()
            .required("values", "[confirmed, cancelled]")
            .flatMap(DataTestReader::valueList);
    Severity severity = severity(fields.get());
    if (column.isEmpty() || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.get().isEmpty()) {
      fields.get().required("values", "").ifPresent(v -> v.error("list at least one value."));
      return Optional.empty();
    }
    return Optional.of(
        new DataTestSpec.AcceptedValues(table, column.get(), values.get(), severity, path));
  }

  private static Optional<DataTestSpec> relationship(String table, SpecNode node, String path) {
    Optional<SpecMapping> fields = node.fields("a relationship", RELATIONSHIP_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> column =
        fields.get().required("column", "customer_sk").flatMap(DataTestReader::column);
    Optional<String> to = fields.get().required("to", "gold.dim_customer").flatMap(n -> table(n));
    Optional<String> field =
        fields.get().required("field", "customer_sk").flatMap(DataTestReader::column);
    List<String> allowed =
        fields.get().optional("allow").flatMap(DataTestReader::valueList).orElse(List.of());
    Severity severity = severity(fields.get());
    if (column.isEmpty() || to.isEmpty() || field.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new DataTestSpec.Relationship(
            table, column.get(), to.get(), field.get(), allowed, severity, path));
  }

  private static Optional<DataTestSpec> rowCount(String table, SpecNode node, String path) {
    Optional<SpecMapping> fields = node.fields("row count bounds", ROW_COUNT_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<Long> min = fields.get().optional("min").flatMap(DataTestReader::count);
    Optional<Long> max = fields.get().optional("max").flatMap(DataTestReader::count);
    Severity severity = severity(fields.get());
    if (min.isEmpty() && max.isEmpty()) {
      node.error("a row_count test needs 'min', 'max' or both, such as {min: 1}.");
      return Optional.empty();
    }
    if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
      node.error("row_count min " + min.get() + " is above max " + max.get() + ". Swap them.");
      return Optional.empty();
    }
    return Optional.of(
        new DataTestSpec.RowCount(table, min.orElse(null), max.orElse(null), severity, path));
  }

  private static Optional<DataTestSpec> freshness(String table, SpecNode node, String path) {
    Optional<SpecMapping> fields = node.fields("freshness thresholds", FRESHNESS_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> column =
        fields.get().required("column", "_ingested_at").flatMap(DataTestReader::column);
    Optional<Duration> warn = fields.get().optional("warn_after").flatMap(DataTestReader::age);
    Optional<Duration> error = fields.get().optional("error_after").flatMap(DataTestReader::age);
    if (column.isEmpty()) {
      return Optional.empty();
    }
    if (warn.isEmpty() && error.isEmpty()) {
      node.error("a freshness test needs 'warn_after', 'error_after' or both, such as 1 d.");
      return Optional.empty();
    }
    return Optional.of(
        new DataTestSpec.Freshness(
            table, column.get(), warn.orElse(null), error.orElse(null), path));
  }

  private static Optional<DataTestSpec> customSql(String table, SpecNode node, String path) {
    Optional<SpecMapping> fields = node.fields("a SQL test", SQL_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> name =
        fields.get().required("name", "no_negative_fares").flatMap(n -> n.name("test"));
    Optional<String> query =
        fields
            .get()
            .required("query", "SELECT * FROM gold.fact_booking WHERE fare_amount < 0")
            .flatMap(SpecNode::text);
    Severity severity = severity(fields.get());
    if (name.isEmpty() || query.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DataTestSpec.CustomSql(table, name.get(), query.get(), severity, path));
  }

  private static Severity severity(SpecMapping fields) {
    return fields
        .optional("severity")
        .flatMap(
            node ->
                node.text()
                    .flatMap(
                        text -> {
                          try {
                            return Optional.of(
                                Severity.valueOf(text.strip().toUpperCase(Locale.ROOT)));
                          } catch (IllegalArgumentException e) {
                            node.error("invalid severity '" + text + "': write error or warn.");
                            return Optional.empty();
                          }
                        }))
        .orElse(Severity.ERROR);
  }

  private static Optional<List<String>> columnList(SpecNode node) {
    Optional<List<SpecNode>> items = node.items("a list of column names");
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (SpecNode item : items.get()) {
      Optional<String> column = column(item);
      if (column.isEmpty()) {
        return Optional.empty();
      }
      out.add(column.get());
    }
    if (out.isEmpty()) {
      node.error("list at least one column.");
      return Optional.empty();
    }
    return Optional.of(out);
  }

  private static Optional<String> column(SpecNode node) {
    return node.text()
        .filter(
            text -> {
              if (COLUMN.matcher(text).matches()) {
                return true;
              }
              node.error("invalid column '" + text + "': write a column name, such as booking_id.");
              return false;
            });
  }

  private static Optional<String> table(SpecNode node) {
    return node.text()
        .filter(
            text -> {
              if (WrittenTables.TABLE.matcher(text).matches()) {
                return true;
              }
              node.error(
                  "invalid table '"
                      + text
                      + "': name a table as layer.name, such as gold.dim_customer.");
              return false;
            });
  }

  private static Optional<List<String>> valueList(SpecNode node) {
    Optional<List<SpecNode>> items = node.items("a list of values");
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (SpecNode item : items.get()) {
      Optional<String> value = item.text();
      if (value.isEmpty()) {
        return Optional.empty();
      }
      out.add(value.get());
    }
    return Optional.of(out);
  }

  private static Optional<Long> count(SpecNode node) {
    return node.text()
        .flatMap(
            text -> {
              try {
                long value = Long.parseLong(text.strip());
                if (value >= 0) {
                  return Optional.of(value);
                }
              } catch (NumberFormatException e) {
                // reported below
              }
              node.error("invalid row count '" + text + "': write a whole number of 0 or more.");
              return Optional.empty();
            });
  }

  private static Optional<Duration> age(SpecNode node) {
    return node.text()
        .flatMap(
            text -> {
              try {
                Duration age = TimeUtils.parseDuration(text);
                if (!age.isNegative() && !age.isZero()) {
                  return Optional.of(age);
                }
              } catch (IllegalArgumentException e) {
                // reported below
              }
              node.error("invalid age '" + text + "': write a duration such as 12 h or 7 d.");
              return Optional.empty();
            });
  }
}
