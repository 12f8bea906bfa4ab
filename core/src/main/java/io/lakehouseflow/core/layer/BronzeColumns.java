package io.lakehouseflow.core.layer;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The columns each source's bronze table holds beyond those its spec declares: the ones schema
 * evolution added when later files named them. Every layer reads the spec through this, so bronze,
 * silver, quarantine and the checks agree on a source's columns without anyone editing the spec.
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

  /** {@code spec} with the added columns of every source whose bronze table exists. */
  public static PipelineSpec resolve(PipelineSpec spec, LakehouseCatalog catalog) {
    PipelineSpec resolved = spec;
    for (SourceSpec source : spec.sources().values()) {
      TableIdentifier id = TableNames.bronze(source.name());
      if (catalog.tableExists(id)) {
        resolved =
            resolved.withAddedColumns(source.name(), added(source, catalog.loadTable(id).schema()));
      }
    }
    return resolved;
  }

  /**
   * The data columns of {@code bronze} that {@code source} does not declare, in table order. They
   * are strings: evolution adds every column as text, since one file's values say little about the
   * type the next file's will have.
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
      if (!field.type().equals(Types.StringType.get())) {
        throw new IllegalStateException(
            "Cannot read bronze table of source '"
                + source.name()
                + "': its column '"
                + name
                + "' is "
                + field.type()
                + ", not declared in the spec and not a string as schema evolution adds them."
                + " Declare it under the source's columns with its type.");
      }
      added.add(new ColumnSpec(name, ColumnType.STRING));
    }
    return added;
  }
}
