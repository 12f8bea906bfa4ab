package io.lakehouseflow.core.catalog;

import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Where each layer's tables live: {@code bronze.<source>}, {@code silver.<table>}, {@code
 * silver.<table>_quarantine}, {@code gold.dim_<name>}, {@code gold.fact_<name>}. Every job and the
 * CLI names tables through here, so the layout is declared once.
 */
public final class TableNames {
  public static final String BRONZE = "bronze";
  public static final String SILVER = "silver";
  public static final String GOLD = "gold";

  private TableNames() {}

  public static TableIdentifier bronze(String source) {
    return TableIdentifier.of(BRONZE, source);
  }

  public static TableIdentifier silver(String table) {
    return TableIdentifier.of(SILVER, table);
  }

  public static TableIdentifier quarantine(String silverTable) {
    return TableIdentifier.of(SILVER, silverTable + "_quarantine");
  }

  public static TableIdentifier dimension(String name) {
    return TableIdentifier.of(GOLD, "dim_" + name);
  }

  public static TableIdentifier fact(String name) {
    return TableIdentifier.of(GOLD, "fact_" + name);
  }

  /** The gold table of the SQL model {@code name} ({@code models/<name>.sql}). */
  public static TableIdentifier model(String name) {
    return TableIdentifier.of(GOLD, name);
  }

  /** The identifier quoted for Flink SQL in the lakehouse catalog: {@code `silver`.`bookings`}. */
  public static String sql(TableIdentifier id) {
    return SqlQuoting.identifier(id.namespace().level(0)) + "." + SqlQuoting.identifier(id.name());
  }
}
