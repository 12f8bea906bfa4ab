package io.lakehouseflow.modeling.dimension;

import static io.lakehouseflow.core.catalog.MetadataColumns.IS_CURRENT;
import static io.lakehouseflow.core.catalog.MetadataColumns.VALID_FROM;
import static io.lakehouseflow.core.catalog.MetadataColumns.VALID_TO;

import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.modeling.key.SurrogateKey;
import io.lakehouseflow.modeling.key.SurrogateKeyFunction;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.modeling.sql.Refresh;
import io.lakehouseflow.modeling.sql.Sql;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A type 2 dimension: one row per version of a natural key, {@code valid_from} (the sequence value
 * of the change that opened it), {@code valid_to} (the next version's {@code valid_from}, NULL
 * while current) and {@code is_current}. The surrogate key hashes the natural key and {@code
 * valid_from}.
 *
 * <p>A change opens a version only when a tracked attribute differs from the change of the same key
 * just before it in sequence order, so duplicates and no-op changes open none, and a late change
 * lands in its place in history. The version carries the attribute values of the change that opened
 * it. The SQL avoids LAG/LEAD, which streaming Flink lacks: the previous change is a self-join with
 * MAX, {@code valid_to} a self-join with MIN, both of which retract correctly when a late change
 * arrives.
 */
public final class Scd2Dimension implements GoldDimension {
  private static final String PREVIOUS_SEQUENCE = "_previous_sequence";

  private final DimensionColumns columns;
  private final Refresh refresh;
  private final GoldTable table;

  private Scd2Dimension(DimensionColumns columns, Refresh refresh, GoldTable table) {
    this.columns = columns;
    this.refresh = refresh;
    this.table = table;
  }

  public static Scd2Dimension of(PipelineSpec pipeline, DimensionSpec spec, Refresh refresh) {
    return new Scd2Dimension(
        DimensionColumns.of(pipeline, spec),
        refresh,
        new GoldTable(LayerSchemas.dimension(pipeline, spec)));
  }

  @Override
  public DimensionSpec spec() {
    return columns.spec();
  }

  @Override
  public GoldTable table() {
    return table;
  }

  /** The view of distinct changes: one per key and sequence value, the last in landing order. */
  String changesView() {
    return columns.view("changes");
  }

  /** The view of the changes that open a version; a fact's lookup reads it. */
  String versionsView() {
    return columns.view("versions");
  }

  @Override
  public List<String> views() {
    List<String> key = columns.key();
    String seq = Sql.quote(columns.sequence());
    String changes =
        Sql.firstPerGroup(
            columns.dataColumns(),
            refresh.scan(spec().source()),
            columns.completeRows(),
            append(key, columns.sequence()),
            Sql.LAST_IN_LANDING_ORDER);
    String previous =
        "SELECT "
            + Sql.columns("c", append(key, columns.sequence()))
            + ", MAX(p."
            + seq
            + ") AS "
            + Sql.quote(PREVIOUS_SEQUENCE)
            + selfJoin(changesView(), "c", "p", "<")
            + "\nGROUP BY "
            + Sql.columns("c", append(key, columns.sequence()));
    String changed =
        columns.tracked().stream()
            .map(t -> Sql.column("c", t) + " IS DISTINCT FROM " + Sql.column("p", t))
            .collect(Collectors.joining(" OR "));
    String versions =
        "SELECT "
            + Sql.columns("c", columns.dataColumns())
            + "\nFROM "
            + Sql.quote(changesView())
            + " AS c\nJOIN "
            + Sql.quote(columns.view("previous"))
            + " AS v ON "
            + Sql.equal("v", key, "c", key)
            + " AND v."
            + seq
            + " = c."
            + seq
            + "\nLEFT JOIN "
            + Sql.quote(changesView())
            + " AS p ON "
            + Sql.equal("p", key, "v", key)
            + " AND p."
            + seq
            + " = v."
            + Sql.quote(PREVIOUS_SEQUENCE)
            + "\nWHERE p."
            + Sql.quote(key.get(0))
            + " IS NULL"
            + (changed.isEmpty() ? "" : " OR " + changed);
    List<String> versionColumns = columns.dataColumns();
    String history =
        "SELECT "
            + Sql.columns("v", key)
            + (columns.attributes().isEmpty() ? "" : ", " + Sql.columns("v", columns.attributes()))
            + ", v."
            + seq
            + " AS "
            + Sql.quote(VALID_FROM)
            + ", MIN(n."
            + seq
            + ") AS "
            + Sql.quote(VALID_TO)
            + selfJoin(versionsView(), "v", "n", ">")
            + "\nGROUP BY "
            + Sql.columns("v", versionColumns);
    return List.of(
        Sql.createView(changesView(), changes),
        Sql.createView(columns.view("previous"), previous),
        Sql.createView(versionsView(), versions),
        Sql.createView(columns.view("history"), history));
  }

