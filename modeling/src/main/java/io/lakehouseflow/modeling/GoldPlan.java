package io.lakehouseflow.modeling;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.ModelSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.ScdType;
import io.lakehouseflow.modeling.change.ChangeLayout;
import io.lakehouseflow.modeling.dimension.DimensionModel;
import io.lakehouseflow.modeling.fact.FactModel;
import io.lakehouseflow.modeling.sql.GoldTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gold job builds, derived from the spec alone: one {@link Dimension} per declared
 * dimension, one {@link Fact} per fact, and {@code gold.dim_date} when there are facts. {@link
 * #describe()} is the plan in words, with the SQL models' queries, logged at submission and part of
 * the job's fingerprint.
 */
public record GoldPlan(
    Map<String, Dimension> dimensions,
    Map<String, Fact> facts,
    Optional<GoldTable> dates,
    List<ModelSpec> models) {

  /** A dimension: its spec, gold table, silver columns and the model of its history. */
  public record Dimension(
      DimensionSpec spec, GoldTable table, ChangeLayout layout, DimensionModel model) {}

  /** A fact: its spec, gold table and the model of its rows. */
  public record Fact(FactSpec spec, GoldTable table, FactModel model) {}

  public GoldPlan {
    dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    models = List.copyOf(models);
  }

  /** The plan of {@code spec}'s dimensions and facts. */
  public static GoldPlan of(PipelineSpec spec) {
    Map<String, Dimension> dimensions = new LinkedHashMap<>();
    for (DimensionSpec d : spec.dimensions().values()) {
      ChangeLayout layout = DimensionModel.layout(d, spec.changeOperation(d.source()).orElse(null));
      dimensions.put(
          d.name(),
          new Dimension(
              d,
              new GoldTable(LayerSchemas.dimension(spec, d)),
              layout,
              DimensionModel.of(d, layout)));
    }
    Map<String, Fact> facts = new LinkedHashMap<>();
    for (FactSpec f : spec.facts().values()) {
      facts.put(
          f.name(),
          new Fact(
              f,
              new GoldTable(LayerSchemas.fact(spec, f)),
              FactModel.of(f, spec.changeOperation(f.source()).orElse(null))));
    }
    Optional<GoldTable> dates =
        facts.isEmpty()
            ? Optional.empty()
            : Optional.of(new GoldTable(LayerSchemas.dateDimension()));
    return new GoldPlan(dimensions, facts, dates, List.copyOf(spec.models().values()));
  }

  /** Every gold table: dimensions, facts, then the date dimension. */
  public List<GoldTable> tables() {
    List<GoldTable> tables = new ArrayList<>();
    dimensions.values().forEach(d -> tables.add(d.table()));
    facts.values().forEach(f -> tables.add(f.table()));
    dates.ifPresent(tables::add);
    return List.copyOf(tables);
  }

  /** Whether there is anything to build. */
  public boolean isEmpty() {
    return dimensions.isEmpty() && facts.isEmpty();
  }

  /** The plan in words, one line per gold table. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (Dimension d : dimensions.values()) {
      DimensionSpec s = d.spec();
      text.append(d.table().id())
          .append(": SCD ")
          .append(s.scd() == ScdType.TYPE_2 ? "2" : "1")
          .append(" of silver.")
          .append(s.source())
          .append(" by key ")
          .append(s.key())
          .append(", sequence ")
          .append(s.sequenceBy())
          .append(", attributes ")
          .append(s.attributes())
          .append(
              s.scd() == ScdType.TYPE_2
                  ? ", tracked " + s.tracked()
                  : ", on delete " + s.onDelete())
          .append(", reading ")
          .append(d.layout().columns())
          .append('\n');
    }
    for (Fact f : facts.values()) {
      FactSpec s = f.spec();
      text.append(f.table().id())
          .append(": one row per ")
          .append(s.grain())
          .append(" of silver.")
          .append(s.source())
          .append(", latest by ")
          .append(s.sequence().map(c -> c + ", then ").orElse(""))
          .append("landing order; references ");
      s.dimensions()
          .forEach(
              r ->
                  text.append(r.surrogateKey())
                      .append(" = dim_")
                      .append(r.dimension())
                      .append(r.columns())
                      .append(" at ")
                      .append(s.eventTime())
                      .append("; "));
      s.ttl().ifPresent(ttl -> text.append("state TTL ").append(ttl).append("; "));
      text.append("reading ").append(f.model().layout().columns()).append('\n');
    }
    dates.ifPresent(
        t ->
            text.append(t.id())
                .append(": every event date of ")
                .append(facts.keySet())
                .append('\n'));
    for (ModelSpec m : models) {
      text.append(TableNames.model(m.name()))
          .append(": model ")
          // The file's name, not its path: the path depends on how the spec was named (relative
          // or absolute), and this text defines the plan whose state a run resumes.
          .append(m.name())
          .append(".sql")
          .append(" (")
          .append(m.materialized().key())
          .append(m.materialized().hasTable() ? ", unique key " + m.uniqueKey() : "")
          .append("): ")
          .append(m.sql().strip().replace("\\", "\\\\").replace("\n", "\\n"))
          .append('\n');
    }
    return text.toString();
  }
}
