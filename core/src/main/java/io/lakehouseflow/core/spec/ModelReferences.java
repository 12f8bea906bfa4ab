package io.lakehouseflow.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables a model's SQL names, found by a scanner, not a parser: the spec is checked where no
 * SQL planner is on the class path (the CLI's loader, application mode), and the planner resolves
 * names only once the tables exist. The scanner skips {@code --} and {@code /* *\/} comments and
 * quoted literals ({@code '...'}, {@code "..."}), reads plain and back-quoted identifiers, and
 * reports every dotted name whose first part is a layer ({@code gold.fact_booking}), optionally
 * after the catalog ({@code lakehouse.gold.fact_booking}). So a model must name its tables with
 * their layer; a table alias named like a layer ({@code gold}) would be read as one.
 */
final class ModelReferences {
  private static final Set<String> LAYERS = Set.of("bronze", "silver", "gold");
  private static final String CATALOG = "lakehouse";

  /**
   * One table named in a model's SQL.
   *
   * @param layer the namespace, lower case ({@code gold})
   * @param name the table's name as written
   * @param line 1-based line of the name in the SQL
   * @param column 1-based column
   */
  record Reference(String layer, String name, int line, int column) {
    String table() {
      return layer + "." + name;
    }
  }

  private final String sql;
  private int pos;
  private int line = 1;
  private int lineStart;

  private ModelReferences(String sql) {
    this.sql = sql;
  }

  /** The layer tables {@code sql} names, in the order they appear. */
  static List<Reference> in(String sql) {
    return new ModelReferences(sql).scan();
  }

  private record Identifier(String text, boolean quoted, int line, int column) {}

  private List<Reference> scan() {
    List<Reference> references = new ArrayList<>();
    List<Identifier> dotted = new ArrayList<>();
    boolean afterDot = false;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '-' && peek(1) == '-') {
        while (pos < sql.length() && sql.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '/' && peek(1) == '*') {
        pos += 2;
        while (pos < sql.length() && !(sql.charAt(pos) == '*' && peek(1) == '/')) {
          advance();
        }
        pos += 2;
      } else if (c == '\'' || c == '"') {
        end(dotted, references);
        afterDot = false;
        skipQuoted(c);
      } else if (c == '`' || Character.isJavaIdentifierStart(c)) {
        if (!afterDot) {
          end(dotted, references);
        }
        dotted.add(c == '`' ? quotedIdentifier() : plainIdentifier());
        afterDot = false;
      } else if (c == '.' && !dotted.isEmpty() && !afterDot) {
        afterDot = true;
        pos++;
      } else {
        end(dotted, references);
        afterDot = false;
        pos++;
      }
    }
    end(dotted, references);
    return references;
  }

  /** Ends a dotted name, reporting it when it names a layer table. */
  private static void end(List<Identifier> dotted, List<Reference> references) {
    int first = 0;
    if (dotted.size() == 3 && matches(dotted.get(0), CATALOG)) {
      first = 1;
    }
    if (dotted.size() - first == 2) {
      Identifier layer = dotted.get(first);
      String namespace = layer.text().toLowerCase(Locale.ROOT);
      if (LAYERS.contains(namespace) && (!layer.quoted() || LAYERS.contains(layer.text()))) {
        Identifier table = dotted.get(first + 1);
        references.add(
            new Reference(namespace, table.text(), dotted.get(0).line(), dotted.get(0).column()));
      }
    }
    dotted.clear();
  }

  private static boolean matches(Identifier identifier, String name) {
    return identifier.quoted()
        ? identifier.text().equals(name)
        : identifier.text().equalsIgnoreCase(name);
  }

  private Identifier plainIdentifier() {
    int start = pos;
    int column = pos - lineStart + 1;
    while (pos < sql.length() && Character.isJavaIdentifierPart(sql.charAt(pos))) {
      pos++;
    }
    return new Identifier(sql.substring(start, pos), false, line, column);
  }

  private Identifier quotedIdentifier() {
    int column = pos - lineStart + 1;
    int startLine = line;
    StringBuilder text = new StringBuilder();
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '`' && peek(1) == '`') {
        text.append('`');
        pos += 2;
      } else if (c == '`') {
        pos++;
        break;
      } else {
        text.append(c);
        advance();
      }
    }
    return new Identifier(text.toString(), true, startLine, column);
  }

  private void skipQuoted(char quote) {
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == quote && peek(1) == quote) {
        pos += 2;
      } else if (c == quote) {
        pos++;
        return;
      } else {
        advance();
      }
    }
  }

  private void advance() {
    if (sql.charAt(pos) == '\n') {
      line++;
      lineStart = pos + 1;
    }
    pos++;
  }

  private char peek(int ahead) {
    return pos + ahead < sql.length() ? sql.charAt(pos + ahead) : '\0';
  }
}
