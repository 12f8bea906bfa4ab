package io.lakehouseflow.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading a silver table's column rules: what they become, and each mistake with its place. */
class SilverColumnRulesSpecTest {
  private static final String SPEC =
      """
      name: shop
      sources:
        orders:
          operation: {column: op}
          columns: {order_id: bigint, email: string, qty: string, price: "decimal(8,2)", note: string, op: string}
      silver:
        orders:
          source: orders
          renames: {qty: quantity}
          standardize:
            email: {trim: true, case: lower, null_if: ["", "n/a"], map: {x: y}}
          casts: {quantity: int}
          defaults: {quantity: 1, email: none}
          derive:
            amount: "quantity * price"
            large: {expr: "amount > 100", type: boolean}
          drop: [note]
          hash: [email]
      """;

  @Test
  void rulesAreReadAndDerivedColumnsTakeTheirExpressionsType() {
    SilverTableSpec orders = PipelineSpecLoader.parse(SPEC, "shop.yaml").silverTable("orders");

    assertThat(orders.standardize().get("email"))
        .isEqualTo(
            new TextRules(
                true, TextRules.TextCase.LOWER, List.of("", "n/a"), java.util.Map.of("x", "y")));
    assertThat(orders.defaults()).containsEntry("quantity", "1").containsEntry("email", "none");
    assertThat(orders.derived())
        .extracting(DerivedColumn::name, d -> d.type().toString())
        .as("INT * DECIMAL(8,2) is a DECIMAL(19,2) in Flink; the declared type wins")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("amount", "decimal(19,2)"),
            org.assertj.core.groups.Tuple.tuple("large", "boolean"));
    SourceSpec source = PipelineSpecLoader.parse(SPEC, "shop.yaml").source("orders");
    assertThat(orders.outputColumns(source))
        .extracting(c -> c.name() + ":" + c.type())
        .containsExactly(
            "order_id:bigint",
            "email:string",
            "quantity:int",
            "price:decimal(8,2)",
            "op:string",
            "amount:decimal(19,2)",
            "large:boolean");
    assertThat(orders.ruleColumns(source)).extracting(ColumnSpec::name).contains("note");
  }

  @Test
  void everyMistakeIsReportedAtOnceWithItsPosition() {
    String bad =
        SPEC.replace("amount: \"quantity * price\"", "amount: \"quantity * unit_cost\"")
            .replace("quantity: 1, email: none", "quantity: one, email: none")
            .replace("standardize:\n", "standardize:\n      price: {trim: true}\n")
            .replace("drop: [note]", "drop: [note, op]")
            .replace("hash: [email]", "hash: [email, note]")
            .replace("large: {", "order_id: \"1\"\n      large: {");

    InvalidSpecException e =
        catchThrowableOfType(
            InvalidSpecException.class, () -> PipelineSpecLoader.parse(bad, "shop.yaml"));

    assertThat(e.getMessage())
        .contains(
            "shop.yaml:11:7 at silver.orders.standardize.price: text rules apply to string"
                + " columns, before casts, but 'price' is decimal(8,2) in sources.orders")
        .contains(
            "shop.yaml:14:26 at silver.orders.defaults.quantity: default 'one' of column"
                + " 'quantity' does not fit its type, int: write a number")
        .contains(
            "shop.yaml:16:15 at silver.orders.derive.amount: invalid derived column 'amount':"
                + " 'quantity * unit_cost' is not valid over the columns in scope (Unknown"
                + " identifier 'unit_cost'")
        .contains("at silver.orders.derive.order_id: derived column 'order_id' is already a column")
        .contains("at silver.orders.drop[1]: column 'op' is the operation column")
        .contains("at silver.orders.hash[1]: column 'note' is both dropped and hashed");
  }
}
