package io.lakehouseflow.deploy.datatest;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DataTestSpec;
import io.lakehouseflow.core.spec.DataTestSpec.Severity;
import io.lakehouseflow.core.spec.DimensionReference;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.ScdType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The data tests of a pipeline: those every gold model implies (built in: surrogate keys and grains
 * unique, SCD2 versions of a key not overlapping with exactly one current unless the key was
 * deleted, every fact reference pointing at a dimension row or {@code -1}), then those the spec
 * declares under {@code tests:}, each as the Flink SQL that finds its failing rows.
 */
public final class DataTests {
  static final String BUILT_IN = "built-in";

  /** The {@code _sk} a fact holds when no dimension row covers its event time. */
  private static final String UNKNOWN_KEY = "-1";

  private DataTests() {}

  /** Every test of {@code spec}: the built-in ones, then the declared ones, in spec order. */
  public static List<DataTest> of(PipelineSpec spec) {
    List<DataTest> tests = new ArrayList<>();
    spec.dimensions().values().forEach(d -> dimension(d, tests));
    spec.facts().values().forEach(f -> fact(f, spec, tests));
    if (!spec.facts().isEmpty()) {
      String dates = TableNames.dimension(LayerSchemas.DATE_DIMENSION).toString();
      tests.add(unique(dates, List.of(MetadataColumns.DATE_SK), Severity.ERROR, BUILT_IN));
    }
    // A model's unique key is its table's upsert key: two rows of one key mean the key does not
    // identify the query's rows (it should be the GROUP BY columns).
    spec.models().values().stream()
        .filter(m -> m.materialized().hasTable())
        .forEach(
            m ->
                tests.add(
                    unique(
                        TableNames.model(m.name()).toString(),
                        m.uniqueKey(),
                        Severity.ERROR,
                        BUILT_IN)));
    spec.tests().forEach(t -> tests.add(declared(t)));
    return List.copyOf(tests);
  }

  private static void dimension(DimensionSpec dimension, List<DataTest> tests) {
    String table = TableNames.dimension(dimension.name()).toString();
    tests.add(unique(table, List.of(dimension.surrogateKey()), Severity.ERROR, BUILT_IN));
    if (dimension.scd() == ScdType.TYPE_1) {
      tests.add(unique(table, dimension.key(), Severity.ERROR, BUILT_IN));
      return;
    }
    tests.add(versionsDoNotOverlap(table, dimension));
    tests.add(oneCurrentVersion(table, dimension));
  }

  private static void fact(FactSpec fact, PipelineSpec spec, List<DataTest> tests) {
    String table = TableNames.fact(fact.name()).toString();
    tests.add(unique(table, fact.grain(), Severity.ERROR, BUILT_IN));
    for (DimensionReference reference : fact.dimensions()) {
      DimensionSpec dimension = spec.dimensions().get(reference.dimension());
      tests.add(
          relationship(
              table,
              reference.surrogateKey(),
              TableNames.dimension(dimension.name()).toString(),
              dimension.surrogateKey(),
              List.of(UNKNOWN_KEY),
              Severity.ERROR,
              BUILT_IN));
    }
    tests.add(
        relationship(
            table,
            MetadataColumns.DATE_SK,
            TableNames.dimension(LayerSchemas.DATE_DIMENSION).toString(),
            MetadataColumns.DATE_SK,
            List.of(UNKNOWN_KEY),
            Severity.ERROR,
            BUILT_IN));
  }

  private static DataTest declared(DataTestSpec test) {
    if (test instanceof DataTestSpec.Unique t) {
      return unique(t.table(), t.columns(), t.severity(), t.path());
    }
    if (test instanceof DataTestSpec.NotNull t) {
      return notNull(t);
    }
    if (test instanceof DataTestSpec.AcceptedValues t) {
      return acceptedValues(t);
    }
    if (test instanceof DataTestSpec.Relationship t) {
      return relationship(
          t.table(), t.column(), t.to(), t.field(), t.allowed(), t.severity(), t.path());
    }
    if (test instanceof DataTestSpec.RowCount t) {
      return DataTest.threshold(
          t.table(),
          "row_count("
              + t.minimum().map(m -> "min " + m).orElse("")
              + (t.minimum().isPresent() && t.maximum().isPresent() ? ", " : "")
              + t.maximum().map(m -> "max " + m).orElse("")
              + ")",
          new Threshold.RowCount(
              "SELECT COUNT(*) FROM " + sql(t.table()), t.min(), t.max(), t.severity()),
          t.path());
    }
    if (test instanceof DataTestSpec.Freshness t) {
      return DataTest.threshold(
          t.table(),
          "freshness(" + t.column() + ")",
          new Threshold.Freshness(
              "SELECT MAX(" + column(t.column()) + ") FROM " + sql(t.table()),
              t.warnAfter(),
              t.errorAfter()),
          t.path());
    }
    DataTestSpec.CustomSql t = (DataTestSpec.CustomSql) test;
    return DataTest.rule(t.table(), "sql(" + t.name() + ")", t.severity(), t.query(), t.path());
  }

  static DataTest unique(String table, List<String> columns, Severity severity, String at) {
    String keys = columns.stream().map(DataTests::column).collect(Collectors.joining(", "));
    return DataTest.rule(
        table,
        "unique(" + String.join(", ", columns) + ")",
        severity,
        "SELECT "
            + keys
            + ", COUNT(*) AS copies FROM "
            + sql(table)
            + " GROUP BY "
            + keys
            + " HAVING COUNT(*) > 1",
        at);
  }

