package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole pipeline, as declared in one YAML file: the catalog, the landing root, and the sources,
 * silver tables, dimensions and facts, each keyed by name in declaration order. Immutable, and
 * obtained only from {@link PipelineSpecLoader}, so every spec a job sees has been validated: jobs
 * check invariants only.
 */
public final class PipelineSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String location;
  private final String text;
  private final CatalogSpec catalog;
  private final String landing;
  private final Map<String, SourceSpec> sources;
  private final Map<String, SilverTableSpec> silver;
  private final Map<String, DimensionSpec> dimensions;
  private final Map<String, FactSpec> facts;
  private final List<DataTestSpec> tests;
  private final Map<String, TableDoc> docs;
  private final MaintenanceSpec maintenance;
  private final Map<String, ModelSpec> models;

  PipelineSpec(
      String name,
      String location,
      String text,
      CatalogSpec catalog,
      String landing,
      Map<String, SourceSpec> sources,
      Map<String, SilverTableSpec> silver,
      Map<String, DimensionSpec> dimensions,
      Map<String, FactSpec> facts,
      List<DataTestSpec> tests,
      Map<String, TableDoc> docs,
      MaintenanceSpec maintenance,
      Map<String, ModelSpec> models) {
    this.name = Objects.requireNonNull(name, "name");
    this.location = Objects.requireNonNull(location, "location");
    this.text = Objects.requireNonNull(text, "text");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.landing = Objects.requireNonNull(landing, "landing");
    this.sources = ordered(sources);
    this.silver = ordered(silver);
    this.dimensions = ordered(dimensions);
    this.facts = ordered(facts);
    this.tests = List.copyOf(tests);
    this.docs = ordered(docs);
    this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
    this.models = ordered(models);
  }

  /** The pipeline name, used in job names. */
  public String name() {
    return name;
  }

  /** Where the spec was read from (for messages). */
  public String location() {
    return location;
  }

  /** The YAML this spec was read from, to read it again once bronze knows inferred columns. */
  public String text() {
    return text;
  }

  /** The Iceberg catalog. */
  public CatalogSpec catalog() {
    return catalog;
  }

  /** The landing root; a relative path is resolved against the data directory. */
  public String landing() {
    return landing;
  }

  public Map<String, SourceSpec> sources() {
    return sources;
  }

  /**
   * This spec with source {@code sourceName} holding {@code added} after its declared columns: the
   * columns schema evolution added to its bronze table. They pass into the source's silver tables
   * as they are; dimensions and facts keep the columns the spec gave them.
   */
  public PipelineSpec withAddedColumns(String sourceName, java.util.List<ColumnSpec> added) {
    SourceSpec source = require(sources, sourceName, "source");
    if (source.addedColumns().equals(added)) {
      return this;
    }
    Map<String, SourceSpec> resolved = new LinkedHashMap<>(sources);
    resolved.put(sourceName, source.withAddedColumns(added));
    return with(resolved, models);
  }

  public Map<String, SilverTableSpec> silver() {
    return silver;
  }

  public Map<String, DimensionSpec> dimensions() {
    return dimensions;
  }

  public Map<String, FactSpec> facts() {
    return facts;
  }

  /** The data tests the spec declares under {@code tests:}, in declaration order. */
  public List<DataTestSpec> tests() {
    return tests;
  }

  /**
   * The documentation the spec's {@code docs:} section gives a table ({@code gold.fact_booking}),
   * if any; SQL models carry theirs in {@link #models()}.
   */
  public Optional<TableDoc> doc(String table) {
    return Optional.ofNullable(docs.get(table));
  }

  /** How each layer's tables are compacted and their snapshots and orphan files removed. */
  public MaintenanceSpec maintenance() {
    return maintenance;
  }

  /**
   * The SQL models beside the spec ({@code models/*.sql}), each after the models it reads: the
   * order the gold job plans them in.
   */
  public Map<String, ModelSpec> models() {
    return models;
  }

  /** This spec with {@code models}, already checked against it (the loader's second step). */
  PipelineSpec withModels(Map<String, ModelSpec> models) {
    return with(sources, models);
  }

  private PipelineSpec with(Map<String, SourceSpec> sources, Map<String, ModelSpec> models) {
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
        models);
  }

  /**
   * This spec read again (from its text, with more bronze columns) keeping the models of {@code
   * read}, the spec it was read again from: they are files beside it, not part of its text.
   */
  public PipelineSpec withModelsOf(PipelineSpec read) {
    return withModels(read.models);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PipelineSpec other
        && name.equals(other.name)
        && location.equals(other.location)
        && catalog.equals(other.catalog)
        && landing.equals(other.landing)
        && sources.equals(other.sources)
        && silver.equals(other.silver)
        && dimensions.equals(other.dimensions)
        && facts.equals(other.facts)
        && tests.equals(other.tests)
        && docs.equals(other.docs)
        && maintenance.equals(other.maintenance)
        && models.equals(other.models);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        location,
        catalog,
        landing,
        sources,
        silver,
        dimensions,
        facts,
        tests,
        docs,
        maintenance,
        models);
  }

  @Override
  public String toString() {
    return "PipelineSpec[" + name + " from " + location + "]";
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  public SourceSpec source(String sourceName) {
    return require(sources, sourceName, "source");
  }

  public SilverTableSpec silverTable(String tableName) {
    return require(silver, tableName, "silver table");
  }

  public DimensionSpec dimension(String dimensionName) {
    return require(dimensions, dimensionName, "dimension");
  }

  /** The silver table's source spec. */
  public SourceSpec sourceOf(SilverTableSpec table) {
    return source(table.source());
  }

  /** The data columns of a silver table (renamed and cast). */
  public java.util.List<ColumnSpec> silverColumns(String tableName) {
    SilverTableSpec table = silverTable(tableName);
    return table.outputColumns(sourceOf(table));
  }

  /**
   * The change-data-capture operation of a silver table's source, with the column under its silver
   * name; empty when the source declares none.
   */
  public Optional<ChangeOperation> changeOperation(String tableName) {
    // Lenient about missing parts: the validator asks before it has reported them.
    SilverTableSpec table = silver.get(tableName);
    SourceSpec source = table == null ? null : sources.get(table.source());
    if (source == null) {
      return Optional.empty();
    }
    return source
        .changeOperation()
        .map(op -> op.renamed(table.renames().getOrDefault(op.column(), op.column())));
  }

  public Optional<FactSpec> fact(String factName) {
    return Optional.ofNullable(facts.get(factName));
  }

  private <V> V require(Map<String, V> map, String key, String what) {
    V value = map.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "Cannot find "
              + what
              + " '"
              + key
              + "' in pipeline "
              + location
              + " (declared: "
              + map.keySet()
              + ")");
    }
    return value;
  }
}
