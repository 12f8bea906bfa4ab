package io.lakehouseflow.core.layer;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The columns each source's bronze table holds beyond those its spec declares: the ones inferred
 * from its first files' headers, and those schema evolution added when later files named them.
 * Every layer reads the spec through this, so bronze, silver, quarantine and the checks agree on a
 * source's columns without anyone editing the spec.
 */
public final class BronzeColumns {
  private BronzeColumns() {}

  /**
   * Whether schema evolution may add a header name as a column. Names starting with {@code _} are
   * kept for the pipeline's own columns (as in a spec), and a dot would read as a nested field in
   * Iceberg and SQL; such a name's values go to {@code _rescued_data} instead, in every mode.
   */
  public static boolean isAddable(String name) {
    return !name.isBlank() && !name.startsWith("_") && name.indexOf('.') < 0;
  }

  /**
   * {@code spec} with the added columns of every source whose bronze table exists. A spec with a
   * source that infers its columns is read again from its text with them, so every reference to an
   * inferred column is checked as a declared one's is.
   *
   * @throws io.lakehouseflow.core.spec.InvalidSpecException naming the spec's positions, when a
   *     reference names a column the bronze table does not hold
   */
  public static PipelineSpec resolve(PipelineSpec spec, LakehouseCatalog catalog) {
    Map<String, List<ColumnSpec>> added = new LinkedHashMap<>();
    for (SourceSpec source : spec.sources().values()) {
      TableIdentifier id = TableNames.bronze(source.name());
      if (catalog.tableExists(id)) {
        added.put(source.name(), added(source, catalog.loadTable(id).schema()));
      }
    }
    boolean inferred =
        spec.sources().values().stream()
            .anyMatch(s -> s.infersColumns() && !added.getOrDefault(s.name(), List.of()).isEmpty());
    if (inferred) {
      return PipelineSpecLoader.parse(spec.text(), spec.location(), added).withModelsOf(spec);
    }
    PipelineSpec resolved = spec;
    for (Map.Entry<String, List<ColumnSpec>> source : added.entrySet()) {
      resolved = resolved.withAddedColumns(source.getKey(), source.getValue());
    }
    return resolved;
  }

  /**
   * The data columns of {@code bronze} that {@code source} does not declare, in table order, with
   * the types the table gave them: strings, or the source's {@code schema_hints}.
   */
  public static List<ColumnSpec> added(SourceSpec source, Schema bronze) {
    Set<String> known =
        source.declaredColumns().stream()
            .map(ColumnSpec::name)
            .map(n -> n.toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    List<ColumnSpec> added = new ArrayList<>();
    for (Types.NestedField field : bronze.columns()) {
      String name = field.name();
      if (LayerSchemas.BRONZE_METADATA.contains(name)
          || known.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      added.add(new ColumnSpec(name, ColumnType.of(field.type())));
    }
    return added;
  }
}
