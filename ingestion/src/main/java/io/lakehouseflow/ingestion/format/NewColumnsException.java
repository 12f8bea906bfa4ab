package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.SchemaEvolution;
import java.util.List;

/**
 * A landing file names columns its bronze table lacks. Under {@code add_new_columns} the client
 * adds them before any job reads the file; a reader meets one only for a file that arrived after
 * its job started (continuous mode), and the job stops so that the next start adds the columns
 * rather than reading the file without them. Under {@code fail} it is the run's error.
 */
public final class NewColumnsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> columns;

  public NewColumnsException(
      String source, String sourceFile, List<String> columns, SchemaEvolution evolution) {
    super(message(source, sourceFile, columns, evolution));
    this.columns = List.copyOf(columns);
  }

  /** The new column names, as the file writes them. */
  public List<String> columns() {
    return columns;
  }

  private static String message(
      String source, String sourceFile, List<String> columns, SchemaEvolution evolution) {
    String names = String.join(", ", columns);
    if (evolution == SchemaEvolution.FAIL) {
      return "Cannot ingest "
          + sourceFile
          + ": it names column"
          + (columns.size() > 1 ? "s " : " ")
          + names
          + " that source '"
          + source
          + "' does not declare, and its schema_evolution is fail. Declare "
          + (columns.size() > 1 ? "them" : "it")
          + " under the source's columns, or set schema_evolution: add_new_columns (add them to"
          + " bronze), rescue (keep them in _rescued_data) or none (ignore them).";
    }
    return "Stopped reading source '"
        + source
        + "': "
        + sourceFile
        + " names new column"
        + (columns.size() > 1 ? "s " : " ")
        + names
        + ", which bronze adds before a job reads the file. Start the run again: it adds them and"
        + " reads the file, with nothing lost or doubled.";
  }
}
