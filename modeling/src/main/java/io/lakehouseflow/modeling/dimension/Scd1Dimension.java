package io.lakehouseflow.modeling.dimension;

import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.modeling.key.SurrogateKey;
import io.lakehouseflow.modeling.key.SurrogateKeyFunction;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.modeling.sql.Refresh;
import io.lakehouseflow.modeling.sql.Sql;
import java.util.List;

/**
 * A type 1 dimension: one row per natural key holding its latest change (highest sequence value;
 * among equal ones the last in landing order), with the sequence column kept under its own name
 * (for example {@code updated_at}). The surrogate key hashes the natural key only, so it is stable
 * across changes.
 */
public final class Scd1Dimension implements GoldDimension {
  private final DimensionColumns columns;
  private final Refresh refresh;
  private final GoldTable table;

  private Scd1Dimension(DimensionColumns columns, Refresh refresh, GoldTable table) {
    this.columns = columns;
    this.refresh = refresh;
    this.table = table;
  }

  public static Scd1Dimension of(PipelineSpec pipeline, DimensionSpec spec, Refresh refresh) {
    return new Scd1Dimension(
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

  /** The view of the latest change per key; a fact's lookup reads it. */
  String latestView() {
    return columns.view("latest");
  }

  @Override
  public List<String> views() {
    String latest =
        Sql.firstPerGroup(
            columns.dataColumns(),
            refresh.scan(spec().source()),
            columns.completeRows(),
            columns.key(),
            Sql.quote(columns.sequence()) + " DESC, " + Sql.LAST_IN_LANDING_ORDER);
    return List.of(Sql.createView(latestView(), latest));
  }

  @Override
  public String insert() {
    return refresh.insertInto(table.id())
        + "\nSELECT "
        + SurrogateKeyFunction.NAME
        + "("
        + Sql.columns(null, columns.key())
        + ") AS "
        + Sql.quote(spec().surrogateKey())
        + ", "
        + Sql.columns(null, columns.dataColumns())
        + "\nFROM "
        + Sql.quote(latestView());
  }

  @Override
  public String surrogateKeyView(
      String viewName,
      String factView,
      List<String> factColumns,
      List<String> referenceColumns,
      String eventTime) {
    String query =
        "SELECT "
            + Sql.columns("f", factColumns)
            + ", CASE WHEN d."
            + Sql.quote(columns.key().get(0))
            + " IS NULL THEN CAST("
            + SurrogateKey.UNKNOWN
            + " AS BIGINT) ELSE "
            + SurrogateKeyFunction.NAME
            + "("
            + Sql.columns("d", columns.key())
            + ") END AS "
            + Sql.quote(spec().surrogateKey())
            + "\nFROM "
            + Sql.quote(factView)
            + " AS f\nLEFT JOIN "
            + Sql.quote(latestView())
            + " AS d ON "
            + Sql.equal("d", columns.key(), "f", referenceColumns);
    return Sql.createView(viewName, query);
  }
}