  @Override
  public String insert() {
    List<String> key = columns.key();
    return refresh.insertInto(table.id())
        + "\nSELECT "
        + SurrogateKeyFunction.NAME
        + "("
        + Sql.columns(null, key)
        + ", "
        + Sql.quote(VALID_FROM)
        + ") AS "
        + Sql.quote(spec().surrogateKey())
        + ", "
        + Sql.columns(null, key)
        + (columns.attributes().isEmpty() ? "" : ", " + Sql.columns(null, columns.attributes()))
        + ", "
        + Sql.quote(VALID_FROM)
        + ", "
        + Sql.quote(VALID_TO)
        + ", "
        + Sql.quote(VALID_TO)
        + " IS NULL AS "
        + Sql.quote(IS_CURRENT)
        + "\nFROM "
        + Sql.quote(columns.view("history"));
  }

  @Override
  public String surrogateKeyView(
      String viewName,
      String factView,
      List<String> factColumns,
      List<String> referenceColumns,
      String eventTime) {
    String validFrom = "MAX(d." + Sql.quote(columns.sequence()) + ")";
    String query =
        "SELECT "
            + Sql.columns("f", factColumns)
            + ", CASE WHEN "
            + validFrom
            + " IS NULL THEN CAST("
            + SurrogateKey.UNKNOWN
            + " AS BIGINT) ELSE "
            + SurrogateKeyFunction.NAME
            + "("
            + columns.castToKeyTypes("f", referenceColumns)
            + ", "
            + validFrom
            + ") END AS "
            + Sql.quote(spec().surrogateKey())
            + "\nFROM "
            + Sql.quote(factView)
            + " AS f\nLEFT JOIN "
            + Sql.quote(versionsView())
            + " AS d ON "
            + Sql.equal("d", columns.key(), "f", referenceColumns)
            + " AND d."
            + Sql.quote(columns.sequence())
            + " <= f."
            + Sql.quote(eventTime)
            + "\nGROUP BY "
            + Sql.columns("f", factColumns);
    return Sql.createView(viewName, query);
  }

  /**
   * {@code FROM view AS row LEFT JOIN view AS other ON same key AND other.seq <comparison>
   * row.seq}: each row with the other rows of its key that come before ({@code <}) or after ({@code
   * >}) it.
   */
  private String selfJoin(String view, String row, String other, String comparison) {
    List<String> key = columns.key();
    String seq = Sql.quote(columns.sequence());
    return "\nFROM "
        + Sql.quote(view)
        + " AS "
        + row
        + "\nLEFT JOIN "
        + Sql.quote(view)
        + " AS "
        + other
        + " ON "
        + Sql.equal(other, key, row, key)
        + " AND "
        + other
        + "."
        + seq
        + " "
        + comparison
        + " "
        + row
        + "."
        + seq;
  }

  private static List<String> append(List<String> list, String last) {
    return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(last)).toList();
  }
}
