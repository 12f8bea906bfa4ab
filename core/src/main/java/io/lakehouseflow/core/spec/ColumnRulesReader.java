package io.lakehouseflow.core.spec;

import io.lakehouseflow.core.layer.LayerSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.types.logical.LogicalType;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Reads the column rules of a silver table beyond renames and casts: {@code standardize}, {@code
 * defaults}, {@code derive}, {@code drop} and {@code hash}. A derived column without a declared
 * type gets its expression's type, as Flink's planner resolves it over the columns before it; so
 * the expression is checked here, with its position, when the spec loads.
 */
final class ColumnRulesReader {
  static final List<String> KEYS = List.of("standardize", "defaults", "derive", "drop", "hash");

  private static final List<String> TEXT_RULE_KEYS = List.of("trim", "case", "null_if", "map");
  private static final List<String> DERIVED_KEYS = List.of("expr", "type");

  /** What {@link #read} found; each part holds only what was valid. */
  record Rules(
      Map<String, TextRules> standardize,
      Map<String, String> defaults,
      List<DerivedColumn> derived,
      List<String> dropped,
      List<String> hashed) {}

  private final ExpressionScope expressions;

  ColumnRulesReader(ExpressionScope expressions) {
    this.expressions = expressions;
  }

  /**
   * @param castColumns the table's columns after renames and casts; empty when not known yet (an
   *     unknown source, or one that infers its columns), and then derived types are not inferred
   */
  Rules read(SpecMapping fields, List<ColumnSpec> castColumns) {
    Map<String, TextRules> standardize = new LinkedHashMap<>();
    for (SpecNode column :
        SpecReader.entries(fields, "standardize", "standardize, 'column: {...}'")) {
      textRules(column).ifPresent(rules -> standardize.put(column.key(), rules));
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    for (SpecNode column : SpecReader.entries(fields, "defaults", "defaults, 'column: value'")) {
      column.textOrEmpty().ifPresent(value -> defaults.put(column.key(), value));
    }
    List<DerivedColumn> derived = new ArrayList<>();
    List<ColumnSpec> scope = new ArrayList<>(castColumns);
    for (SpecNode column : SpecReader.entries(fields, "derive", "derive, 'column: expression'")) {
      if (!column.hasValidKeyName("derived column")) {
        continue;
      }
      boolean clash = scope.stream().anyMatch(c -> c.name().equals(column.key()));
      derived(column, scope, !castColumns.isEmpty())
          .ifPresent(
              d -> {
                derived.add(d);
                // A name used twice is reported by the validator; later expressions see the first.
                if (!clash) {
                  scope.add(new ColumnSpec(d.name(), d.type()));
                }
              });
    }
    return new Rules(standardize, defaults, derived, names(fields, "drop"), names(fields, "hash"));
  }

  private static List<String> names(SpecMapping fields, String key) {
    return fields.optional(key).flatMap(n -> n.names("column")).orElse(List.of());
  }

  private static Optional<TextRules> textRules(SpecNode node) {
    Optional<SpecMapping> fields =
        node.fields("text rules {trim, case, null_if, map}", TEXT_RULE_KEYS);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    boolean trim = fields.get().optional("trim").flatMap(ColumnRulesReader::bool).orElse(false);
    TextRules.TextCase textCase =
        fields
            .get()
            .optional("case")
            .flatMap(n -> SpecReader.enumValue(n, TextRules.TextCase.class, "case"))
            .orElse(TextRules.TextCase.KEEP);
    List<String> nullIf = new ArrayList<>();
    fields
        .get()
        .optional("null_if")
        .flatMap(n -> n.items("null_if values"))
        .ifPresent(items -> items.forEach(item -> item.textOrEmpty().ifPresent(nullIf::add)));
    Map<String, String> map = new LinkedHashMap<>();
    for (SpecNode code : SpecReader.entries(fields.get(), "map", "map, 'code: value'")) {
      code.textOrEmpty().ifPresent(value -> map.put(code.key(), value));
    }
    return Optional.of(new TextRules(trim, textCase, nullIf, map));
  }

  private static Optional<Boolean> bool(SpecNode node) {
    return node.text()
        .flatMap(
            text -> {
              if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Optional.of(Boolean.parseBoolean(text));
              }
              node.error("expected true or false, found '" + text + "'. Write true or false.");
              return Optional.empty();
            });
  }

  /** A derived column: {@code name: "expression"} or {@code name: {expr: ..., type: ...}}. */
  private Optional<DerivedColumn> derived(SpecNode node, List<ColumnSpec> scope, boolean typed) {
    Optional<String> expression;
    Optional<ColumnType> declared = Optional.empty();
    SpecNode exprNode = node;
    if (node.node() instanceof MappingNode) {
      Optional<SpecMapping> fields = node.fields("a derived column {expr, type}", DERIVED_KEYS);
      if (fields.isEmpty()) {
        return Optional.empty();
      }
      Optional<SpecNode> expr = fields.get().required("expr", "\"<SQL expression>\"");
      if (expr.isEmpty()) {
        return Optional.empty();
      }
      exprNode = expr.get();
      expression = exprNode.text();
      Optional<SpecNode> type = fields.get().optional("type");
      if (type.isPresent()) {
        declared = SpecReader.parsedType(type.get());
        if (declared.isEmpty()) {
          return Optional.empty();
        }
      }
    } else {
      expression = node.text();
    }
    if (expression.isEmpty()) {
      return Optional.empty();
    }
    if (!typed) {
      // The columns are not known yet (see read): keep the declared type, or string until the
      // spec is read again with its bronze columns.
      return Optional.of(
          new DerivedColumn(node.key(), expression.get(), declared.orElse(ColumnType.STRING)));
    }
    ExpressionScope.Typed resolved =
        expressions.type(expression.get(), LayerSchemas.rowType(scope));
    if (resolved.problem().isEmpty() && declared.isPresent()) {
      // A declared type is a cast of the expression's value, which must be a cast Flink can do.
      String cast = "CAST((" + expression.get() + ") AS " + declared.get().sqlType() + ")";
      ExpressionScope.Typed castResolved = expressions.type(cast, LayerSchemas.rowType(scope));
      if (castResolved.problem().isPresent()) {
        exprNode.error(
            "derived column '"
                + node.key()
                + "' is of type "
                + resolved.type().orElseThrow()
                + ", which Flink cannot cast to its declared type "
                + declared.get()
                + ". Declare another type, or CAST the expression yourself.");
        return Optional.empty();
      }
    }
    if (resolved.problem().isPresent()) {
      exprNode.error(
          "invalid derived column '"
              + node.key()
              + "': "
              + resolved.problem().get()
              + ". Write one Flink SQL expression over the columns before it, for example"
              + " \"quantity * unit_price\".");
      return Optional.empty();
    }
    LogicalType type = resolved.type().orElseThrow();
    Optional<ColumnType> holding = declared.or(() -> ColumnType.holding(type));
    if (holding.isEmpty()) {
      exprNode.error(
          "derived column '"
              + node.key()
              + "' is of type "
              + type
              + ", which no silver column can hold. CAST it to one of "
              + ColumnType.ALLOWED
              + ".");
      return Optional.empty();
    }
    return Optional.of(new DerivedColumn(node.key(), expression.get(), holding.get()));
  }
}
