package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A silver table: the cleaned form of one bronze table.
 *
 * @param name the table name ({@code silver.<name>})
 * @param source the source whose bronze table feeds it
 * @param renames bronze column name to silver column name
 * @param casts silver column name (after renames) to its silver type
 * @param expectations quality rules, evaluated on the renamed and cast row
 */
public record SilverTableSpec(
    String name,
    String source,
    Map<String, String> renames,
    Map<String, ColumnType> casts,
    List<ExpectationSpec> expectations)
    implements Serializable {

  public SilverTableSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    renames = Collections.unmodifiableMap(new LinkedHashMap<>(renames));
    casts = Collections.unmodifiableMap(new LinkedHashMap<>(casts));
    expectations = List.copyOf(expectations);
  }

  /** The silver data columns: the source's columns, renamed, then cast, in source order. */
  public List<ColumnSpec> outputColumns(SourceSpec sourceSpec) {
    List<ColumnSpec> out = new ArrayList<>();
    for (ColumnSpec c : sourceSpec.columns()) {
      String name = renames.getOrDefault(c.name(), c.name());
      out.add(new ColumnSpec(name, casts.getOrDefault(name, c.type())));
    }
    return List.copyOf(out);
  }
}
