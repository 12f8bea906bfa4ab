package io.lakehouseflow.core.spec;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tables a section keyed by table ({@code tests:}, {@code docs:}) may name: those the spec's
 * jobs write, as {@code layer.name}. One check for every such section, so their keys are read and
 * their mistakes reported alike.
 */
final class WrittenTables {
  /** A table of the lakehouse: its layer, then its name. */
  static final Pattern TABLE = Pattern.compile("(bronze|silver|gold)\\.[a-z][a-z0-9_]*");

  private WrittenTables() {}

  /**
   * Whether {@code entry}'s key names one of {@code tables}; if not, reports why at the key, with
   * the tables there are after {@code listedAs} (such as {@code "Test one of"}).
   */
  static boolean accepts(SpecNode entry, Set<String> tables, String listedAs) {
    String table = entry.key();
    if (!TABLE.matcher(table).matches()) {
      entry.keyError(
          "invalid table '"
              + table
              + "': name a table as layer.name, such as silver.bookings or gold.fact_booking.");
      return false;
    }
    if (!tables.contains(table)) {
      entry.keyError(
          "table '"
              + table
              + "' is not written by this pipeline. "
              + listedAs
              + ": "
              + String.join(", ", tables.stream().sorted().toList())
              + ".");
      return false;
    }
    return true;
  }
}
