package io.lakehouseflow.deploy.plan;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DimensionReference;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.ModelSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceFormat;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.modeling.GoldPlan;
import io.lakehouseflow.modeling.model.SqlModel;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.transforms.expectation.FormattedCast;
import io.lakehouseflow.transforms.expectation.PiiHash;
import io.lakehouseflow.transforms.expectation.Rule;
import io.lakehouseflow.transforms.expectation.SilverLayout;
import io.lakehouseflow.transforms.expectation.SilverQuery;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * What a pipeline would build, without data and without running a job: the tables from landing to
 * gold with what feeds each, every table's columns, silver's rules and generated SQL, and gold's
 * plan. Each silver query is compiled by Flink's planner against its bronze table's schema, so an
 * error the spec checks cannot see alone (a rule that only fails in the whole query) shows here
 * too.
 */
public final class PipelinePlan {
  private final PipelineSpec spec;
  private final List<String> problems = new ArrayList<>();
  private final List<String> silverSql = new ArrayList<>();
  private final List<SqlModel> models = new ArrayList<>();

  private PipelinePlan(PipelineSpec spec) {
    this.spec = spec;
  }

  /** The plan of {@code spec}, whose silver queries are compiled here. */
  public static PipelinePlan of(PipelineSpec spec) {
    PipelinePlan plan = new PipelinePlan(spec);
    plan.compileSilver();
    plan.compileModels();
    return plan;
  }

  /** What failed to compile, one line each; empty when the whole pipeline compiles. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  private void compileSilver() {
    if (spec.silver().isEmpty()) {
      return;
    }
    TableEnvironment planner = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    planner.getConfig().setLocalTimeZone(ZoneOffset.UTC);
    // Compiling needs the function, not the secret: the salt the job uses comes at run time.
    planner.createTemporarySystemFunction(SilverQuery.PII_HASH_FUNCTION, new PiiHash("plan"));
    FormattedCast.functions().forEach(planner::createTemporarySystemFunction);
    for (SilverTableSpec table : spec.silver().values()) {
      SilverLayout layout = SilverLayout.of(spec, table);
      String bronze = "bronze_" + table.name();
      planner.createTemporaryTable(
          bronze,
          TableDescriptor.forConnector("datagen")
              .schema(
                  Schema.newBuilder()
                      .fromRowDataType(
                          TypeConversions.fromLogicalToDataType(layout.bronze().rowType()))
                      .build())
              .build());
      String sql = silverQuery(spec, table).sql("`" + bronze + "`");
      silverSql.add(sql);
      try {
        planner.sqlQuery(sql);
      } catch (RuntimeException e) {
        problems.add(
            "silver."
                + table.name()
                + ": its query does not compile against bronze."
                + table.source()
                + ": "
                + firstLine(e)
                + ". Fix the rule it names in silver."
                + table.name()
                + ".");
      }
    }
  }

  /**
   * Compiles the SQL models in their order against empty tables of gold's layouts, under gold's
   * names in a catalog named like the lakehouse's, each model then a view for the models after it.
   * A model that fails is reported, and the models reading it are not compiled.
   */
  private void compileModels() {
    if (spec.models().isEmpty()) {
      return;
    }
    TableEnvironment planner = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    planner.registerCatalog(
        LakehouseCatalog.NAME, new GenericInMemoryCatalog(LakehouseCatalog.NAME, TableNames.GOLD));
    planner.useCatalog(LakehouseCatalog.NAME);
    for (GoldTable table : GoldPlan.of(spec).tables()) {
      planner.createTemporaryTable(
          TableNames.sql(table.id()),
          TableDescriptor.forConnector("datagen")
              .schema(
                  Schema.newBuilder()
                      .fromRowDataType(
                          TypeConversions.fromLogicalToDataType(
                              FlinkSchemaUtil.convert(table.schema())))
                      .build())
              .build());
    }
    Set<String> silverRead = new java.util.TreeSet<>();
    spec.models().values().forEach(m -> silverRead.addAll(m.silverReads()));
    for (String table : silverRead) {
      planner.createTemporaryTable(
          TableNames.sql(TableNames.silver(table)),
          TableDescriptor.forConnector("datagen")
              .schema(
                  Schema.newBuilder()
                      .fromRowDataType(
                          TypeConversions.fromLogicalToDataType(
                              LayerSchemas.silver(spec, table).rowType()))
                      .build())
              .build());
    }
    Set<String> failed = new HashSet<>();
    for (ModelSpec model : spec.models().values()) {
      if (model.references().stream().anyMatch(failed::contains)) {
        failed.add(model.name());
        continue;
      }
      try {
        Table query;
        try {
          query = planner.sqlQuery(model.sql());
        } catch (RuntimeException e) {
          throw SqlModel.unplannable(model, e);
        }
        SqlModel planned = SqlModel.of(model, query.getResolvedSchema());
        planner.createTemporaryView(planned.path(), query);
        models.add(planned);
      } catch (IllegalArgumentException e) {
        problems.add(TableNames.model(model.name()) + ": " + e.getMessage());
        failed.add(model.name());
      }
    }
  }

