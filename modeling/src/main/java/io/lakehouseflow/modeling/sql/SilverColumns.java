package io.lakehouseflow.modeling.sql;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.PipelineSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.util.Preconditions;

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

  /** The type of {@code column}, which the validated spec guarantees to exist. */
  public ColumnType type(String column) {
    ColumnType type = types.get(column);
    Preconditions.checkArgument(
        type != null, "%s reads %s.%s, not in %s", owner, table, column, types.keySet());
    return type;
  }
}
