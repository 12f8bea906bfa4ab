package io.lakehouseflow.core.spec;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchemas;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the SQL models of a spec from its {@link ModelFiles}: each {@code <name>.sql} with its
 * optional {@code <name>.yaml}. In two steps, as the spec's data tests may name model tables: the
 * files and settings first ({@link #tables()}), then, against the read spec, the tables each query
 * names and the order they are planned in ({@link #models}). Every problem is collected, with its
 * file and position.
 */
final class ModelReader {
  private static final List<String> KEYS =
      List.of("materialized", "unique_key", "description", "columns");

  private record Settings(
      Materialization materialized,
      List<String> uniqueKey,
      String description,
      Map<String, String> columns) {}

  private final ModelFiles files;
  private final Map<String, String> queries = new LinkedHashMap<>();
  private final Map<String, Settings> settings = new LinkedHashMap<>();
  private final List<SpecError> errors = new ArrayList<>();

  ModelReader(ModelFiles files) {
    this.files = files;
    for (Map.Entry<String, String> file : files.files().entrySet()) {
      String fileName = file.getKey();
      String name = fileName.substring(0, fileName.lastIndexOf('.'));
      if (!SpecNode.NAME.matcher(name).matches()) {
        error(
            fileName,
            "a model's name, its file's name, must be lower case letters, digits and '_',"
                + " starting with a letter (it becomes the table gold."
                + name
                + "). Rename the file, for example to "
                + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_")
                + fileName.substring(fileName.lastIndexOf('.'))
                + ".");
      } else if (fileName.endsWith(".sql")) {
        query(name, fileName, file.getValue()).ifPresent(sql -> queries.put(name, sql));
      }
    }
    for (Map.Entry<String, String> file : files.files().entrySet()) {
      String fileName = file.getKey();
      String name = fileName.substring(0, fileName.lastIndexOf('.'));
      if (!fileName.endsWith(".yaml") || !SpecNode.NAME.matcher(name).matches()) {
        continue;
      }
      if (!files.files().containsKey(name + ".sql")) {
        error(
            fileName,
            "it configures a model, but there is no "
                + files.location(name + ".sql")
                + ". Add the model's SELECT there, or remove this file.");
        continue;
      }
      settings(name, fileName, file.getValue()).ifPresent(s -> settings.put(name, s));
    }
    for (String name : queries.keySet()) {
      if (!files.files().containsKey(name + ".yaml")) {
        error(
            name + ".sql",
            "a model kept as a table needs a unique key, and there is no "
                + files.location(name + ".yaml")
                + ". Add it with 'unique_key: [<column>, ...]' (the columns identifying a row),"
                + " or with 'materialized: view'.");
      }
    }
  }

  /** The gold tables of the models kept as tables, as {@code gold.<name>}. */
  Set<String> tables() {
    Set<String> tables = new LinkedHashSet<>();
    settings.forEach(
        (name, s) -> {
          if (s.materialized().hasTable()) {
            tables.add(TableNames.GOLD + "." + name);
          }
        });
    return tables;
  }

  /**
   * The models, each after the models it reads, checked against {@code spec}: every table a query
   * names is a gold table of the spec or a model, no model is named like a gold table, and no
   * models read each other in a cycle.
   */
  Map<String, ModelSpec> models(PipelineSpec spec) {
    Set<String> gold = new TreeSet<>();
    spec.dimensions().keySet().forEach(d -> gold.add(TableNames.dimension(d).name()));
    spec.facts().keySet().forEach(f -> gold.add(TableNames.fact(f).name()));
    if (!spec.facts().isEmpty()) {
      gold.add(TableNames.dimension(LayerSchemas.DATE_DIMENSION).name());
    }
    Map<String, List<String>> references = new LinkedHashMap<>();
    Map<String, List<String>> silverReads = new LinkedHashMap<>();
    for (Map.Entry<String, String> query : queries.entrySet()) {
      String name = query.getKey();
      String fileName = name + ".sql";
      if (gold.contains(name)) {
        error(
            fileName,
            "the model would replace gold."
                + name
                + ", which the spec's dimensions and facts build. Rename the file.");
        continue;
      }
      List<String> read = new ArrayList<>();
      List<String> silverRead = new ArrayList<>();
      for (ModelReferences.Reference ref : ModelReferences.in(query.getValue())) {
        if (ref.layer().equals(TableNames.SILVER)) {
          if (spec.silver().containsKey(ref.name())) {
            if (!silverRead.contains(ref.name())) {
              silverRead.add(ref.name());
            }
          } else {
            error(
                fileName,
                ref,
                "unknown table "
                    + ref.table()
                    + ": pipeline "
                    + spec.name()
                    + " has no such silver table (silver tables: "
                    + new TreeSet<>(spec.silver().keySet())
                    + "). Fix the name.");
          }
        } else if (!ref.layer().equals(TableNames.GOLD)) {
          error(
              fileName,
              ref,
              "the model reads "
                  + ref.table()
                  + ", but models read silver tables, gold tables and other models only: bronze"
                  + " holds records as they landed, before silver's rules. Read the silver table"
                  + " built from it instead.");
        } else if (gold.contains(ref.name()) || queries.containsKey(ref.name())) {
          read.add(ref.name());
        } else {
          error(
              fileName,
              ref,
              "unknown table "
                  + ref.table()
                  + ": it is neither a gold table of pipeline "
                  + spec.name()
                  + " (gold tables: "
                  + gold
                  + ") nor a model (models: "
                  + new TreeSet<>(queries.keySet())
                  + "). Fix the name, or add the model "
                  + files.location(ref.name() + ".sql")
                  + ".");
        }
      }
      silverReads.put(name, silverRead);
      references.put(name, read);
    }
    ModelGraph graph = ModelGraph.of(references);
    Optional<List<String>> cycle = graph.cycle();
    if (cycle.isPresent()) {
      List<String> c = cycle.get();
      error(
          c.get(0) + ".sql",
          "models "
              + c.get(0)
              + " and "
              + c.get(c.size() == 2 ? 0 : 1)
              + " read each other in a cycle ("
              + String.join(" -> ", c)
              + "), so neither can be computed first. Remove one of the references.");
      return Map.of();
    }
    Map<String, ModelSpec> models = new LinkedHashMap<>();
    for (String name : graph.order()) {
      Settings s = settings.get(name);
      if (s == null) {
        continue; // reported: no settings
      }
      models.put(
          name,
          new ModelSpec(
              name,
              files.location(name + ".sql"),
              queries.get(name),
              s.materialized(),
              s.uniqueKey(),
              s.description(),
              s.columns(),
              references.get(name),
              silverReads.get(name)));
    }
    return models;
  }

  /** Every problem found so far. */
  List<SpecError> errors() {
    return List.copyOf(errors);
  }

  /** The model's query, without comments around it or a trailing semicolon; empty when invalid. */
  private Optional<String> query(String name, String fileName, String text) {
    // Leading lines stay, so the planner's line numbers are the file's.
    String sql = text.stripTrailing();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).stripTrailing();
    }
    String head = withoutLeadingComments(sql).toUpperCase(Locale.ROOT);
    if (!(head.startsWith("SELECT") || head.startsWith("WITH"))) {
      error(
          fileName,
          "a model is one Flink SQL query (SELECT ... or WITH ... SELECT ...), found "
              + (head.isEmpty() ? "no query" : "'" + head.lines().findFirst().orElse("") + "'")
              + ". Write the SELECT whose rows gold."
              + name
              + " holds.");
      return Optional.empty();
    }
    return Optional.of(sql);
  }

  private static String withoutLeadingComments(String sql) {
    String s = sql.strip();
    while (true) {
      if (s.startsWith("--")) {
        int end = s.indexOf('\n');
        s = end < 0 ? "" : s.substring(end + 1).strip();
      } else if (s.startsWith("/*")) {
        int end = s.indexOf("*/");
        s = end < 0 ? "" : s.substring(end + 2).strip();
      } else {
        return s;
      }
    }
  }

  private Optional<Settings> settings(String name, String fileName, String yaml) {
    String location = files.location(fileName);
    SpecLocations locations = new SpecLocations();
    SpecErrors fileErrors = new SpecErrors(location, locations);
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      fileErrors.at(
          e.getProblemMark(),
          "",
          "not valid YAML: " + e.getProblem() + ". Fix the syntax at this position.");
      errors.addAll(fileErrors.list());
      return Optional.empty();
    } catch (YAMLException e) {
      fileErrors.at(null, "", "not valid YAML: " + e.getMessage() + ". Fix the syntax.");
      errors.addAll(fileErrors.list());
      return Optional.empty();
    }
    Materialization materialized = Materialization.TABLE;
    List<String> uniqueKey = List.of();
    String description = "";
    Map<String, String> columns = new LinkedHashMap<>();
    if (root != null) {
      Optional<SpecMapping> fields =
          SpecNode.root(root, fileErrors, locations).fields("a model's settings", KEYS);
      if (fields.isPresent()) {
        SpecMapping f = fields.get();
        Optional<SpecNode> kind = f.optional("materialized");
        Optional<String> kindText = kind.flatMap(SpecNode::text);
        if (kindText.isPresent()) {
          Optional<Materialization> parsed = Materialization.parse(kindText.get());
          if (parsed.isEmpty()) {
            kind.get()
                .error(
                    "unknown materialization '"
                        + kindText.get()
                        + "' (allowed: "
                        + Materialization.allowed()
                        + "). Write one of them.");
          } else {
            materialized = parsed.get();
          }
        }
        Optional<SpecNode> key = f.optional("unique_key");
        uniqueKey = key.flatMap(n -> n.names("column")).orElse(List.of());
        description = f.optional("description").flatMap(SpecNode::text).orElse("");
        f.optional("columns")
            .flatMap(n -> n.mapping("column descriptions"))
            .ifPresent(
                docs ->
                    docs.entries()
                        .forEach(
                            doc -> doc.text().ifPresent(text -> columns.put(doc.key(), text))));
        if (materialized.hasTable() && uniqueKey.isEmpty() && key.isEmpty()) {
          SpecNode.root(root, fileErrors, locations)
              .keyError(
                  "missing required key 'unique_key' of a model kept as a table: the columns"
                      + " identifying one of its rows, its key for upserts. Add 'unique_key:"
                      + " [<column>, ...]', or 'materialized: view'.");
        } else if (!materialized.hasTable() && key.isPresent() && !uniqueKey.isEmpty()) {
          key.get()
              .keyError(
                  "a view has no table, so no unique key. Remove 'unique_key', or write"
                      + " 'materialized: table'.");
        }
      }
    } else {
      fileErrors.at(null, "", "the file is empty. Write at least 'unique_key: [<column>, ...]'.");
    }
    errors.addAll(fileErrors.list());
    if (!fileErrors.list().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Settings(materialized, uniqueKey, description, columns));
  }

  private void error(String fileName, String message) {
    errors.add(new SpecError(files.location(fileName), 0, 0, "", message));
  }

  private void error(String fileName, ModelReferences.Reference ref, String message) {
    errors.add(new SpecError(files.location(fileName), ref.line(), ref.column(), "", message));
  }
}
