package io.lakehouseflow.core.spec;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchemas;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.util.TimeUtils;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Turns the YAML tree of a spec into spec records, checking each element on its own: keys, kinds,
 * names, types and enum values. Elements too broken to build are left out and remembered, so that
 * {@link SpecValidator} does not report references to them a second time.
 */
final class SpecReader {
  /** Expectation names become SQL identifiers and quarantine labels. */
  private static final Pattern EXPECTATION_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  /**
   * A decimal type cut at its comma by YAML flow style, {@code decimal(10}, and the rest, {@code
   * 2)}.
   */
  private static final Pattern CUT_DECIMAL =
      Pattern.compile("\\s*decimal\\s*\\(\\s*\\d+\\s*", Pattern.CASE_INSENSITIVE);

  private static final Pattern CUT_DECIMAL_REST = Pattern.compile("\\s*\\d+\\s*\\)\\s*");

  private static final List<String> TOP_KEYS =
      List.of(
          "name",
          "catalog",
          "landing",
          "sources",
          "silver",
          "dimensions",
          "facts",
          "tests",
          "docs",
          "maintenance");
  private static final List<String> CATALOG_KEYS = List.of("type", "warehouse", "properties");
  private static final List<String> SOURCE_KEYS =
      List.of(
          "path",
          "format",
          "csv",
          "json",
          "parquet",
          "avro",
          "columns",
          "settle",
          "ignore",
          "include",
          "modified_after",
          "max_files_per_trigger",
          "max_bytes_per_trigger",
          "cleanup",
          "operation",
          "schema_evolution",
          "schema_hints",
          "infer_types");
  private static final List<String> CLEANUP_KEYS = List.of("move_to");
  private static final List<String> COLUMN_KEYS = List.of("type", "format");
  private static final List<String> CAST_KEYS = List.of("type", "format", "on_error");
  private static final List<String> OPERATION_KEYS =
      List.of("column", "insert", "update", "delete", "upserts");
  private static final List<String> CSV_KEYS =
      List.of("delimiter", "header", "null_value", "quote", "escape", "encoding", "compression");
  private static final List<String> JSON_KEYS = List.of("compression", "nested");
  private static final List<String> PARQUET_KEYS = List.of("nested");
  private static final List<String> AVRO_KEYS = List.of("nested");
  private static final List<String> SILVER_KEYS =
      List.of(
          "source",
          "renames",
          "standardize",
          "casts",
          "defaults",
          "derive",
          "expectations",
          "drop",
          "hash",
          "added_columns",
          "dedup");
  private static final List<String> DEDUP_KEYS = List.of("ttl");
  private static final List<String> EXPECTATION_KEYS = List.of("name", "expr", "action");
  private static final List<String> DIMENSION_KEYS =
      List.of("source", "key", "scd", "attributes", "track", "sequence_by", "on_delete");
  private static final List<String> FACT_KEYS =
      List.of(
          "source",
          "grain",
          "event_time",
          "sequence_by",
          "measures",
          "attributes",
          "dimensions",
          "state_ttl");
  private static final List<String> REFERENCE_KEYS = List.of("dimension", "columns", "role");

  /** What a silver table does with the columns schema evolution added to its bronze table. */
  private enum AddedColumns {
    KEEP,
    DROP
  }

  private final String location;
  private String landing = "landing";
  private final Set<String> incomplete = new HashSet<>();
  private final ExpressionScope expressions = new ExpressionScope();
  private final Map<String, SourceSpec> sources = new LinkedHashMap<>();
  private final Map<String, SilverTableSpec> silver = new LinkedHashMap<>();
  private final Map<String, DimensionSpec> dimensions = new LinkedHashMap<>();
  private final Map<String, FactSpec> facts = new LinkedHashMap<>();
  private final Map<String, List<ColumnSpec>> bronzeColumns;
  private final Set<String> modelTables;

  SpecReader(String location) {
    this(location, Map.of(), Set.of());
  }

  /**
   * A reader that takes, per source, the columns its bronze table holds beyond those declared
   * ({@code bronzeColumns}): the columns inferred from its first files or added by schema
   * evolution, so that references to them are checked like references to declared columns.
   */
  SpecReader(
      String location, Map<String, List<ColumnSpec>> bronzeColumns, Set<String> modelTables) {
    this.location = location;
    this.bronzeColumns = Map.copyOf(bronzeColumns);
    this.modelTables = Set.copyOf(modelTables);
  }

  /** Paths of declared elements left out of the spec because of errors already reported. */
  Set<String> incomplete() {
    return Set.copyOf(incomplete);
  }

  /** The expression checker the reader used, for the validator: one planner per load. */
  ExpressionScope expressions() {
    return expressions;
  }

  /** Reads the whole file; problems go to the root's error list. */
  PipelineSpec read(SpecNode root, String text) {
    Optional<SpecMapping> top = root.fields("a pipeline spec", TOP_KEYS);
    if (top.isEmpty()) {
      return null;
    }
    SpecMapping fields = top.get();
    String name = fields.required("name", "<pipeline name>").flatMap(SpecNode::text).orElse("");
    CatalogSpec catalog = fields.optional("catalog").map(this::catalog).orElse(CatalogSpec.DEFAULT);
    landing = fields.optional("landing").flatMap(SpecNode::text).orElse("landing");
    readSection(fields, "sources", "source", this::source);
    readSection(fields, "silver", "silver table", this::silverTable);
    readSection(fields, "dimensions", "dimension", this::dimension);
    readSection(fields, "facts", "fact", this::fact);
    List<DataTestSpec> tests =
        fields
            .optional("tests")
            .map(node -> DataTestReader.read(node, writtenTables()))
            .orElse(List.of());
    MaintenanceSpec maintenance =
        fields.optional("maintenance").map(MaintenanceReader::read).orElse(MaintenanceSpec.DEFAULT);
    Map<String, TableDoc> docs =
        fields
            .optional("docs")
            .map(node -> TableDocsReader.read(node, writtenTables(), modelTables))
            .orElse(Map.of());
    return new PipelineSpec(
        name,
        location,
        text,
        catalog,
        landing,
        sources,
        silver,
        dimensions,
        facts,
        tests,
        docs,
        maintenance,
        Map.of());
  }

  /** The tables the spec's jobs write, as {@code layer.name}: what a data test may name. */
  private Set<String> writtenTables() {
    Set<String> tables = new HashSet<>();
    sources.keySet().forEach(s -> tables.add(TableNames.bronze(s).toString()));
    for (String table : silver.keySet()) {
      tables.add(TableNames.silver(table).toString());
      tables.add(TableNames.quarantine(table).toString());
    }
    dimensions.keySet().forEach(d -> tables.add(TableNames.dimension(d).toString()));
    facts.keySet().forEach(f -> tables.add(TableNames.fact(f).toString()));
    if (!facts.isEmpty()) {
      tables.add(TableNames.dimension(LayerSchemas.DATE_DIMENSION).toString());
    }
    tables.addAll(modelTables);
    return tables;
  }

