package io.lakehouseflow.deploy.lineage;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DimensionReference;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.ModelSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.deploy.lineage.LineageEdge.Relation;
import io.lakehouseflow.deploy.lineage.LineageNode.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The lineage of a pipeline, derived from its spec alone: landing directories, bronze, silver (with
 * quarantine and quality metrics), gold dimensions and facts, the SQL models over them, and what
 * each is built from, table by table ({@link #edges()}) and, where the spec says how, column by
 * column ({@link #columns()}). Immutable; {@link #withTestResults} adds the table {@code lakehouse
 * test} writes.
 */
public final class LineageGraph {
  private final String pipeline;
  private final Map<String, LineageNode> nodes;
  private final List<LineageEdge> edges;
  private final List<ColumnLineage> columns;

  private LineageGraph(
      String pipeline,
      Map<String, LineageNode> nodes,
      List<LineageEdge> edges,
      List<ColumnLineage> columns) {
    this.pipeline = pipeline;
    this.nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    this.edges = List.copyOf(edges);
    this.columns = List.copyOf(columns);
  }

  /** The lineage of {@code spec}: every table its jobs write, and the landing directories. */
  public static LineageGraph of(PipelineSpec spec) {
    Map<String, LineageNode> nodes = new LinkedHashMap<>();
    Set<LineageEdge> edges = new LinkedHashSet<>();
    List<ColumnLineage> columns = new ArrayList<>();
    for (SourceSpec source : spec.sources().values()) {
      String landing = landingId(source.name());
      String bronze = TableNames.bronze(source.name()).toString();
      add(
          nodes,
          new LineageNode(
              landing,
              Kind.LANDING,
              landingPath(spec, source),
              TableDescriptions.landing(spec, source)));
      add(
          nodes,
          new LineageNode(bronze, Kind.BRONZE, bronze, TableDescriptions.bronze(spec, source)));
      edges.add(new LineageEdge(landing, bronze, Relation.INGESTS));
      source
          .columns()
          .forEach(
              c ->
                  columns.add(
                      new ColumnLineage(
                          landing, c.name(), bronze, c.name(), "read as " + c.type())));
    }
    for (SilverTableSpec table : spec.silver().values()) {
      String bronze = TableNames.bronze(table.source()).toString();
      String silver = TableNames.silver(table.name()).toString();
      String quarantine = TableNames.quarantine(table.name()).toString();
      String metrics = LayerSchemas.QUALITY_METRICS.toString();
      add(
          nodes,
          new LineageNode(silver, Kind.SILVER, silver, TableDescriptions.silver(spec, table)));
      add(
          nodes,
          new LineageNode(
              quarantine, Kind.QUARANTINE, quarantine, TableDescriptions.quarantine(table)));
      add(
          nodes,
          new LineageNode(
              metrics, Kind.QUALITY_METRICS, metrics, TableDescriptions.qualityMetrics()));
      edges.add(new LineageEdge(bronze, silver, Relation.CLEANS));
      edges.add(new LineageEdge(bronze, quarantine, Relation.QUARANTINES));
      edges.add(new LineageEdge(bronze, metrics, Relation.MEASURES));
      SilverColumns silverColumns = SilverColumns.of(spec, table);
      columns.addAll(silverColumns.lineage(bronze, silver));
      columns.addAll(silverColumns.lineage(bronze, quarantine));
    }
    for (DimensionSpec dimension : spec.dimensions().values()) {
      String silver = TableNames.silver(dimension.source()).toString();
      String gold = TableNames.dimension(dimension.name()).toString();
      add(
          nodes,
          new LineageNode(gold, Kind.DIMENSION, gold, TableDescriptions.dimension(dimension)));
      edges.add(new LineageEdge(silver, gold, Relation.MODELS));
      columns.addAll(GoldColumns.dimension(silver, gold, dimension));
    }
    if (!spec.facts().isEmpty()) {
      String dates = TableNames.dimension(LayerSchemas.DATE_DIMENSION).toString();
      add(
          nodes,
          new LineageNode(
              dates, Kind.DATE_DIMENSION, dates, TableDescriptions.dates(spec.facts().values())));
      for (FactSpec fact : spec.facts().values()) {
        String silver = TableNames.silver(fact.source()).toString();
        edges.add(new LineageEdge(silver, dates, Relation.MODELS));
        columns.add(
            new ColumnLineage(
                silver, fact.eventTime(), dates, "date_sk", "every event date, as yyyymmdd"));
      }
    }
    for (FactSpec fact : spec.facts().values()) {
      String silver = TableNames.silver(fact.source()).toString();
      String gold = TableNames.fact(fact.name()).toString();
      add(nodes, new LineageNode(gold, Kind.FACT, gold, TableDescriptions.fact(fact)));
      edges.add(new LineageEdge(silver, gold, Relation.MODELS));
      for (DimensionReference reference : fact.dimensions()) {
        String dimension = TableNames.dimension(reference.dimension()).toString();
        edges.add(new LineageEdge(dimension, gold, Relation.REFERENCES));
      }
      edges.add(
          new LineageEdge(
              TableNames.dimension(LayerSchemas.DATE_DIMENSION).toString(),
              gold,
              Relation.REFERENCES));
      columns.addAll(GoldColumns.fact(spec, silver, gold, fact));
    }
    for (ModelSpec model : spec.models().values()) {
      String id = TableNames.model(model.name()).toString();
      Kind kind = model.materialized().hasTable() ? Kind.MODEL : Kind.MODEL_VIEW;
      add(nodes, new LineageNode(id, kind, id, TableDescriptions.model(model)));
      for (String read : model.references()) {
        edges.add(new LineageEdge(TableNames.model(read).toString(), id, Relation.SELECTS));
      }
      for (String read : model.silverReads()) {
        edges.add(new LineageEdge(TableNames.silver(read).toString(), id, Relation.SELECTS));
      }
    }
    columns.addAll(ModelColumns.of(spec));
    nodes.replaceAll((id, node) -> TableDescriptions.documented(spec, node));
    return new LineageGraph(spec.name(), nodes, List.copyOf(edges), columns);
  }

  /**
   * This graph with {@code table} ({@code lakehouse.test_results}) as the node the data tests of
   * {@code tested} tables report to.
   */
  public LineageGraph withTestResults(TableIdentifier table, Collection<String> tested) {
    Map<String, LineageNode> withResults = new LinkedHashMap<>(nodes);
    String id = table.toString();
    withResults.put(
        id, new LineageNode(id, Kind.TEST_RESULTS, id, TableDescriptions.testResults()));
    List<LineageEdge> withTests = new ArrayList<>(edges);
    new LinkedHashSet<>(tested)
        .stream()
            .filter(nodes::containsKey)
            .forEach(t -> withTests.add(new LineageEdge(t, id, Relation.TESTS)));
    return new LineageGraph(pipeline, withResults, withTests, columns);
  }

  /** The pipeline's name. */
  public String pipeline() {
    return pipeline;
  }

  /** Every node, landing directories first, then in layer and spec order. */
  public List<LineageNode> nodes() {
    return List.copyOf(nodes.values());
  }

  public Optional<LineageNode> node(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  public List<LineageEdge> edges() {
    return edges;
  }

  /** Column-level lineage, where the spec says how a column is computed. */
  public List<ColumnLineage> columns() {
    return columns;
  }

  /** The columns of {@code table} and where each comes from, in the order they were derived. */
  public List<ColumnLineage> columnsOf(String table) {
    return columns.stream().filter(c -> c.toTable().equals(table)).toList();
  }

  /** The nodes {@code id} is built from, directly or not, nearest first. */
  public List<String> upstream(String id) {
    return reach(id, true);
  }

  /** The nodes built from {@code id}, directly or not, nearest first. */
  public List<String> downstream(String id) {
    return reach(id, false);
  }

  private List<String> reach(String id, boolean up) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> next = new ArrayDeque<>(List.of(id));
    while (!next.isEmpty()) {
      String at = next.removeFirst();
      for (LineageEdge e : edges) {
        String other =
            up ? (e.to().equals(at) ? e.from() : null) : (e.from().equals(at) ? e.to() : null);
        if (other != null && !other.equals(id) && seen.add(other)) {
          next.addLast(other);
        }
      }
    }
    return List.copyOf(seen);
  }

  /** The node id of source {@code source}'s landing directory. */
  public static String landingId(String source) {
    return "landing." + source;
  }

  private static String landingPath(PipelineSpec spec, SourceSpec source) {
    return spec.landing() + "/" + source.path() + "/";
  }

  private static void add(Map<String, LineageNode> nodes, LineageNode node) {
    nodes.putIfAbsent(node.id(), node);
  }
}
