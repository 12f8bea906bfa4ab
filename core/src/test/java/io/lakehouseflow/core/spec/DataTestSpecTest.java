package io.lakehouseflow.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.DataTestSpec.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's {@code tests:} section: what it reads, and every mistake reported at its place. */
class DataTestSpecTest {
  /** A small valid spec; the tests section is appended. */
  private static final String MINI =
      """
      name: mini
      sources:
        orders:
          columns:
            order_id: bigint
            customer_id: bigint
            status: string
            amount: bigint
            updated_at: timestamp
      silver:
        orders: {source: orders}
      dimensions:
        customer: {source: orders, key: [customer_id], scd: 2, sequence_by: updated_at}
      facts:
        order:
          source: orders
          grain: [order_id]
          event_time: updated_at
          measures: [amount]
          dimensions:
            - {dimension: customer, columns: [customer_id]}
      """;

  @Test
  void everyKindOfTestIsReadWithItsSettings() {
    PipelineSpec spec =
        parse(
            MINI
                + """
                tests:
                  silver.orders:
                    - not_null: [order_id, _ingested_at]
                    - unique: {columns: [order_id], severity: warn}
                    - accepted_values: {column: status, values: [OPEN, SHIPPED]}
                    - freshness: {column: _ingested_at, warn_after: 12 h, error_after: 7 d}
                  gold.fact_order:
                    - relationships: {column: customer_sk, to: gold.dim_customer, field: customer_sk, allow: [-1]}
                    - row_count: {min: 1}
                    - sql: {name: no_future_orders, query: "SELECT * FROM gold.fact_order WHERE order_id < 0"}
                """);

    assertThat(spec.tests())
        .containsExactly(
            new DataTestSpec.NotNull(
                "silver.orders",
                List.of("order_id", "_ingested_at"),
                Severity.ERROR,
                "tests.silver.orders[0]"),
            new DataTestSpec.Unique(
                "silver.orders", List.of("order_id"), Severity.WARN, "tests.silver.orders[1]"),
            new DataTestSpec.AcceptedValues(
                "silver.orders",
                "status",
                List.of("OPEN", "SHIPPED"),
                Severity.ERROR,
                "tests.silver.orders[2]"),
            new DataTestSpec.Freshness(
                "silver.orders",
                "_ingested_at",
                Duration.ofHours(12),
                Duration.ofDays(7),
                "tests.silver.orders[3]"),
            new DataTestSpec.Relationship(
                "gold.fact_order",
                "customer_sk",
                "gold.dim_customer",
                "customer_sk",
                List.of("-1"),
                Severity.ERROR,
                "tests.gold.fact_order[0]"),
            new DataTestSpec.RowCount(
                "gold.fact_order", 1L, null, Severity.ERROR, "tests.gold.fact_order[1]"),
            new DataTestSpec.CustomSql(
                "gold.fact_order",
                "no_future_orders",
                "SELECT * FROM gold.fact_order WHERE order_id < 0",
                Severity.ERROR,
                "tests.gold.fact_order[2]"));
  }

  @Test
  void aSpecWithoutTestsHasNone() {
    assertThat(parse(MINI).tests()).isEmpty();
  }

  @Test
  void eachMistakeIsReportedAtItsPosition() {
    String yaml =
        MINI
            + """
            tests:
              gold.fact_orders:
                - unique: [order_id]
              silver.orders:
                - uniq: [order_id]
                - {unique: [order_id], not_null: [order_id]}
                - accepted_values: {column: status}
                - row_count: {min: 10, max: 2}
                - unique: {columns: [order_id], severity: fatal}
                - freshness: {column: _ingested_at}
                - not_null: ["Order Id"]
            """;
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("8 errors in pipeline spec")
        .hasMessageContaining(
            "pipeline.yaml:23:3 at tests.gold.fact_orders: table 'gold.fact_orders' is not written"
                + " by this pipeline. Test one of: ")
        .hasMessageContaining("gold.fact_order, ")
        .hasMessageContaining("unknown key 'uniq': did you mean 'unique'?")
        .hasMessageContaining("at tests.silver.orders[1]: expected one test per list item, found 2")
        .hasMessageContaining(
            "at tests.silver.orders[2].accepted_values: missing required key 'values'")
        .hasMessageContaining("row_count min 10 is above max 2. Swap them.")
        .hasMessageContaining(
            "at tests.silver.orders[4].unique.severity: invalid severity 'fatal': write error or"
                + " warn.")
        .hasMessageContaining("a freshness test needs 'warn_after', 'error_after' or both")
        .hasMessageContaining("invalid column 'Order Id'");
  }

  private static PipelineSpec parse(String yaml) {
    return PipelineSpecLoader.parse(yaml, "pipeline.yaml");
  }
}