  private interface ElementReader {
    /** Reads one declared element; false when it was left out. */
    boolean read(String name, SpecNode node);
  }

  private void readSection(SpecMapping top, String section, String what, ElementReader reader) {
    Optional<SpecMapping> entries =
        top.optional(section).flatMap(node -> node.mapping(what + "s keyed by name"));
    for (SpecNode entry : entries.map(SpecMapping::entries).orElse(List.of())) {
      boolean validName = entry.hasValidKeyName(what);
      if (!reader.read(entry.key(), entry) || !validName) {
        incomplete.add(entry.path());
      }
    }
  }

  private CatalogSpec catalog(SpecNode node) {
    Optional<SpecMapping> fields = node.fields("the catalog settings", CATALOG_KEYS);
    if (fields.isEmpty()) {
      return CatalogSpec.DEFAULT;
    }
    CatalogType type =
        fields
            .get()
            .optional("type")
            .flatMap(n -> enumValue(n, CatalogType.class, "catalog type"))
            .orElse(CatalogType.HADOOP);
    String warehouse =
        fields.get().optional("warehouse").flatMap(SpecNode::text).orElse("warehouse");
    Map<String, String> properties = new LinkedHashMap<>();
    for (SpecNode property :
        fields
            .get()
            .optional("properties")
            .flatMap(n -> n.mapping("catalog properties"))
            .map(SpecMapping::entries)
            .orElse(List.of())) {
      if (CatalogSpec.CREDENTIAL_PROPERTIES.contains(property.key())) {
        // A spec is a file people commit and jobs log; a secret in it would leak both ways.
        property.keyError(
            "catalog property '"
                + property.key()
                + "' is a credential, and credentials are never read from the spec. Remove it and"
                + " pass the credentials in the environment of the jobs (AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY, or the AWS SDK's default chain: profile, instance role).");
        continue;
      }
      property.textOrEmpty().ifPresent(value -> properties.put(property.key(), value));
    }
    if (type != CatalogType.HADOOP && !properties.containsKey("uri")) {
      node.keyError(
          "catalog type '"
              + lower(type)
              + "' needs the catalog address in properties.uri."
              + " Add 'properties: {uri: <catalog uri>}' under catalog.");
    }
    return new CatalogSpec(type, warehouse, properties);
  }

