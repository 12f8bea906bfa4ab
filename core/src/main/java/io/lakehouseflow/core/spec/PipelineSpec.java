package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole pipeline, as declared in one YAML file: the catalog, the landing root, and the sources,
 * silver tables, dimensions and facts, each keyed by name in declaration order. Immutable and
 * already validated when obtained from {@link PipelineSpecLoader}.
 *
 * @param name the pipeline name, used in job names
 * @param location where the spec was read from (for messages)
 * @param catalog the Iceberg catalog
 * @param landing the landing root; a relative path is resolved against the data directory
 */
public record PipelineSpec(
    String name,
    String location,
    CatalogSpec catalog,
    String landing,
    Map<String, SourceSpec> sources,
    Map<String, SilverTableSpec> silver,
    Map<String, DimensionSpec> dimensions,
    Map<String, FactSpec> facts)
    implements Serializable {

  public PipelineSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(landing, "landing");
    sources = ordered(sources);
    silver = ordered(silver);
    dimensions = ordered(dimensions);
    facts = ordered(facts);
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
