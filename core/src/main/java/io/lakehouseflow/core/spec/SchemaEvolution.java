package io.lakehouseflow.core.spec;

/**
 * What bronze does with a column a landing file's header names and the source does not declare
 * ({@code schema_evolution:} of a source). The modes are those of Databricks Auto Loader, so teams
 * moving from it keep their expectations.
 */
public enum SchemaEvolution {
  /**
   * The column is added to the bronze table (as a string) before the run reads the file, and
   * reaches silver at silver's next run; earlier rows read NULL. The default.
   */
  ADD_NEW_COLUMNS,

  /**
   * The schema stays as declared: unknown columns, and values that do not fit their declared type,
   * go into {@code _rescued_data} as a JSON object naming each column; the row stays valid.
   */
  RESCUE,

  /** The run stops before it reads the file, naming the file, the column and how to allow it. */
  FAIL,

  /** Unknown columns are ignored: their values are not read. */
  NONE;

  /** The mode as written in a spec: {@code add_new_columns}. */
  public String specName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