  private boolean source(String name, SpecNode node) {
    Optional<SpecMapping> fields = node.fields("source '" + name + "'", SOURCE_KEYS);
    if (fields.isEmpty()) {
      return false;
    }
    String path = fields.get().optional("path").flatMap(SpecNode::text).orElse(name);
    SourceFormat format =
        fields
            .get()
            .optional("format")
            .flatMap(n -> enumValue(n, SourceFormat.class, "format"))
            .orElse(SourceFormat.CSV);
    Optional<SpecNode> csvNode = fields.get().optional("csv");
    Optional<SpecNode> jsonNode = fields.get().optional("json");
    Optional<SpecNode> parquetNode = fields.get().optional("parquet");
    Optional<SpecNode> avroNode = fields.get().optional("avro");
    CsvOptions csv = csvNode.map(this::csvOptions).orElse(CsvOptions.DEFAULT);
    JsonOptions json = jsonNode.map(this::jsonOptions).orElse(JsonOptions.DEFAULT);
    ParquetOptions parquet = parquetNode.map(this::parquetOptions).orElse(ParquetOptions.DEFAULT);
    AvroOptions avro = avroNode.map(this::avroOptions).orElse(AvroOptions.DEFAULT);
    // Each format's options sit under its name; another format's are a mistake, not ignored.
    for (Optional<SpecNode> options : List.of(csvNode, jsonNode, parquetNode, avroNode)) {
      options
          .filter(n -> !n.key().equals(lower(format)))
          .ifPresent(
              n ->
                  n.keyError(
                      "source '"
                          + name
                          + "' reads "
                          + formatName(format)
                          + ", so its "
                          + n.key()
                          + " options do not apply. Remove '"
                          + n.key()
                          + ":', or set format: "
                          + n.key()
                          + (format == SourceFormat.AVRO ? "; an " : "; a ")
                          + formatName(format)
                          + " source's options go under '"
                          + lower(format)
                          + ":' ("
                          + String.join(", ", optionKeys(format))
                          + ")."));
    }
    // Without 'columns:' the source infers them from its first files' headers (see BronzeSchema).
    Optional<SpecNode> declaredNode = fields.get().optional("columns");
    Optional<SpecMapping> columnsNode =
        declaredNode.flatMap(n -> n.mapping("the source's columns, 'name: type' per line"));
    if (declaredNode.isPresent() && columnsNode.isEmpty()) {
      return false;
    }
    if (columnsNode.isPresent() && columnsNode.get().isEmpty()) {
      node.keyError(
          "source '"
              + name
              + "' declares no columns. List them under 'columns:' as"
              + " 'name: type' lines (types: "
              + ColumnType.ALLOWED
              + "), or leave 'columns:' out to infer them from the files' headers.");
      return false;
    }
    List<ColumnSpec> columns = new ArrayList<>();
    for (SpecNode column : columnsNode.map(SpecMapping::entries).orElse(List.of())) {
      if (isCutDecimalRest(column)) {
        continue;
      }
      column.hasValidKeyName("column");
      columns.add(sourceColumn(column));
    }
    // A Parquet or Avro file's schema names and types its columns, as a CSV header names them,
    // and a JSON file's records their fields.
    if (columnsNode.isEmpty() && format == SourceFormat.CSV && !csv.header()) {
      node.keyError(
          "source '"
              + name
              + "' declares no columns, and its files have no header to infer them from."
              + " List them under 'columns:' as 'name: type' lines, or read CSV files with a"
              + " header (csv: {header: true}).");
      return false;
    }
    List<ColumnSpec> hints = new ArrayList<>();
    Optional<SpecNode> hintsNode = fields.get().optional("schema_hints");
    if (hintsNode.isPresent()) {
      Optional<SpecMapping> hintMapping =
          hintsNode.get().mapping("schema hints, 'column: type' per line");
      if (hintMapping.isEmpty()) {
        return false;
      }
      for (SpecNode hint : hintMapping.get().entries()) {
        if (isCutDecimalRest(hint)) {
          continue;
        }
        ColumnSpec hinted = sourceColumn(hint);
        if (columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(hinted.name()))) {
          hint.keyError(
              "schema hint for '"
                  + hinted.name()
                  + "', a declared column of source '"
                  + name
                  + "'. Hints type columns bronze infers or adds; give a declared column its"
                  + " type under 'columns:' and remove the hint.");
          return false;
        }
        hints.add(hinted);
      }
    }
    int declared = columns.size();
    for (ColumnSpec added : bronzeColumns.getOrDefault(name, List.of())) {
      if (columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(added.name()))) {
        columns.add(added);
      }
    }
    Duration settle =
        fields
            .get()
            .optional("settle")
            .flatMap(SpecReader::settle)
            .orElse(SourceSpec.DEFAULT_SETTLE);
    List<String> ignore =
        fields
            .get()
            .optional("ignore")
            .flatMap(n -> fileNameGlobs(n, "ignore"))
            .orElse(SourceSpec.DEFAULT_IGNORE);
    Optional<DiscoveryOptions> discovery = discoveryOptions(fields.get());
    Optional<LandingCleanup> cleanup =
        fields
            .get()
            .optional("cleanup")
            .map(this::cleanup)
            .orElse(Optional.of(LandingCleanup.NONE));
    Optional<SpecNode> operationNode = fields.get().optional("operation");
    Optional<ChangeOperation> operation = operationNode.flatMap(this::changeOperation);
    if (operationNode.isPresent() && operation.isEmpty()) {
      return false;
    }
    if (operation.isPresent()
        && !columns.isEmpty()
        && columns.stream().noneMatch(c -> c.name().equals(operation.get().column()))) {
      operationNode
          .get()
          .keyError(
              "operation column '"
                  + operation.get().column()
                  + "' is not a column of source '"
                  + name
                  + "' (columns: "
                  + String.join(", ", columns.stream().map(ColumnSpec::name).toList())
                  + "). Declare it under columns as a string, or fix operation.column.");
      return false;
    }
    Optional<SpecNode> evolutionNode = fields.get().optional("schema_evolution");
    Optional<SchemaEvolution> evolution =
        evolutionNode.flatMap(n -> enumValue(n, SchemaEvolution.class, "schema_evolution"));
    if (discovery.isEmpty()
        || cleanup.isEmpty()
        || (evolutionNode.isPresent() && evolution.isEmpty())) {
      return false;
    }
    // As Auto Loader: a JSON source that declares its columns keeps undeclared fields aside by
    // default, one that infers them follows its data, as CSV, Parquet and Avro sources do.
    SchemaEvolution defaultEvolution =
        format == SourceFormat.JSON && declared > 0
            ? SchemaEvolution.RESCUE
            : SchemaEvolution.ADD_NEW_COLUMNS;
    Optional<Boolean> inferTypes =
        inferTypes(fields.get(), name, format, declared, evolution.orElse(defaultEvolution));
    if (inferTypes.isEmpty()) {
      return false;
    }
    sources.put(
        name,
        new SourceSpec(
            name,
            path,
            format,
            csv,
            json,
            parquet,
            avro,
            columns,
            settle,
            ignore,
            operation.orElse(null),
            discovery.get(),
            cleanup.get(),
            evolution.orElse(defaultEvolution),
            hints,
            inferTypes.get(),
            declared));
    return true;
  }

  /**
   * A source's {@code infer_types} (default false, as Auto Loader's {@code inferColumnTypes}: an
   * existing spec keeps its string columns). Refused, with the reason, where it could type nothing:
   * a Parquet or Avro file types its columns itself, and a source that declares its columns and
   * never adds one has no column to infer.
   */
  private Optional<Boolean> inferTypes(
      SpecMapping fields,
      String name,
      SourceFormat format,
      int declared,
      SchemaEvolution evolution) {
    Optional<SpecNode> node = fields.optional("infer_types");
    if (node.isEmpty()) {
      return Optional.of(false);
    }
    Optional<Boolean> infer = bool(node.get());
    if (infer.isEmpty() || !infer.get()) {
      return infer;
    }
    if (format == SourceFormat.PARQUET || format == SourceFormat.AVRO) {
      node.get()
          .error(
              "infer_types applies to CSV and JSON sources: source '"
                  + name
                  + "' reads "
                  + formatName(format)
                  + ", whose files type their columns themselves. Remove 'infer_types:'.");
      return Optional.empty();
    }
    if (declared > 0 && evolution != SchemaEvolution.ADD_NEW_COLUMNS) {
      node.get()
          .error(
              "infer_types types the columns bronze infers or adds, and source '"
                  + name
                  + "' declares its columns and adds none (schema_evolution: "
                  + lower(evolution)
                  + "). Remove 'infer_types:', or set schema_evolution: add_new_columns.");
      return Optional.empty();
    }
    return infer;
  }

  /**
   * A source's {@code include}, {@code modified_after}, {@code max_files_per_trigger} and {@code
   * max_bytes_per_trigger}; empty when one is invalid (and reported).
   */
  private static Optional<DiscoveryOptions> discoveryOptions(SpecMapping fields) {
    boolean valid = true;
    List<String> include = List.of();
    Optional<SpecNode> includeNode = fields.optional("include");
    if (includeNode.isPresent()) {
      Optional<List<String>> globs = fileNameGlobs(includeNode.get(), "include");
      valid &= globs.isPresent();
      include = globs.orElse(List.of());
    }
    Instant modifiedAfter = null;
    Optional<SpecNode> afterNode = fields.optional("modified_after");
    if (afterNode.isPresent()) {
      Optional<Instant> after = afterNode.get().text().flatMap(t -> instant(afterNode.get(), t));
      valid &= after.isPresent();
      modifiedAfter = after.orElse(null);
    }
    int maxFiles = 0;
    Optional<SpecNode> filesNode = fields.optional("max_files_per_trigger");
    if (filesNode.isPresent()) {
      Optional<Long> files =
          filesNode.get().text().flatMap(t -> positive(filesNode.get(), t, "a number of files"));
      valid &= files.isPresent() && files.get() <= Integer.MAX_VALUE;
      maxFiles = files.orElse(0L).intValue();
    }
    long maxBytes = 0;
    Optional<SpecNode> bytesNode = fields.optional("max_bytes_per_trigger");
    if (bytesNode.isPresent()) {
      Optional<Long> bytes = bytesNode.get().text().flatMap(t -> byteSize(bytesNode.get(), t));
      valid &= bytes.isPresent();
      maxBytes = bytes.orElse(0L);
    }
    return valid
        ? Optional.of(new DiscoveryOptions(include, modifiedAfter, maxFiles, maxBytes))
        : Optional.empty();
  }

  /**
   * A source's {@code cleanup}: {@code none}, {@code delete} or {@code {move_to: DIR}}, where
   * {@code DIR} is outside the landing root (a file moved into it would be ingested again).
   */
  private Optional<LandingCleanup> cleanup(SpecNode node) {
    String allowed =
        "Write 'cleanup: none', 'cleanup: delete' or 'cleanup: {move_to: archive/<source>}'.";
    if (!(node.node() instanceof MappingNode)) {
      Optional<String> text = node.text();
      if (text.isEmpty()) {
        return Optional.empty();
      }
      switch (text.get().strip().toLowerCase(Locale.ROOT)) {
        case "none":
          return Optional.of(LandingCleanup.NONE);
        case "delete":
          return Optional.of(LandingCleanup.DELETE);
        default:
          node.error(
              "invalid cleanup '"
                  + text.get()
                  + "': it must be none, delete or {move_to: DIR}. "
                  + allowed);
          return Optional.empty();
      }
    }
    Optional<SpecNode> moveTo =
        node.fields("the cleanup {move_to: DIR}", CLEANUP_KEYS)
            .flatMap(f -> f.required("move_to", "<directory outside the landing root>"));
    Optional<String> directory = moveTo.flatMap(SpecNode::text);
    if (directory.isEmpty()) {
      return Optional.empty();
    }
    if (isInside(directory.get(), landing)) {
      moveTo
          .get()
          .error(
              "invalid move_to '"
                  + directory.get()
                  + "': it is inside the landing root '"
                  + landing
                  + "', so moved files would be ingested again. Choose a directory outside it,"
                  + " such as 'archive/<source>'.");
      return Optional.empty();
    }
    return Optional.of(LandingCleanup.moveTo(directory.get()));
  }

  /**
   * Whether {@code path} is {@code root} or below it, when both are written alike (both relative,
   * both absolute, or both URIs); the bronze job checks again once both are resolved.
   */
  private static boolean isInside(String path, String root) {
    if (path.contains("://") || root.contains("://")) {
      String p = path.endsWith("/") ? path : path + "/";
      String r = root.endsWith("/") ? root : root + "/";
      return p.startsWith(r);
    }
    java.nio.file.Path p = java.nio.file.Path.of(path).normalize();
    java.nio.file.Path r = java.nio.file.Path.of(root).normalize();
    return p.isAbsolute() == r.isAbsolute() && p.startsWith(r);
  }

  /** An ISO-8601 instant with its zone ({@code 2025-01-01T00:00:00Z}) or a date (UTC midnight). */
  private static Optional<Instant> instant(SpecNode node, String text) {
    try {
      return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return Optional.of(
            java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
      } catch (java.time.format.DateTimeParseException notADate) {
        node.error(
            "invalid time '"
                + text
                + "': write an ISO-8601 time with its zone, such as '2025-01-01T00:00:00Z', or a"
                + " date, such as '2025-01-01' (midnight UTC).");
        return Optional.empty();
      }
    }
  }

  private static Optional<Long> positive(SpecNode node, String text, String what) {
    try {
      long value = Long.parseLong(text.strip());
      if (value > 0) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    node.error("invalid value '" + text + "': it must be " + what + " above 0, such as 1000.");
    return Optional.empty();
  }

  /** A size such as {@code 512 mb} or {@code 1 gb} (Flink's memory size syntax). */
  private static Optional<Long> byteSize(SpecNode node, String text) {
    try {
      long bytes = org.apache.flink.configuration.MemorySize.parse(text).getBytes();
      if (bytes > 0) {
        return Optional.of(bytes);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    node.error(
        "invalid size '"
            + text
            + "': it must be a size above 0 such as '512 mb', '10 gb' or '1000000' (bytes).");
    return Optional.empty();
  }

  /**
   * A source's operation column: {@code {column: op, insert: I, update: U, delete: D}}; the values
   * default to {@code I}, {@code U} and {@code D} and must differ.
   */
  private Optional<ChangeOperation> changeOperation(SpecNode node) {
    Optional<SpecMapping> fields =
        node.fields(
            "the operation column {column, insert, update, delete, upserts}", OPERATION_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> column =
        fields
            .get()
            .required("column", "<operation column, like op>")
            .flatMap(n -> n.name("column"));
    String insert =
        fields
            .get()
            .optional("insert")
            .flatMap(SpecNode::text)
            .orElse(ChangeOperation.DEFAULT_INSERT);
    String update =
        fields
            .get()
            .optional("update")
            .flatMap(SpecNode::text)
            .orElse(ChangeOperation.DEFAULT_UPDATE);
    String delete =
        fields
            .get()
            .optional("delete")
            .flatMap(SpecNode::text)
            .orElse(ChangeOperation.DEFAULT_DELETE);
    List<String> upserts = new ArrayList<>();
    fields
        .get()
        .optional("upserts")
        .flatMap(n -> n.items("upsert values"))
        .ifPresent(items -> items.forEach(item -> item.text().ifPresent(upserts::add)));
    if (column.isEmpty()) {
      return Optional.empty();
    }
    if (upserts.contains(delete)) {
      node.keyError(
          "the delete value '"
              + delete
              + "' is also listed in upserts, so a delete could not be told from an upsert."
              + " Remove it from upserts.");
      return Optional.empty();
    }
    if (delete.equals(insert) || delete.equals(update)) {
      node.keyError(
          "the delete value '"
              + delete
              + "' equals the insert or update value, so a delete could not be told from an"
              + " upsert. Give each operation its own value, like {insert: I, update: U, delete: D}.");
      return Optional.empty();
    }
    return Optional.of(new ChangeOperation(column.get(), insert, update, delete, upserts));
  }

  /** A fact's state TTL: a duration of at least a second, such as {@code 30 d}. */
  private static Optional<Duration> stateTtl(SpecNode node) {
    return duration(
        node,
        Duration.ofSeconds(1),
        "invalid state TTL '%s': it must be a duration of a second or more. Write for example"
            + " 'state_ttl: 30 d' or 'state_ttl: 12 h', or leave it out to keep every"
            + " fact's state (gold then equals a rebuild whatever arrives late).");
  }

  /** A source's settle time: a non-negative duration such as {@code 30 s} or {@code 2 min}. */
  private static Optional<Duration> settle(SpecNode node) {
    return duration(
        node,
        Duration.ZERO,
        "invalid settle time '%s': it must be a duration of zero or more. Write for example"
            + " 'settle: 30 s', 'settle: 2 min' or 'settle: 0 s' (a last line without"
            + " line break is read at once).");
  }

  /**
   * A duration of at least {@code minimum} in Flink's syntax ({@code 30 s}, {@code 2 min}); else
   * the error {@code invalid} (a format with the text for {@code %s}) at the node.
   */
  private static Optional<Duration> duration(SpecNode node, Duration minimum, String invalid) {
    return node.text()
        .flatMap(
            text -> {
              try {
                Duration duration = TimeUtils.parseDuration(text);
                if (duration.compareTo(minimum) >= 0) {
                  return Optional.of(duration);
                }
              } catch (IllegalArgumentException e) {
                // reported below, with the forms that parse
              }
              node.error(invalid.formatted(text));
              return Optional.empty();
            });
  }

  /**
   * A source's ignore or include globs ({@code *.tmp}, {@code *.csv}), matched against file names;
   * {@code what} names the option in messages. Each one is compiled here so that an invalid one is
   * reported with its position rather than when files are listed.
   */
  private static Optional<List<String>> fileNameGlobs(SpecNode node, String what) {
    Optional<List<SpecNode>> items = node.items("a list of file name globs");
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<String> patterns = new ArrayList<>();
    boolean valid = true;
    for (SpecNode item : items.get()) {
      Optional<String> glob = item.text();
      if (glob.isEmpty()) {
        valid = false;
        continue;
      }
      String why = null;
      if (glob.get().contains("/")) {
        why = "it holds a '/', but " + what + " globs match file names, not paths";
      } else {
        try {
          FileSystems.getDefault().getPathMatcher("glob:" + glob.get());
        } catch (IllegalArgumentException e) {
          why = e.getMessage().lines().findFirst().orElse("it does not parse");
        }
      }
      if (why != null) {
        item.error(
            "invalid "
                + what
                + " pattern '"
                + glob.get()
                + "': "
                + why
                + ". Write a glob on file names, for example '*.tmp' or 'part-*.inprogress'.");
        valid = false;
      } else {
        patterns.add(glob.get());
      }
    }
    return valid ? Optional.of(List.copyOf(patterns)) : Optional.empty();
  }

  private CsvOptions csvOptions(SpecNode node) {
    Optional<SpecMapping> fields = node.fields("the CSV settings", CSV_KEYS);
    if (fields.isEmpty()) {
      return CsvOptions.DEFAULT;
    }
    CsvOptions defaults = CsvOptions.DEFAULT;
    Optional<SpecNode> delimiterNode = fields.get().optional("delimiter");
    Optional<SpecNode> quoteNode = fields.get().optional("quote");
    Optional<SpecNode> escapeNode = fields.get().optional("escape");
    char delimiter =
        delimiterNode.flatMap(n -> character(n, "delimiter", "';'")).orElse(defaults.delimiter());
    char quote = quoteNode.flatMap(n -> character(n, "quote", "'\"'")).orElse(defaults.quote());
    // An empty escape, or one equal to the quote, means RFC 4180's doubled quote.
    Character escape =
        escapeNode
            .filter(n -> !n.textOrEmpty().orElse("").isEmpty())
            .flatMap(n -> character(n, "escape", "'\\'"))
            .filter(c -> c != quote)
            .orElse(defaults.escape());
    if (quote == delimiter) {
      quoteNode
          .orElse(delimiterNode.orElse(node))
          .error(
              "quote '"
                  + quote
                  + "' is also the delimiter: a field could not tell where it ends. Give"
                  + " quote and delimiter different characters, for example quote: '\"'.");
    }
    if (escape != null && escape == delimiter) {
      escapeNode
          .get()
          .error(
              "escape '"
                  + escape
                  + "' is also the delimiter: a field could not tell where it ends. Give escape"
                  + " another character, for example escape: '\\', or leave it out to write"
                  + " quotes twice.");
    }
    boolean header = fields.get().optional("header").flatMap(this::bool).orElse(defaults.header());
    String nullValue =
        fields
            .get()
            .optional("null_value")
            .flatMap(SpecNode::textOrEmpty)
            .orElse(defaults.nullValue());
    String encoding =
        fields.get().optional("encoding").flatMap(SpecReader::encoding).orElse(defaults.encoding());
    Compression compression =
        fields
            .get()
            .optional("compression")
            .flatMap(n -> enumValue(n, Compression.class, "compression"))
            .orElse(defaults.compression());
    return new CsvOptions(delimiter, header, nullValue, quote, escape, encoding, compression);
  }

  private JsonOptions jsonOptions(SpecNode node) {
    Optional<SpecMapping> fields = node.fields("the JSON settings", JSON_KEYS);
    if (fields.isEmpty()) {
      return JsonOptions.DEFAULT;
    }
    JsonOptions defaults = JsonOptions.DEFAULT;
    Compression compression =
        fields
            .get()
            .optional("compression")
            .flatMap(n -> enumValue(n, Compression.class, "compression"))
            .orElse(defaults.compression());
    JsonNested nested =
        fields
            .get()
            .optional("nested")
            .flatMap(n -> enumValue(n, JsonNested.class, "nested"))
            .orElse(defaults.nested());
    return new JsonOptions(compression, nested);
  }

  /**
   * A source's {@code parquet:} options. {@code compression} is refused with its reason rather than
   * as an unknown key: it is the option a user of CSV and JSON sources reaches for first.
   */
  private ParquetOptions parquetOptions(SpecNode node) {
    return new ParquetOptions(
        nestedOfSelfDescribingFiles(
            node,
            "Parquet",
            PARQUET_KEYS,
            "a Parquet file compresses its pages itself and names the codec (snappy, gzip,"
                + " zstd...) inside it, so a Parquet source",
            ParquetOptions.DEFAULT.nested()));
  }

  /**
   * The {@code nested} option of a format whose files carry their schema and name their codec
   * themselves (Parquet, Avro): a {@code compression} key is refused, saying {@code why} there is
   * none, and {@code fallback} is the value when none is given.
   */
  private static JsonNested nestedOfSelfDescribingFiles(
      SpecNode node, String format, List<String> allowed, String why, JsonNested fallback) {
    List<String> keys = new ArrayList<>(allowed);
    keys.add("compression");
    Optional<SpecMapping> fields = node.fields("the " + format + " settings", keys);
    if (fields.isEmpty()) {
      return fallback;
    }
    fields
        .get()
        .optional("compression")
        .ifPresent(
            n ->
                n.keyError(
                    why
                        + " has no compression option. Remove 'compression:'; allowed keys: "
                        + String.join(", ", allowed)
                        + "."));
    return fields
        .get()
        .optional("nested")
        .flatMap(n -> enumValue(n, JsonNested.class, "nested"))
        .orElse(fallback);
  }

  /** How messages name a format. */
  private static String formatName(SourceFormat format) {
    return switch (format) {
      case CSV -> "CSV";
      case JSON -> "JSON";
      case PARQUET -> "Parquet";
      case AVRO -> "Avro";
    };
  }

  /** The keys of a format's options, under the format's name. */
  private static List<String> optionKeys(SourceFormat format) {
    return switch (format) {
      case CSV -> CSV_KEYS;
      case JSON -> JSON_KEYS;
      case PARQUET -> PARQUET_KEYS;
      case AVRO -> AVRO_KEYS;
    };
  }

  /**
   * A source's {@code avro:} options. As for Parquet, {@code compression} is refused with its
   * reason: an Avro container file names the codec of its blocks in its header.
   */
  private AvroOptions avroOptions(SpecNode node) {
    return new AvroOptions(
        nestedOfSelfDescribingFiles(
            node,
            "Avro",
            AVRO_KEYS,
            "an Avro container file compresses its blocks itself and names the codec (deflate,"
                + " snappy, zstd...) in its header, so an Avro source",
            AvroOptions.DEFAULT.nested()));
  }

  /** A CSV option that is one character, not a line break (which always ends a record). */
  private static Optional<Character> character(SpecNode node, String option, String example) {
    return node.textOrEmpty()
        .flatMap(
            text -> {
              if (text.length() != 1) {
                node.error(
                    option
                        + " '"
                        + text
                        + "' must be exactly one character. Write for example "
                        + option
                        + ": "
                        + example
                        + ".");
                return Optional.empty();
              }
              char c = text.charAt(0);
              if (c == '\n' || c == '\r') {
                node.error(
                    option
                        + " must not be a line break: line breaks end records. Write for example "
                        + option
                        + ": "
                        + example
                        + ".");
                return Optional.empty();
              }
              return Optional.of(c);
            });
  }

  private static Optional<String> encoding(SpecNode node) {
    return node.text()
        .flatMap(
            name -> {
              boolean supported;
              try {
                supported = Charset.isSupported(name.strip());
              } catch (IllegalCharsetNameException e) {
                supported = false;
              }
              if (!supported) {
                node.error(
                    "unknown encoding '"
                        + name
                        + "': this Java runtime has no such character set. Write its standard"
                        + " name, for example encoding: UTF-8, ISO-8859-1 or windows-1252.");
                return Optional.empty();
              }
              return Optional.of(Charset.forName(name.strip()).name());
            });
  }

  private boolean silverTable(String name, SpecNode node) {
    Optional<SpecMapping> fields = node.fields("silver table '" + name + "'", SILVER_KEYS);
    if (fields.isEmpty()) {
      return false;
    }
    Optional<String> source =
        fields.get().required("source", "<source name>").flatMap(n -> n.name("source"));
    Map<String, String> renames = new LinkedHashMap<>();
    for (SpecNode rename : entries(fields.get(), "renames", "renames, 'source_column: new_name'")) {
      rename.name("column").ifPresent(to -> renames.put(rename.key(), to));
    }
    Map<String, ColumnType> casts = new LinkedHashMap<>();
    Map<String, ColumnFormat> castFormats = new LinkedHashMap<>();
    Map<String, ExpectationAction> castActions = new LinkedHashMap<>();
    for (SpecNode cast : entries(fields.get(), "casts", "casts, 'column: type'")) {
      if (isCutDecimalRest(cast)) {
        continue;
      }
      // 'column: type' or 'column: {type: t, format: f, on_error: a}', as a source column is
      // declared, with what a value that does not cast does to its row.
      ColumnSpec typed = sourceColumn(cast, CAST_KEYS);
      casts.put(cast.key(), typed.type());
      typed.declaredFormat().ifPresent(format -> castFormats.put(cast.key(), format));
      castAction(cast).ifPresent(action -> castActions.put(cast.key(), action));
    }
    List<ExpectationSpec> expectations = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SpecNode item :
        fields
            .get()
            .optional("expectations")
            .flatMap(n -> n.items("expectations"))
            .orElse(List.of())) {
      expectation(item)
          .ifPresent(
              e -> {
                if (names.add(e.name())) {
                  expectations.add(e);
                } else {
                  item.error(
                      "expectation name '"
                          + e.name()
                          + "' is used twice in silver."
                          + name
                          + ". Give each expectation its own name.");
                }
              });
    }
    if (source.isEmpty()) {
      return false;
    }
    List<ColumnSpec> castColumns =
        Optional.ofNullable(sources.get(source.get()))
            .map(s -> new SilverTableSpec(name, s.name(), renames, casts, List.of()).castColumns(s))
            .orElse(List.of());
    ColumnRulesReader.Rules rules =
        new ColumnRulesReader(expressions).read(fields.get(), castColumns);
    silver.put(
        name,
        new SilverTableSpec(
            name,
            source.get(),
            renames,
            rules.standardize(),
            casts,
            castFormats,
            castActions,
            rules.defaults(),
            rules.derived(),
            expectations,
            rules.dropped(),
            rules.hashed(),
            fields
                    .get()
                    .optional("added_columns")
                    .flatMap(n -> enumValue(n, AddedColumns.class, "added_columns"))
                    .orElse(AddedColumns.KEEP)
                == AddedColumns.KEEP,
            fields.get().optional("dedup").flatMap(SpecReader::duplicateWindow).orElse(null)));
    return true;
  }

  /** A silver table's {@code dedup: {ttl: <duration>}}: how long a row's copies are dropped. */
  private static Optional<Duration> duplicateWindow(SpecNode node) {
    return node.fields("dedup {ttl: <duration>}", DEDUP_KEYS)
        .flatMap(f -> f.required("ttl", "<duration, such as 7 d>"))
        .flatMap(
            ttl ->
                duration(
                    ttl,
                    Duration.ofSeconds(1),
                    "invalid dedup TTL '%s': it must be a duration of a second or more, how long"
                        + " after a row was ingested an exact copy of it is dropped. Write for"
                        + " example 'dedup: {ttl: 7 d}' or 'dedup: {ttl: 12 h}', or leave dedup"
                        + " out to keep duplicates."));
  }

  private Optional<ExpectationSpec> expectation(SpecNode node) {
    Optional<SpecMapping> fields =
        node.fields("an expectation {name, expr, action}", EXPECTATION_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> name =
        fields
            .get()
            .required("name", "<rule_name>")
            .flatMap(n -> n.text().filter(text -> expectationName(n, text)));
    Optional<String> expr =
        fields.get().required("expr", "\"<SQL condition>\"").flatMap(SpecNode::text);
    Optional<ExpectationAction> action =
        fields
            .get()
            .required("action", "warn|drop|quarantine|fail")
            .flatMap(n -> enumValue(n, ExpectationAction.class, "action"));
    if (name.isEmpty() || expr.isEmpty() || action.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ExpectationSpec(name.get(), expr.get(), action.get()));
  }

  private static boolean expectationName(SpecNode node, String text) {
    if (!EXPECTATION_NAME.matcher(text).matches()) {
      node.error(
          "invalid expectation name '"
              + text
              + "': it is recorded as an identifier, so it"
              + " holds only a-z, 0-9 and _ and does not start with a digit. Rename it, for example to '"
              + text.toLowerCase(Locale.ROOT)
                  .replaceAll("[^a-z0-9_]+", "_")
                  .replaceAll("^[0-9]+", "_")
              + "'.");
      return false;
    }
    if (text.equals(ChangeOperation.KNOWN_OPERATION_RULE)) {
      node.error(
          "expectation name '"
              + text
              + "' is reserved for rows whose operation column holds an unknown value."
              + " Pick another name.");
      return false;
    }
    if (text.equals(io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD_RULE)) {
      node.error(
          "expectation name '"
              + text
              + "' is reserved for records that do not parse."
              + " Pick another name.");
      return false;
    }
    return true;
  }

  private boolean dimension(String name, SpecNode node) {
    Optional<SpecMapping> fields = node.fields("dimension '" + name + "'", DIMENSION_KEYS);
    if (fields.isEmpty()) {
      return false;
    }
    SpecMapping f = fields.get();
    Optional<String> source = silverSource(f);
    Optional<List<String>> key =
        f.required("key", "[<column>, ...]").flatMap(n -> nonEmptyNames(n, "key column"));
    Optional<ScdType> scd = f.required("scd", "1 or 2").flatMap(this::scdType);
    Optional<String> sequenceBy =
        f.required("sequence_by", "<column ordering changes, like updated_at>")
            .flatMap(n -> n.name("column"));
    Optional<List<String>> attributes =
        f.optional("attributes").flatMap(n -> n.names("attribute column"));
    Optional<SpecNode> trackNode = f.optional("track");
    Optional<List<String>> track = trackNode.flatMap(n -> n.names("tracked column"));
    Optional<SpecNode> onDeleteNode = f.optional("on_delete");
    Optional<DeletePolicy> onDelete =
        onDeleteNode.flatMap(n -> enumValue(n, DeletePolicy.class, "on_delete"));
    if (scd.isPresent() && scd.get() == ScdType.TYPE_2 && onDeleteNode.isPresent()) {
      onDeleteNode
          .get()
          .keyError(
              "'on_delete' applies only to dimensions with scd: 1; with scd: 2 a delete always"
                  + " closes the open version and sets is_deleted. Remove 'on_delete'.");
    }
    if (scd.isPresent() && scd.get() == ScdType.TYPE_1 && trackNode.isPresent()) {
      trackNode
          .get()
          .keyError(
              "'track' applies only to dimensions with scd: 2, which keep"
                  + " versions. Remove 'track' or set 'scd: 2'.");
    }
    if (scd.isPresent()
        && scd.get() == ScdType.TYPE_2
        && track.isPresent()
        && track.get().isEmpty()) {
      // An empty list would keep one version per key forever; leaving track out tracks all.
      trackNode
          .get()
          .keyError(
              "the list of tracked columns is empty, so no change would open a new version."
                  + " Track at least one attribute, or leave track out to track all.");
      return false;
    }
    if (source.isEmpty()
        || key.isEmpty()
        || scd.isEmpty()
        || sequenceBy.isEmpty()
        || (f.optional("attributes").isPresent() && attributes.isEmpty())
        || (trackNode.isPresent() && track.isEmpty())
        || (onDeleteNode.isPresent() && onDelete.isEmpty())) {
      return false;
    }
    if (attributes.isEmpty() && infersColumns(source.get())) {
      // Defaults taken from inferred columns would change whenever a file adds one, and a gold
      // table's columns cannot change.
      node.keyError(
          "dimension '"
              + name
              + "' reads silver."
              + source.get()
              + ", whose source infers its columns from its files, so its attributes cannot"
              + " default to every column. List them under 'attributes:'.");
      return false;
    }
    List<String> resolvedAttributes =
        attributes.orElseGet(() -> defaultAttributes(source.get(), key.get(), sequenceBy.get()));
    List<String> tracked =
        scd.get() == ScdType.TYPE_2 ? track.orElse(resolvedAttributes) : List.of();
    dimensions.put(
        name,
        new DimensionSpec(
            name,
            source.get(),
            key.get(),
            scd.get(),
            resolvedAttributes,
            tracked,
            sequenceBy.get(),
            onDelete.orElse(DeletePolicy.REMOVE)));
    return true;
  }

  /** All data columns of the silver table except the key and sequence columns. */
  private boolean infersColumns(String silverTable) {
    SilverTableSpec table = silver.get(silverTable);
    SourceSpec source = table == null ? null : sources.get(table.source());
    return source != null && source.infersColumns();
  }

  private List<String> defaultAttributes(String silverTable, List<String> key, String sequenceBy) {
    SilverTableSpec table = silver.get(silverTable);
    if (table == null || !sources.containsKey(table.source())) {
      return List.of(); // the validator reports the missing table
    }
    SourceSpec source = sources.get(table.source());
    // The operation column says what a change does; it is not an attribute of the member.
    String operation =
        source
            .changeOperation()
            .map(op -> table.renames().getOrDefault(op.column(), op.column()))
            .orElse(null);
    return table.outputColumns(source).stream()
        .map(ColumnSpec::name)
        .filter(c -> !key.contains(c) && !c.equals(sequenceBy) && !c.equals(operation))
        .toList();
  }

  private boolean fact(String name, SpecNode node) {
    Optional<SpecMapping> fields = node.fields("fact '" + name + "'", FACT_KEYS);
    if (fields.isEmpty()) {
      return false;
    }
    SpecMapping f = fields.get();
    Optional<String> source = silverSource(f);
    Optional<List<String>> grain =
        f.required("grain", "[<column>, ...]").flatMap(n -> nonEmptyNames(n, "grain column"));
    Optional<String> eventTime =
        f.required("event_time", "<timestamp column>").flatMap(n -> n.name("column"));
    Optional<Optional<String>> sequenceBy =
        f.optional("sequence_by")
            .map(n -> n.name("column").map(Optional::of))
            .orElse(Optional.of(Optional.empty()));
    Optional<List<String>> measures =
        f.required("measures", "[<column>, ...]").flatMap(n -> n.names("measure column"));
    Optional<List<String>> attributes =
        f.optional("attributes")
            .map(n -> n.names("attribute column"))
            .orElse(Optional.of(List.of()));
    Optional<Optional<Duration>> stateTtl =
        f.optional("state_ttl")
            .map(n -> stateTtl(n).map(Optional::of))
            .orElse(Optional.of(Optional.empty()));
    List<DimensionReference> references = new ArrayList<>();
    boolean referencesValid = true;
    for (SpecNode item :
        f.optional("dimensions").flatMap(n -> n.items("dimension references")).orElse(List.of())) {
      Optional<DimensionReference> reference = dimensionReference(item);
      reference.ifPresent(references::add);
      referencesValid &= reference.isPresent();
    }
    if (source.isEmpty()
        || grain.isEmpty()
        || eventTime.isEmpty()
        || measures.isEmpty()
        || attributes.isEmpty()
        || sequenceBy.isEmpty()
        || stateTtl.isEmpty()
        || !referencesValid) {
      return false;
    }
    facts.put(
        name,
        new FactSpec(
            name,
            source.get(),
            grain.get(),
            eventTime.get(),
            measures.get(),
            attributes.get(),
            references,
            sequenceBy.get().orElse(null),
            stateTtl.get().orElse(null)));
    return true;
  }

  private Optional<DimensionReference> dimensionReference(SpecNode node) {
    Optional<SpecMapping> fields =
        node.fields("a dimension reference {dimension, columns, role}", REFERENCE_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> dimension =
        fields.get().required("dimension", "<dimension name>").flatMap(n -> n.name("dimension"));
    Optional<List<String>> columns =
        fields
            .get()
            .required("columns", "[<fact column>, ...]")
            .flatMap(n -> nonEmptyNames(n, "column"));
    Optional<SpecNode> roleNode = fields.get().optional("role");
    Optional<String> role = roleNode.flatMap(n -> n.name("role"));
    if (dimension.isEmpty() || columns.isEmpty() || (roleNode.isPresent() && role.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(
        new DimensionReference(dimension.get(), columns.get(), role.orElse(dimension.get())));
  }

  /** The {@code source} of a dimension or fact: a silver table. */
  private static Optional<String> silverSource(SpecMapping fields) {
    return fields.required("source", "<silver table>").flatMap(n -> n.name("silver table"));
  }

  private static Optional<List<String>> nonEmptyNames(SpecNode node, String what) {
    Optional<List<String>> names = node.names(what);
    if (names.isPresent() && names.get().isEmpty()) {
      node.keyError("the list of " + what + "s is empty. Name at least one, like [id].");
      return Optional.empty();
    }
    return names;
  }

  static List<SpecNode> entries(SpecMapping fields, String key, String what) {
    return fields
        .optional(key)
        .flatMap(n -> n.mapping(what))
        .map(m -> List.copyOf(m.entries()))
        .orElse(List.of());
  }

  /**
   * Whether {@code entry} is the second half of a {@code decimal(p,s)} that YAML flow style split
   * at its comma ({@code {amount: decimal(10,2)}} reads as {@code amount: "decimal(10"} and a key
   * {@code "2)"}); the first half is reported, this one is skipped.
   */
  static boolean isCutDecimalRest(SpecNode entry) {
    return CUT_DECIMAL_REST.matcher(entry.key()).matches();
  }

  /**
   * A source column, written {@code name: type} or {@code name: {type: t, format: f}}; an invalid
   * format is reported and left out so checks can go on.
   */
  private static ColumnSpec sourceColumn(SpecNode node) {
    return sourceColumn(node, COLUMN_KEYS);
  }

  /** A column's {@code type} and {@code format}, in a mapping that may hold {@code keys}. */
  private static ColumnSpec sourceColumn(SpecNode node, List<String> keys) {
    if (!(node.node() instanceof MappingNode)) {
      return new ColumnSpec(node.key(), columnType(node));
    }
    Optional<SpecMapping> fields = node.fields("a column {" + String.join(", ", keys) + "}", keys);
    if (fields.isEmpty()) {
      return new ColumnSpec(node.key(), ColumnType.STRING);
    }
    Optional<ColumnType> type =
        fields.get().required("type", "<type>").flatMap(SpecReader::parsedType);
    if (type.isEmpty()) {
      return new ColumnSpec(node.key(), ColumnType.STRING); // the format of no type is not checked
    }
    ColumnFormat format =
        fields
            .get()
            .optional("format")
            .flatMap(f -> f.text().flatMap(text -> columnFormat(f, text, type.get())))
            .orElse(null);
    return new ColumnSpec(node.key(), type.get(), format);
  }

  /** A cast's {@code on_error}: the action of its built-in rule, when declared. */
  private static Optional<ExpectationAction> castAction(SpecNode cast) {
    if (!(cast.node() instanceof MappingNode)) {
      return Optional.empty();
    }
    return cast.fields("a cast {type, format, on_error}", CAST_KEYS)
        .flatMap(f -> f.optional("on_error"))
        .flatMap(n -> enumValue(n, ExpectationAction.class, "on_error"));
  }

  private static Optional<ColumnFormat> columnFormat(SpecNode node, String text, ColumnType type) {
    try {
      return Optional.of(ColumnFormat.of(text, type));
    } catch (IllegalArgumentException e) {
      String fix =
          type.isTimestamp()
              ? "Write a java.time DateTimeFormatter pattern with date and time of day, for example"
                  + " \"dd/MM/yyyy HH:mm\", or epoch_seconds or epoch_millis."
              : type.kind() == ColumnType.Kind.DATE
                  ? "Write a java.time DateTimeFormatter pattern of a date, for example"
                      + " \"dd/MM/yyyy\"."
                  : "Remove format, or declare the column as date, timestamp or timestamptz.";
      node.error("invalid format '" + text + "': " + e.getMessage() + ". " + fix);
      return Optional.empty();
    }
  }

  /** The column's type; an invalid type is reported and read as string so checks can go on. */
  private static ColumnType columnType(SpecNode node) {
    return parsedType(node).orElse(ColumnType.STRING);
  }

  /** The column's type, or nothing when it is invalid (and reported). */
  static Optional<ColumnType> parsedType(SpecNode node) {
    return node.text()
        .flatMap(
            text -> {
              try {
                return Optional.of(ColumnType.parse(text));
              } catch (IllegalArgumentException e) {
                if (CUT_DECIMAL.matcher(text).matches()) {
                  node.error(
                      "type '"
                          + text
                          + "' was cut at its comma: in a {...} mapping a comma separates"
                          + " entries. Quote the type, \""
                          + text.strip()
                          + ",<scale>)\", or write one 'column: type' per line.");
                  return Optional.empty();
                }
                if (ColumnType.isDecimalSpelling(text)) {
                  node.error(
                      "invalid type '"
                          + text
                          + "': "
                          + ColumnType.DECIMAL_RULE
                          + "."
                          + " Write for example decimal(38,2) or decimal(10,2).");
                  return Optional.empty();
                }
                node.error(
                    "unknown type '"
                        + text
                        + "' (allowed: "
                        + ColumnType.ALLOWED
                        + ")."
                        + " Write one of them, for example 'string'.");
                return Optional.empty();
              }
            });
  }

  private Optional<ScdType> scdType(SpecNode node) {
    return node.text()
        .flatMap(
            text ->
                switch (text.trim()) {
                  case "1" -> Optional.of(ScdType.TYPE_1);
                  case "2" -> Optional.of(ScdType.TYPE_2);
                  default -> {
                    node.error(
                        "invalid scd '"
                            + text
                            + "' (allowed: 1, 2). Write 'scd: 1' to overwrite"
                            + " changes or 'scd: 2' to keep versions.");
                    yield Optional.empty();
                  }
                });
  }

  private Optional<Boolean> bool(SpecNode node) {
    return node.text()
        .flatMap(
            text ->
                switch (text.trim().toLowerCase(Locale.ROOT)) {
                  case "true" -> Optional.of(true);
                  case "false" -> Optional.of(false);
                  default -> {
                    node.error(
                        "invalid boolean '"
                            + text
                            + "' (allowed: true, false). Write true or false.");
                    yield Optional.empty();
                  }
                });
  }

  static <E extends Enum<E>> Optional<E> enumValue(SpecNode node, Class<E> type, String what) {
    return node.text()
        .flatMap(
            text -> {
              for (E value : type.getEnumConstants()) {
                if (value.name().equalsIgnoreCase(text.trim())) {
                  return Optional.of(value);
                }
              }
              String allowed =
                  Arrays.stream(type.getEnumConstants())
                      .map(SpecReader::lower)
                      .collect(Collectors.joining(", "));
              String supported = type == SourceFormat.class ? "supported formats" : "allowed";
              node.error(
                  "unknown "
                      + what
                      + " '"
                      + text
                      + "' ("
                      + supported
                      + ": "
                      + allowed
                      + ")."
                      + " Write one of them.");
              return Optional.empty();
            });
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
