package io.lakehouseflow.core.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a SQL model's rows are kept: as a gold table, or only as a view other models read. */
public enum Materialization {
  /** A gold table written with the query's exact changelog: deletes only for rows that change. */
  TABLE,
  /**
   * A gold table written as upserts by its unique key: every row replaces its key's row (an
   * equality delete per row), for queries whose changelog is keyed by it.
   */
  INCREMENTAL,
  /** No table: a view other models of the same job read, computed with them (dbt's ephemeral). */
  VIEW;

  /** The name written in a model's YAML. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the model has a gold table of its own. */
  public boolean hasTable() {
    return this != VIEW;
  }

  static Optional<Materialization> parse(String value) {
    return Arrays.stream(values()).filter(m -> m.key().equals(value)).findFirst();
  }

  static String allowed() {
    return Arrays.stream(values()).map(Materialization::key).toList().toString();
  }
}
