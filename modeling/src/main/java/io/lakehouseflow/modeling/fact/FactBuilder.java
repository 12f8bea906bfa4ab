package io.lakehouseflow.modeling.fact;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DimensionReference;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.modeling.dimension.GoldDimension;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.modeling.sql.Refresh;
import io.lakehouseflow.modeling.sql.Sql;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.Preconditions;

/**
 * The Flink SQL that builds one gold fact table: one row per grain key (the copy from silver with
 * the greatest declared sequence value, among equal ones the last in landing order), each dimension
 * reference replaced by the surrogate key of the dimension row valid at the fact's event time
 * ({@code -1} when none), then event time, measures and attributes.
 */
public final class FactBuilder {
  private final FactSpec spec;
  private final Refresh refresh;
  private final List<GoldDimension> references;
  private final List<String> eventColumns;
  private final GoldTable table;

  private FactBuilder(
      FactSpec spec, Refresh refresh, List<GoldDimension> references, GoldTable table) {
    this.spec = spec;
    this.refresh = refresh;
    this.references = references;
    Set<String> read = new LinkedHashSet<>(spec.grain());
    spec.dimensions().forEach(r -> read.addAll(r.columns()));
    read.add(spec.eventTime());
    read.addAll(spec.measures());
    read.addAll(spec.attributes());
    this.eventColumns = List.copyOf(read);
    this.table = table;
  }

  /**
   * The builder of {@code fact}, looking its references up in {@code dimensions} (by dimension
   * name), which must hold every dimension the validated spec lets it reference.
   */
  public static FactBuilder of(
      PipelineSpec pipeline,
      FactSpec fact,
      Refresh refresh,
      Map<String, GoldDimension> dimensions) {
    List<GoldDimension> references = new ArrayList<>();
    for (DimensionReference ref : fact.dimensions()) {
      GoldDimension dimension = dimensions.get(ref.dimension());
      Preconditions.checkArgument(
          dimension != null, "fact %s: no dimension %s", fact.name(), ref.dimension());
      references.add(dimension);
    }
    return new FactBuilder(
        fact, refresh, List.copyOf(references), new GoldTable(LayerSchemas.fact(pipeline, fact)));
  }

  public FactSpec spec() {
    return spec;
  }

  public GoldTable table() {
    return table;
  }

  /**
   * {@code CREATE TEMPORARY VIEW} statements: the deduplicated events, then one view per dimension
   * reference adding its surrogate key.
   */
  public List<String> views() {
    List<String> views = new ArrayList<>();
    views.add(
        Sql.createView(
            view("events"),
            Sql.firstPerGroup(
                eventColumns,
                refresh.scan(spec.source()),
                Sql.notNull(null, spec.grain()),
                spec.grain(),
                spec.sequence().map(column -> Sql.quote(column) + " DESC NULLS LAST, ").orElse("")
                    + Sql.LAST_IN_LANDING_ORDER)));
    List<String> columns = new ArrayList<>(eventColumns);
    String previous = view("events");
    for (int i = 0; i < references.size(); i++) {
      GoldDimension dimension = references.get(i);
      String next = view(i + "_" + dimension.spec().surrogateKey());
      views.add(
          dimension.surrogateKeyView(
              next, previous, columns, spec.dimensions().get(i).columns(), spec.eventTime()));
      columns.add(dimension.spec().surrogateKey());
      previous = next;
    }
    return views;
  }

  /** The statement writing {@link #table()} from the last view. */
  public String insert() {
    String last =
        references.isEmpty()
            ? view("events")
            : view(
                (references.size() - 1)
                    + "_"
                    + references.get(references.size() - 1).spec().surrogateKey());
    return refresh.insertInto(table.id())
        + "\nSELECT "
        + Sql.columns(null, table.columnNames())
        + "\nFROM "
        + Sql.quote(last);
  }

  private String view(String step) {
    return TableNames.fact(spec.name()).name() + "__" + step;
  }
}
