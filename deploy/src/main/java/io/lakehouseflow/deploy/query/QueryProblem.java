package io.lakehouseflow.deploy.query;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.ValidationException;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Words a failed parse or validation of a statement the way a user can act on: Flink's messages
 * carry the position but list every token the parser expected, or name only the first unknown part
 * of a table name ({@code Object 'gold' not found}), or nothing at all before any table exists.
 */
final class QueryProblem {
  // Calcite: Encountered "gold" at line 1, column 15.
  private static final Pattern ENCOUNTERED =
      Pattern.compile("Encountered \"(.*?)\" at line (\\d+), column (\\d+)");
  private static final Pattern AT_LINE = Pattern.compile("at line (\\d+), column (\\d+)");
  // Calcite: From line 1, column 15 to line 1, column 32: Object 'gold' not found
  private static final Pattern RANGE =
      Pattern.compile(
          "From line (\\d+), column (\\d+) to line (\\d+), column (\\d+): (.*)", Pattern.DOTALL);
  private static final Pattern NOT_FOUND = Pattern.compile("^(Object|Table) '[^']*' not found");
  private static final Pattern NOT_FOUND_ANYWHERE =
      Pattern.compile("(Object|Table) '[^']*' not found|Namespace does not exist");
  private static final int EXCERPT = 80;

  private final String sql;
  private final LakehouseCatalog catalog;

  QueryProblem(String sql, LakehouseCatalog catalog) {
    this.sql = sql;
    this.catalog = catalog;
  }

  /** A statement that does not parse: position and the token the parser stopped at. */
  InvalidQueryException syntax(SqlParserException e) {
    Optional<Matcher> encountered = matchInChain(e, ENCOUNTERED);
    if (encountered.isPresent()) {
      int line = Integer.parseInt(encountered.get().group(2));
      int column = Integer.parseInt(encountered.get().group(3));
      return invalid(
          line,
          column,
          "unexpected \""
              + encountered.get().group(1)
              + "\" in '"
              + excerpt(line)
              + "'. Fix the statement at that position (Flink SQL).",
          e);
    }
    String message = firstLine(innermost(e));
    Optional<Matcher> at = matchInChain(e, AT_LINE);
    if (at.isPresent()) {
      int line = Integer.parseInt(at.get().group(1));
      int column = Integer.parseInt(at.get().group(2));
      return invalid(
          line,
          column,
          message + " in '" + excerpt(line) + "'. Fix the statement at that position.",
          e);
    }
    return new InvalidQueryException(
        "Invalid SQL: " + message + ". Fix the statement (Flink SQL).", e);
  }

  /**
   * A statement naming what does not exist. Before any run there are no tables at all, which is
   * said as such; an unknown table is named as written, with the tables that exist.
   */
  InvalidQueryException validation(ValidationException e) {
    List<TableIdentifier> tables = catalog.tables();
    if (tables.isEmpty() && namesWhatDoesNotExist(e)) {
      return new InvalidQueryException(
          "Cannot query: no tables yet in "
              + catalog.warehouse()
              + ". Run ./lakehouse run --pipeline "
              + catalog.pipelineLocation().orElse("FILE")
              + " --data-dir "
              + catalog.layout().root()
              + " first, or pass the --data-dir the pipeline ran with.",
          e);
    }
    Optional<Matcher> found = matchInChain(e, RANGE);
    if (found.isEmpty()) {
      return new InvalidQueryException(
          "Invalid SQL: " + firstLine(innermost(e)) + ". Tables: " + names(tables) + ".", e);
    }
    Matcher range = found.get();
    int line = Integer.parseInt(range.group(1));
    int column = Integer.parseInt(range.group(2));
    String problem = firstLine(range.group(5));
    if (NOT_FOUND.matcher(problem).find()) {
      Optional<String> name =
          span(line, column, Integer.parseInt(range.group(3)), Integer.parseInt(range.group(4)));
      return invalid(
          line,
          column,
          "table "
              + name.orElse("'" + problem + "'")
              + " does not exist. Tables: "
              + names(tables)
              + ". Write one of them as layer.table.",
          e);
    }
    return invalid(line, column, problem + ". Fix the statement at that position.", e);
  }

  /**
   * Whether {@code e} is about a table or namespace that does not exist: Calcite's "Object 'x' not
   * found", or Iceberg's "Namespace does not exist" when the catalog's default namespace is absent.
   */
  private static boolean namesWhatDoesNotExist(ValidationException e) {
    return matchInChain(e, NOT_FOUND_ANYWHERE).isPresent();
  }

  private static InvalidQueryException invalid(
      int line, int column, String problem, Throwable cause) {
    return new InvalidQueryException(
        "Invalid SQL at line " + line + ", column " + column + ": " + problem, cause);
  }

  private static String names(List<TableIdentifier> tables) {
    return tables.stream().map(TableIdentifier::toString).collect(Collectors.joining(", "));
  }

  /** The text between two 1-based positions, both inclusive, as Calcite reports a range. */
  private Optional<String> span(int fromLine, int fromColumn, int toLine, int toColumn) {
    List<String> lines = sql.lines().toList();
    if (fromLine != toLine || fromLine < 1 || fromLine > lines.size()) {
      return Optional.empty();
    }
    String text = lines.get(fromLine - 1);
    if (fromColumn < 1 || toColumn > text.length() || fromColumn > toColumn) {
      return Optional.empty();
    }
    return Optional.of(text.substring(fromColumn - 1, toColumn));
  }

  /** The statement's {@code line}, cut to a readable length. */
  private String excerpt(int line) {
    List<String> lines = sql.lines().toList();
    String text = line >= 1 && line <= lines.size() ? lines.get(line - 1).strip() : sql.strip();
    return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT - 3) + "...";
  }

  /** The first message in {@code e}'s chain of causes that {@code pattern} finds something in. */
  private static Optional<Matcher> matchInChain(Throwable e, Pattern pattern) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null) {
        Matcher m = pattern.matcher(t.getMessage());
        if (m.find()) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /** The innermost non-blank message: Flink wraps Calcite's words once or twice. */
  private static String innermost(Throwable e) {
    String message = String.valueOf(e.getMessage());
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }

  private static String firstLine(String message) {
    String line = message.strip().lines().findFirst().orElse(message).strip();
    line = line.replaceFirst("^SQL (parse|validation) failed\\. ", "");
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }
}
