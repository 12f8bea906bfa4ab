package io.lakehouseflow.modeling.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One landing file of a silver table, as the silver job would have appended it: its name, which
 * decides the landing order, and its rows (data column values in silver order), lines 1..n.
 */
public record LandingFile(String table, String name, List<List<Object>> rows) {
  public LandingFile {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(name, "name");
    List<List<Object>> copy = new ArrayList<>();
    rows.forEach(r -> copy.add(Collections.unmodifiableList(new ArrayList<>(r))));
    rows = Collections.unmodifiableList(copy);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(table + "/" + name + ":");
    for (int i = 0; i < rows.size(); i++) {
      out.append("\n    ").append(i + 1).append(": ").append(rows.get(i));
    }
    return out.toString();
  }
}
