package io.lakehouseflow.deploy.docs;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.catalog.TableStatus;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.ModelSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.deploy.datatest.DataTest;
import io.lakehouseflow.deploy.datatest.DataTests;
import io.lakehouseflow.deploy.datatest.TestResultsTable;
import io.lakehouseflow.deploy.lineage.ColumnLineage;
import io.lakehouseflow.deploy.lineage.LineageGraph;
import io.lakehouseflow.deploy.lineage.LineageNode;
import io.lakehouseflow.deploy.lineage.LineageNode.Kind;
import io.lakehouseflow.deploy.plan.PipelinePlan;
import io.lakehouseflow.modeling.GoldPlan;
import io.lakehouseflow.transforms.expectation.SilverQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The documentation of a pipeline as a static site: an index with the lineage graph and every
 * table, and one page per landing directory and table with its columns and types, data tests and
 * their latest results, row count and last commit, and the SQL or plan that builds it. Built from
 * the spec and the tables' metadata (no Flink job runs); the pages work from {@code file://}, the
 * graph's data being inline.
 */
public final class DocsSite {
  /** Where the site's script and style sheet are on the class path. */
  private static final String ASSETS = "/io/lakehouseflow/deploy/docs/";

  private static final List<String> ASSET_FILES = List.of("lineage.js", "docs.css");

  private final PipelineSpec spec;
  private final LineageGraph graph;
  private final List<TablePage> pages;
  private final Instant generatedAt;

  private DocsSite(
      PipelineSpec spec, LineageGraph graph, List<TablePage> pages, Instant generatedAt) {
    this.spec = spec;
    this.graph = graph;
    this.pages = List.copyOf(pages);
    this.generatedAt = generatedAt;
  }

  /** The docs of {@code spec} from the spec alone, before anything ran: no figures, no results. */
  public static DocsSite of(PipelineSpec spec) {
    return collect(spec, Optional.empty());
  }

  /** The docs of {@code spec} with what {@code catalog}'s tables hold now. */
  public static DocsSite of(PipelineSpec spec, LakehouseCatalog catalog) {
    return collect(spec, Optional.of(catalog));
  }

  private static DocsSite collect(PipelineSpec spec, Optional<LakehouseCatalog> catalog) {
    List<DataTest> tests = DataTests.of(spec);
    LineageGraph graph = LineageGraph.of(spec);
    if (catalog.isPresent() && catalog.get().tableExists(TestResultsTable.TABLE)) {
      graph =
          graph.withTestResults(
              TestResultsTable.TABLE, tests.stream().map(DataTest::table).toList());
    }
    LastTestResults results = catalog.map(LastTestResults::read).orElseGet(LastTestResults::none);
    Map<String, LayerSchema> declared = declaredLayouts(spec);
    Map<String, String> goldPlans = goldPlans(spec);
    List<TablePage> pages = new ArrayList<>();
    for (LineageNode node : graph.nodes()) {
      pages.add(page(spec, graph, node, catalog, declared, goldPlans, tests, results));
    }
    return new DocsSite(spec, graph, pages, Instant.now());
  }

  public LineageGraph lineage() {
    return graph;
  }

  PipelineSpec spec() {
    return spec;
  }

  List<TablePage> pages() {
    return pages;
  }

  Instant generatedAt() {
    return generatedAt;
  }

  /**
   * Writes the site into {@code dir} (created when absent; pages of an earlier run are replaced)
   * and returns its {@code index.html}.
   *
   * @throws UncheckedIOException naming the file that could not be written
   */
  public Path write(Path dir) {
    SitePages html = new SitePages(this, LineageJson.of(this));
    Path index = dir.resolve("index.html");
    writeFile(index, html.index());
    writeFile(dir.resolve("lineage.json"), LineageJson.of(this).text());
    for (TablePage page : pages) {
      writeFile(dir.resolve(page.file()), html.table(page));
    }
    for (String asset : ASSET_FILES) {
      writeFile(dir.resolve("assets").resolve(asset), asset(asset));
    }
    return index;
  }