  private static DataTest notNull(DataTestSpec.NotNull test) {
    return DataTest.rule(
        test.table(),
        "not_null(" + String.join(", ", test.columns()) + ")",
        test.severity(),
        "SELECT * FROM "
            + sql(test.table())
            + " WHERE "
            + test.columns().stream()
                .map(c -> column(c) + " IS NULL")
                .collect(Collectors.joining(" OR ")),
        test.path());
  }

  private static DataTest acceptedValues(DataTestSpec.AcceptedValues test) {
    String column = column(test.column());
    return DataTest.rule(
        test.table(),
        "accepted_values(" + test.column() + ")",
        test.severity(),
        "SELECT "
            + column
            + ", COUNT(*) AS occurrences FROM "
            + sql(test.table())
            + " WHERE "
            + column
            + " IS NOT NULL AND CAST("
            + column
            + " AS STRING) NOT IN ("
            + test.values().stream().map(SqlQuoting::literal).collect(Collectors.joining(", "))
            + ") GROUP BY "
            + column,
        test.path());
  }

  static DataTest relationship(
      String table,
      String column,
      String to,
      String field,
      List<String> allowed,
      Severity severity,
      String at) {
    String child = "c." + column(column);
    String exemptions =
        allowed.isEmpty()
            ? ""
            : " AND CAST("
                + child
                + " AS STRING) NOT IN ("
                + allowed.stream().map(SqlQuoting::literal).collect(Collectors.joining(", "))
                + ")";
    return DataTest.rule(
        table,
        "relationships(" + column + " -> " + to + "." + field + ")",
        severity,
        "SELECT "
            + child
            + ", COUNT(*) AS occurrences FROM "
            + sql(table)
            + " c LEFT JOIN "
            + sql(to)
            + " p ON "
            + child
            + " = p."
            + column(field)
            + " WHERE "
            + child
            + " IS NOT NULL AND p."
            + column(field)
            + " IS NULL"
            + exemptions
            + " GROUP BY "
            + child,
        at);
  }

  /** Two versions of one key whose validity intervals share an instant. */
  private static DataTest versionsDoNotOverlap(String table, DimensionSpec dimension) {
    String sk = column(dimension.surrogateKey());
    String from = column(MetadataColumns.VALID_FROM);
    String to = column(MetadataColumns.VALID_TO);
    String sameKey =
        dimension.key().stream()
            .map(k -> "a." + column(k) + " = b." + column(k))
            .collect(Collectors.joining(" AND "));
    return DataTest.rule(
        table,
        "scd2_versions_do_not_overlap(" + String.join(", ", dimension.key()) + ")",
        Severity.ERROR,
        "SELECT a."
            + sk
            + " AS version, b."
            + sk
            + " AS overlapping_version FROM "
            + sql(table)
            + " a JOIN "
            + sql(table)
            + " b ON "
            + sameKey
            + " AND a."
            + sk
            + " < b."
            + sk
            + " WHERE a."
            + from
            + " < COALESCE(b."
            + to
            + ", TIMESTAMP '9999-12-31 00:00:00') AND b."
            + from
            + " < COALESCE(a."
            + to
            + ", TIMESTAMP '9999-12-31 00:00:00')",
        BUILT_IN);
  }

  /**
   * A key whose versions are not exactly one current, except a key whose latest version closed with
   * a delete, which has none.
   */
  private static DataTest oneCurrentVersion(String table, DimensionSpec dimension) {
    String keys = dimension.key().stream().map(DataTests::column).collect(Collectors.joining(", "));
    String from = column(MetadataColumns.VALID_FROM);
    String current = column(MetadataColumns.IS_CURRENT);
    String deleted = column(MetadataColumns.IS_DELETED);
    // Flink's batch planner does not decorrelate NOT EXISTS here, so the latest version's delete
    // flag comes from a join with the versions grouped by key and valid_from.
    return DataTest.rule(
        table,
        "scd2_one_current_version(" + String.join(", ", dimension.key()) + ")",
        Severity.ERROR,
        "SELECT "
            + dimension.key().stream().map(k -> "v." + column(k)).collect(Collectors.joining(", "))
            + ", v.current_versions FROM (SELECT "
            + keys
            + ", SUM(CASE WHEN "
            + current
            + " THEN 1 ELSE 0 END) AS current_versions, MAX("
            + from
            + ") AS latest FROM "
            + sql(table)
            + " GROUP BY "
            + keys
            + ") v JOIN (SELECT "
            + keys
            + ", "
            + from
            + ", MAX(CASE WHEN COALESCE("
            + deleted
            + ", FALSE) THEN 1 ELSE 0 END) AS deleted FROM "
            + sql(table)
            + " GROUP BY "
            + keys
            + ", "
            + from
            + ") d ON "
            + dimension.key().stream()
                .map(k -> "d." + column(k) + " = v." + column(k))
                .collect(Collectors.joining(" AND "))
            + " AND d."
            + from
            + " = v.latest WHERE v.current_versions > 1 OR (v.current_versions = 0 AND d.deleted ="
            + " 0)",
        BUILT_IN);
  }

  private static String sql(String table) {
    return TableNames.sql(TableIdentifier.parse(table));
  }

  private static String column(String name) {
    return SqlQuoting.identifier(name);
  }
}
