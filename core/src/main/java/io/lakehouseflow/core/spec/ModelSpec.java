package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A SQL model: one Flink SQL {@code SELECT} from {@code models/<name>.sql} beside the spec, over
 * gold tables and other models, kept as the gold table {@code gold.<name>} (or only as a view),
 * configured by {@code models/<name>.yaml}.
 *
 * @param name the model's name, its file's name and its table's name in {@code gold}
 * @param file where the SQL was read from, for messages
 * @param sql the query, without a trailing semicolon
 * @param materialized how its rows are kept
 * @param uniqueKey the columns identifying a row: the gold table's key (empty for a view)
 * @param description what the model holds, or empty
 * @param columns descriptions of its columns, by column name, in declaration order
 * @param references the gold tables and models it reads, by name in {@code gold}, in query order
 * @param silverReads the silver tables it reads, by name in {@code silver}, in query order
 */
public record ModelSpec(
    String name,
    String file,
    String sql,
    Materialization materialized,
    List<String> uniqueKey,
    String description,
    Map<String, String> columns,
    List<String> references,
    List<String> silverReads)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(materialized, "materialized");
    Objects.requireNonNull(description, "description");
    uniqueKey = List.copyOf(uniqueKey);
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    references = List.copyOf(references);
    silverReads = List.copyOf(silverReads);
  }

  /** The description of column {@code column}, when the model's YAML gives one. */
  public Optional<String> columnDoc(String column) {
    return Optional.ofNullable(columns.get(column));
  }
}
