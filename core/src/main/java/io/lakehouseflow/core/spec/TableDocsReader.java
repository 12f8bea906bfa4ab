package io.lakehouseflow.core.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the spec's {@code docs:} section: per table, a description and descriptions of its columns,
 * as dbt users write them beside their models:
 *
 * <pre>
 * docs:
 *   gold.fact_booking:
 *     description: One row per booking, with the customer and flight versions it was made under.
 *     columns:
 *       fare: the fare paid, in the booking's currency
 * </pre>
 *
 * A SQL model is documented in its own YAML beside it ({@code models/<name>.yaml}), not here.
 * Problems go to the spec's error list with their positions, like every other section's.
 */
final class TableDocsReader {
  private static final List<String> KEYS = List.of("description", "columns");

  /** A column name; the pipeline's own columns start with '_' and may be documented too. */
  private static final Pattern COLUMN = Pattern.compile("_?[a-z][a-z0-9_]*");

  private TableDocsReader() {}

  /**
   * The documentation under {@code node}, by table name; {@code tables} are the tables the spec's
   * jobs write, {@code models} the tables of its SQL models.
   */
  static Map<String, TableDoc> read(SpecNode node, Set<String> tables, Set<String> models) {
    Map<String, TableDoc> docs = new LinkedHashMap<>();
    Set<String> documentable =
        tables.stream().filter(t -> !models.contains(t)).collect(Collectors.toSet());
    Optional<SpecMapping> byTable = node.mapping("table documentation keyed by table (layer.name)");
    for (SpecNode entry : byTable.map(SpecMapping::entries).orElse(List.of())) {
      String table = entry.key();
      if (models.contains(table)) {
        entry.keyError(
            "'"
                + table
                + "' is a SQL model: describe it in its YAML beside the query (models/"
                + table.substring(table.indexOf('.') + 1)
                + ".yaml, keys description and columns), not under docs:.");
        continue;
      }
      if (!WrittenTables.accepts(entry, documentable, "Document one of")) {
        continue;
      }
      doc(entry).ifPresent(doc -> docs.put(table, doc));
    }
    return docs;
  }

  private static Optional<TableDoc> doc(SpecNode entry) {
    Optional<SpecMapping> fields = entry.fields("the documentation of a table", KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    String description = fields.get().optional("description").flatMap(SpecNode::text).orElse("");
    Map<String, String> columns = new LinkedHashMap<>();
    Optional<SpecMapping> columnDocs =
        fields.get().optional("columns").flatMap(n -> n.mapping("column descriptions"));
    for (SpecNode column : columnDocs.map(SpecMapping::entries).orElse(List.of())) {
      if (!COLUMN.matcher(column.key()).matches()) {
        column.keyError(
            "invalid column name '"
                + column.key()
                + "': write it as the table names it, in lower case, such as booking_id.");
        continue;
      }
      column.text().ifPresent(text -> columns.put(column.key(), text));
    }
    return Optional.of(new TableDoc(description, columns));
  }
}
