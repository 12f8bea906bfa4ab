package io.lakehouseflow.modeling.sql;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.PipelineSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The data columns of one silver table and their types, as the gold SQL reads them. */
public final class SilverColumns {
  private final String table;
  private final String owner;
  private final Map<String, ColumnType> types = new LinkedHashMap<>();

  private SilverColumns(String table, String owner) {
    this.table = table;
    this.owner = owner;
  }

  /**
   * The columns of {@code silver.<table>}; {@code owner} names the gold table reading them, for
   * error messages.
   */
  public static SilverColumns of(PipelineSpec spec, String table, String owner) {
    SilverColumns columns = new SilverColumns(table, owner);
    for (ColumnSpec c : spec.silverColumns(table)) {
      columns.types.put(c.name(), c.type());
    }
    return columns;
  }

  /**
   * The type of {@code column}.
   *
   * @throws IllegalArgumentException naming the available columns when it is not in the table
   */
  public ColumnType type(String column) {
    ColumnType type = types.get(column);
    if (type == null) {
      throw new IllegalArgumentException(
          "Cannot plan "
              + owner
              + ": column '"
              + column
              + "' not found in "
              + TableNames.silver(table)
              + " (columns: "
              + String.join(", ", types.keySet())
              + "). Fix the column name in the spec or declare it in the silver table's source.");
    }
    return type;
  }
}
