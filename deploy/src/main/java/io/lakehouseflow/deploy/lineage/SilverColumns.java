package io.lakehouseflow.deploy.lineage;

import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.DerivedColumn;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.core.spec.TextRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which bronze columns each column of a silver table (and its quarantine table) comes from, and by
 * which rules: renames, standardisation, casts, defaults, hashing, and derived expressions, whose
 * inputs are the columns their text names.
 */
final class SilverColumns {
  private final LayerSchema silver;
  private final LayerSchema quarantine;
  private final List<String> carried;
  private final Map<String, Set<String>> origins;
  private final Map<String, String> how;

  private SilverColumns(
      LayerSchema silver,
      LayerSchema quarantine,
      List<String> carried,
      Map<String, Set<String>> origins,
      Map<String, String> how) {
    this.silver = silver;
    this.quarantine = quarantine;
    this.carried = carried;
    this.origins = origins;
    this.how = how;
  }

  static SilverColumns of(PipelineSpec spec, SilverTableSpec table) {
    SourceSpec source = spec.sourceOf(table);
    Map<String, Set<String>> origins = new LinkedHashMap<>();
    Map<String, String> how = new LinkedHashMap<>();
    for (ColumnSpec column : table.sourceColumns(source)) {
      String name = table.renames().getOrDefault(column.name(), column.name());
      List<String> steps = new ArrayList<>();
      if (!name.equals(column.name())) {
        steps.add("renamed from " + column.name());
      }
      TextRules text = table.standardize().get(name);
      if (text != null) {
        steps.add("standardized (" + describe(text) + ")");
      }
      ColumnType cast = table.casts().get(name);
      if (cast != null) {
        steps.add("cast to " + cast);
      }
      String fallback = table.defaults().get(name);
      if (fallback != null) {
        steps.add("NULL becomes " + fallback);
      }
      origins.put(name, new LinkedHashSet<>(List.of(column.name())));
      how.put(name, steps.isEmpty() ? "copied" : String.join(", ", steps));
    }
    for (DerivedColumn derived : table.derived()) {
      Set<String> inputs = new LinkedHashSet<>();
      for (Map.Entry<String, Set<String>> earlier : origins.entrySet()) {
        if (names(derived.expression(), earlier.getKey())) {
          inputs.addAll(earlier.getValue());
        }
      }
      origins.put(derived.name(), inputs);
      how.put(derived.name(), "derived: " + derived.expression());
    }
    table.hashed().forEach(h -> how.computeIfPresent(h, (k, v) -> v + ", hashed (salted SHA-256)"));
    LayerSchema silver = LayerSchemas.silver(spec, table.name());
    LayerSchema quarantine = LayerSchemas.quarantine(spec, table.name());
    List<String> carried = LayerSchemas.carried(LayerSchemas.bronze(source), silver, quarantine);
    return new SilverColumns(silver, quarantine, carried, origins, how);
  }

  /** The column lineage from {@code bronze} into {@code target}, the silver or quarantine table. */
  List<ColumnLineage> lineage(String bronze, String target) {
    LayerSchema layout = target.equals(silver.table().toString()) ? silver : quarantine;
    List<ColumnLineage> out = new ArrayList<>();
    for (String column : layout.columnNames()) {
      if (origins.containsKey(column)) {
        for (String origin : origins.get(column)) {
          out.add(new ColumnLineage(bronze, origin, target, column, how.get(column)));
        }
      } else if (carried.contains(column)) {
        out.add(new ColumnLineage(bronze, column, target, column, "lineage, kept from bronze"));
      }
    }
    return out;
  }

  /** Whether {@code expression} names {@code column} as a word (quoted or not). */
  private static boolean names(String expression, String column) {
    return Pattern.compile(
            "(?<![A-Za-z0-9_])`?" + Pattern.quote(column) + "`?(?![A-Za-z0-9_])",
            Pattern.CASE_INSENSITIVE)
        .matcher(expression)
        .find();
  }

  private static String describe(TextRules rules) {
    List<String> parts = new ArrayList<>();
    if (rules.trim()) {
      parts.add("trim");
    }
    if (rules.textCase() != TextRules.TextCase.KEEP) {
      parts.add(rules.textCase().word() + " case");
    }
    if (!rules.nullIf().isEmpty()) {
      parts.add("NULL if " + rules.nullIf());
    }
    if (!rules.map().isEmpty()) {
      parts.add("map " + rules.map());
    }
    return String.join(", ", parts).toLowerCase(Locale.ROOT);
  }
}
