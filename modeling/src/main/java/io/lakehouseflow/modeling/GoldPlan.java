package io.lakehouseflow.modeling;

import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.modeling.dimension.GoldDimension;
import io.lakehouseflow.modeling.fact.FactBuilder;
import io.lakehouseflow.modeling.key.SurrogateKeyFunction;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.modeling.sql.Refresh;
import io.lakehouseflow.modeling.sql.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything the gold job runs, generated from the spec: the gold tables to create, the setup
 * statements (surrogate key function, temporary views per step) and one {@code INSERT} per gold
 * table, all submitted together as one Flink job. Printing {@link #script()} shows exactly what
 * runs.
 *
 * @param tables the gold tables, dimensions first
 * @param setup the function and view definitions, in dependency order
 * @param inserts one statement per gold table, in the order of {@code tables}
 */
public record GoldPlan(List<GoldTable> tables, List<String> setup, List<String> inserts) {

  public GoldPlan {
    tables = List.copyOf(tables);
    setup = List.copyOf(setup);
    inserts = List.copyOf(inserts);
  }

  /**
   * The plan of {@code spec}'s dimensions and facts.
   *
   * @throws IllegalArgumentException when the spec refers to a column, dimension or table that does
   *     not exist
   */
  public static GoldPlan of(PipelineSpec spec, Refresh refresh) {
    List<GoldTable> tables = new ArrayList<>();
    List<String> setup = new ArrayList<>();
    List<String> inserts = new ArrayList<>();
    setup.add(
        "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS "
            + SurrogateKeyFunction.NAME
            + " AS "
            + Sql.literal(SurrogateKeyFunction.class.getName())
            + " LANGUAGE JAVA");
    Map<String, GoldDimension> dimensions = new LinkedHashMap<>();
    for (DimensionSpec d : spec.dimensions().values()) {
      GoldDimension dimension = GoldDimension.of(spec, d, refresh);
      dimensions.put(d.name(), dimension);
      tables.add(dimension.table());
      setup.addAll(dimension.views());
      inserts.add(dimension.insert());
    }
    for (FactSpec f : spec.facts().values()) {
      FactBuilder fact = FactBuilder.of(spec, f, refresh, dimensions);
      tables.add(fact.table());
      setup.addAll(fact.views());
      inserts.add(fact.insert());
    }
    return new GoldPlan(tables, setup, inserts);
  }

  /** Every statement, setup first. */
  public List<String> sql() {
    List<String> all = new ArrayList<>(setup);
    all.addAll(inserts);
    return List.copyOf(all);
  }

  /** The statements as one script, each ended by {@code ;}; the inserts inside a statement set. */
  public String script() {
    return setup.stream().map(s -> s + ";\n").collect(Collectors.joining("\n"))
        + "\nEXECUTE STATEMENT SET BEGIN\n"
        + inserts.stream().map(s -> s + ";\n").collect(Collectors.joining("\n"))
        + "END;\n";
  }
}
