package io.lakehouseflow.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TableDocsTest {
  private static final String MINI =
      """
      name: mini
      sources:
        orders:
          columns: {order_id: bigint, amount: bigint, updated_at: timestamp}
      silver:
        orders: {source: orders}
      facts:
        order: {source: orders, grain: [order_id], event_time: updated_at, measures: [amount]}
      """;

  @Test
  void describesTablesAndTheirColumnsInDeclarationOrder() {
    PipelineSpec spec =
        parse(
            MINI
                + """
                docs:
                  silver.orders:
                    description: Orders of the web shop.
                    columns:
                      order_id: the shop's order number
                      amount: in cents
                  gold.fact_order:
                    columns: {_ingested_at: when the order reached bronze}
                """);

    assertThat(spec.doc("silver.orders"))
        .contains(
            new TableDoc(
                "Orders of the web shop.",
                Map.of("order_id", "the shop's order number", "amount", "in cents")));
    assertThat(spec.doc("silver.orders").orElseThrow().columns().keySet())
        .containsExactly("order_id", "amount");
    assertThat(spec.doc("gold.fact_order").orElseThrow().description()).isEmpty();
    assertThat(spec.doc("bronze.orders")).isEmpty();
    assertThat(parse(MINI).doc("silver.orders")).isEmpty();
  }

  @Test
  void eachMistakeIsReportedAtItsPosition() {
    String yaml =
        MINI
            + """
            docs:
              silver.order:
                description: a typo
              gold.fact_order:
                descripton: a typo
                columns: {Amount: in cents}
            """;
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("3 errors in pipeline spec")
        .hasMessageContaining(
            "pipeline.yaml:10:3 at docs.silver.order: table 'silver.order' is not written by this"
                + " pipeline. Document one of: ")
        .hasMessageContaining("silver.orders, ")
        .hasMessageContaining("unknown key 'descripton': did you mean 'description'?")
        .hasMessageContaining(
            "invalid column name 'Amount': write it as the table names it, in lower case");
  }

  private static PipelineSpec parse(String yaml) {
    return PipelineSpecLoader.parse(yaml, "pipeline.yaml");
  }
}
