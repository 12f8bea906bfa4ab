package io.lakehouseflow.core.testing;

/** Specs shared by tests of several modules, as YAML for {@code PipelineSpecLoader.parse}. */
public final class TestingSpecs {
  /**
   * A small shop on a JDBC catalog with object-storage warehouse: customers (an SCD2 dimension) and
   * orders (a fact with a cast and an expectation). Tests vary one line of it.
   */
  public static final String SHOP =
      """
      name: shop
      catalog:
        type: jdbc
        warehouse: s3://lake/warehouse
        properties: {uri: "jdbc:sqlite:/srv/catalog.db"}
      landing: landing
      sources:
        customers:
          columns: {customer_id: bigint, name: string, tier: string, updated_at: timestamp}
        orders:
          columns:
            order_id: bigint
            customer_id: bigint
            ordered_at: timestamp
            quantity: string
            amount: string
      silver:
        customers:
          source: customers
        orders:
          source: orders
          casts:
            amount: decimal(10,2)
          expectations:
            - {name: positive_amount, expr: "amount > 0", action: drop}
      dimensions:
        customer:
          source: customers
          key: [customer_id]
          scd: 2
          attributes: [name]
          sequence_by: updated_at
      facts:
        order:
          source: orders
          grain: [order_id]
          event_time: ordered_at
          measures: [amount, quantity]
          dimensions:
            - {dimension: customer, columns: [customer_id]}
      """;

  private TestingSpecs() {}
}