  private static void writeFile(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write the docs page " + file + ": " + e, e);
    }
  }

  private static String asset(String name) {
    try (InputStream in = DocsSite.class.getResourceAsStream(ASSETS + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot find " + ASSETS + name + " on the class path: the CLI jar is incomplete.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + ASSETS + name, e);
    }
  }

  /**
   * What column {@code column} of {@code node}'s table means: the spec's {@code docs:} description,
   * else the doc the table's schema carries ({@code schemaDoc}, may be null), else nothing.
   */
  private static String columnDoc(
      PipelineSpec spec, LineageNode node, String column, String schemaDoc) {
    return spec.doc(node.id())
        .map(d -> d.columns().get(column))
        .orElse(schemaDoc == null ? "" : schemaDoc);
  }

  private static TablePage page(
      PipelineSpec spec,
      LineageGraph graph,
      LineageNode node,
      Optional<LakehouseCatalog> catalog,
      Map<String, LayerSchema> declared,
      Map<String, String> goldPlans,
      List<DataTest> tests,
      LastTestResults results) {
    List<ColumnLineage> lineage = graph.columnsOf(node.id());
    List<TablePage.Column> columns = new ArrayList<>();
    String columnsFrom;
    Optional<TableStatus> status = Optional.empty();
    Optional<RowCount> rows = Optional.empty();
    Optional<TableIdentifier> id =
        node.kind().isTable() ? Optional.of(TableIdentifier.parse(node.id())) : Optional.empty();
    if (node.kind() == Kind.LANDING) {
      SourceSpec source = spec.source(node.id().substring(node.id().indexOf('.') + 1));
      for (ColumnSpec c : source.columns()) {
        columns.add(
            new TablePage.Column(
                c.name(),
                c.type().toString(),
                false,
                c.declaredFormat().map(f -> "written as " + f).orElse(""),
                List.of()));
      }
      columnsFrom =
          source.infersColumns()
              ? "the first file's header or records (the spec declares none)"
              : "the spec (sources." + source.name() + ".columns)";
    } else if (id.isPresent() && catalog.isPresent() && catalog.get().tableExists(id.get())) {
      Table table = catalog.get().loadTable(id.get());
      for (Types.NestedField f : table.schema().columns()) {
        columns.add(
            new TablePage.Column(
                f.name(),
                f.type().toString(),
                f.isRequired(),
                columnDoc(spec, node, f.name(), f.doc()),
                from(lineage, f.name())));
      }
      columnsFrom = "the Iceberg table's schema";
      TableStatus tableStatus = TableStatus.of(id.get(), table);
      status = Optional.of(tableStatus);
      if (table.currentSnapshot() != null) {
        rows = Optional.of(RowCount.of(table, tableStatus));
      }
    } else {
      LayerSchema layout = declared.get(node.id());
      for (LayerColumn c : layout == null ? List.<LayerColumn>of() : layout.columns()) {
        columns.add(
            new TablePage.Column(
                c.name(),
                c.type().toString(),
                c.role() == LayerColumn.Role.KEY,
                columnDoc(spec, node, c.name(), c.doc()),
                from(lineage, c.name())));
      }
      columnsFrom = "the spec (the table does not exist yet)";
      Optional<ModelSpec> model = modelOf(spec, node);
      if (model.isPresent()) {
        model
            .get()
            .columns()
            .forEach(
                (c, doc) ->
                    columns.add(
                        new TablePage.Column(
                            c,
                            "(from the query)",
                            model.get().uniqueKey().contains(c),
                            doc,
                            List.of())));
        columnsFrom =
            "the model's YAML, the columns it describes ("
                + (id.isPresent() ? "the table does not exist yet" : "a view has no table")
                + ")";
      }
    }
    List<TablePage.Test> tableTests =
        tests.stream()
            .filter(t -> t.table().equals(node.id()))
            .map(t -> new TablePage.Test(t, results.of(t.table(), t.name())))
            .toList();
    List<String> rules = List.of();
    Optional<String> sql = Optional.empty();
    Optional<SilverTableSpec> silver = silverOf(spec, node);
    if (silver.isPresent()) {
      SilverQuery query = PipelinePlan.silverQuery(spec, silver.get());
      rules =
          query.rules().stream()
              .map(
                  r ->
                      r.name()
                          + " ("
                          + r.action().name().toLowerCase(Locale.ROOT)
                          + "): "
                          + r.expression())
              .toList();
      sql = Optional.of(query.sql(TableNames.sql(TableNames.bronze(silver.get().source()))));
    }
    Optional<ModelSpec> model = modelOf(spec, node);
    if (model.isPresent()) {
      sql = Optional.of(model.get().sql().strip());
    }
    return new TablePage(
        node,
        TablePage.fileOf(node.id()),
        columns,
        columnsFrom,
        status,
        rows,
        tableTests,
        rules,
        sql,
        model.isPresent() ? Optional.empty() : Optional.ofNullable(goldPlans.get(node.id())));
  }

  private static List<ColumnLineage> from(List<ColumnLineage> lineage, String column) {
    return lineage.stream().filter(c -> c.toColumn().equals(column)).toList();
  }

  /** The SQL model a model node shows. */
  private static Optional<ModelSpec> modelOf(PipelineSpec spec, LineageNode node) {
    return spec.models().values().stream()
        .filter(m -> TableNames.model(m.name()).toString().equals(node.id()))
        .findFirst();
  }

  /** The silver table a silver or quarantine node is built by. */
  private static Optional<SilverTableSpec> silverOf(PipelineSpec spec, LineageNode node) {
    for (SilverTableSpec table : spec.silver().values()) {
      if (node.id().equals(TableNames.silver(table.name()).toString())
          || node.id().equals(TableNames.quarantine(table.name()).toString())) {
        return Optional.of(table);
      }
    }
    return Optional.empty();
  }

  /** The layout each table will have, from the spec, for tables not created yet. */
  private static Map<String, LayerSchema> declaredLayouts(PipelineSpec spec) {
    List<LayerSchema> layouts = new ArrayList<>();
    spec.sources().values().forEach(s -> layouts.add(LayerSchemas.bronze(s)));
    for (SilverTableSpec table : spec.silver().values()) {
      layouts.add(LayerSchemas.silver(spec, table.name()));
      layouts.add(LayerSchemas.quarantine(spec, table.name()));
    }
    if (!spec.silver().isEmpty()) {
      layouts.add(LayerSchemas.qualityMetrics());
    }
    for (DimensionSpec d : spec.dimensions().values()) {
      layouts.add(LayerSchemas.dimension(spec, d));
    }
    for (FactSpec f : spec.facts().values()) {
      layouts.add(LayerSchemas.fact(spec, f));
    }
    if (!spec.facts().isEmpty()) {
      layouts.add(LayerSchemas.dateDimension());
    }
    Map<String, LayerSchema> byId = new LinkedHashMap<>();
    layouts.forEach(l -> byId.put(l.table().toString(), l));
    return byId;
  }

  /**
   * Gold's plan line of each gold table: gold is built by keyed Flink state, not by SQL, and {@link
   * GoldPlan#describe()} is what it logs and fingerprints, one line per table led by its name.
   */
  private static Map<String, String> goldPlans(PipelineSpec spec) {
    Map<String, String> byTable = new LinkedHashMap<>();
    for (String line : GoldPlan.of(spec).describe().split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        byTable.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return byTable;
  }
}