  /**
   * The query that builds silver table {@code table} from its bronze table, with its rules: what
   * the plan prints and compiles, and what the silver job runs ({@code sql(TableNames.sql(bronze))}
   * gives the SQL over the lakehouse catalog's bronze table, as the job reads it).
   */
  public static SilverQuery silverQuery(PipelineSpec spec, SilverTableSpec table) {
    return SilverQuery.of(table, spec.sourceOf(table), SilverLayout.of(spec, table));
  }

  /** The plan in words, for people. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("Pipeline ")
        .append(spec.name())
        .append(" (")
        .append(spec.location())
        .append("): ")
        .append(count(spec.sources().size(), "source"))
        .append(", ")
        .append(count(spec.silver().size(), "silver table"))
        .append(", ")
        .append(count(spec.dimensions().size(), "dimension"))
        .append(", ")
        .append(count(spec.facts().size(), "fact"))
        .append("\n\nFlow, landing to gold:\n");
    for (SourceSpec source : spec.sources().values()) {
      out.append("  ")
          .append(spec.landing())
          .append('/')
          .append(source.path())
          .append("/ (")
          .append(source.format().name().toLowerCase(Locale.ROOT))
          .append(") -> bronze.")
          .append(source.name());
      List<String> silver =
          spec.silver().values().stream()
              .filter(t -> t.source().equals(source.name()))
              .map(t -> "silver." + t.name() + " (+ silver." + t.name() + "_quarantine)")
              .toList();
      if (!silver.isEmpty()) {
        out.append(" -> ").append(String.join(", ", silver));
      }
      List<String> gold = goldReading(source.name());
      if (!gold.isEmpty()) {
        out.append(" -> ").append(String.join(", ", gold));
      }
      out.append('\n');
    }
    for (FactSpec fact : spec.facts().values()) {
      for (DimensionReference reference : fact.dimensions()) {
        out.append("  gold.dim_")
            .append(reference.dimension())
            .append(" -> gold.fact_")
            .append(fact.name())
            .append(" (")
            .append(reference.surrogateKey())
            .append(")\n");
      }
    }
    out.append("\nBronze:\n");
    for (SourceSpec source : spec.sources().values()) {
      LayerSchema bronze = LayerSchemas.bronze(source);
      out.append("  ").append(bronze.table()).append(": ").append(dataColumns(bronze));
      if (source.infersColumns() && source.columns().isEmpty()) {
        out.append(
            source.format() == SourceFormat.JSON
                ? "(inferred from the first file's records at the first run)"
                : "(inferred from the first file's header at the first run)");
      }
      out.append('\n');
    }
    int i = 0;
    for (SilverTableSpec table : spec.silver().values()) {
      SilverLayout layout = SilverLayout.of(spec, table);
      SilverQuery query = silverQuery(spec, table);
      out.append(i == 0 ? "\nSilver:\n" : "")
          .append("  ")
          .append(layout.silver().table())
          .append(": ")
          .append(dataColumns(layout.silver()))
          .append('\n');
      if (!query.rules().isEmpty()) {
        out.append("    rules: ")
            .append(
                query.rules().stream().map(PipelinePlan::rule).collect(Collectors.joining(", ")))
            .append('\n');
      }
      out.append("    SQL: ").append(silverSql.get(i)).append('\n');
      i++;
    }
    GoldPlan gold = GoldPlan.of(spec);
    if (!gold.isEmpty()) {
      out.append("\nGold:\n").append(gold.describe().indent(2));
    }
    for (SqlModel model : models) {
      out.append(model == models.get(0) ? "\nSQL models (compiled against gold's columns):\n" : "")
          .append("  ")
          .append(model.path().replace("`", ""))
          .append(" (")
          .append(model.spec().materialized().key())
          .append(")")
          .append(model.table().map(t -> ": " + dataColumns(t.layout())).orElse(""))
          .append('\n');
    }
    return out.toString();
  }

  private List<String> goldReading(String source) {
    List<String> gold = new ArrayList<>();
    for (SilverTableSpec table : spec.silver().values()) {
      if (!table.source().equals(source)) {
        continue;
      }
      for (DimensionSpec d : spec.dimensions().values()) {
        if (d.source().equals(table.name())) {
          gold.add("gold.dim_" + d.name());
        }
      }
      for (FactSpec f : spec.facts().values()) {
        if (f.source().equals(table.name())) {
          gold.add("gold.fact_" + f.name() + " (+ gold.dim_date)");
        }
      }
    }
    return gold;
  }

  private static String dataColumns(LayerSchema layout) {
    return layout.columns().stream()
        .filter(c -> c.role() != LayerColumn.Role.METADATA)
        .map(c -> c.name() + " " + c.type())
        .collect(Collectors.joining(", "));
  }

  private static String rule(Rule rule) {
    return rule.name() + " (" + rule.action().name().toLowerCase(Locale.ROOT) + ")";
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String line = message.strip().lines().findFirst().orElse(message);
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }
}
