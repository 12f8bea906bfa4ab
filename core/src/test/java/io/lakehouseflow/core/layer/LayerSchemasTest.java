package io.lakehouseflow.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.util.List;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class LayerSchemasTest {
  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: layers
          sources:
            orders:
              columns: {order_id: bigint, customer_id: bigint, amount: string, at: timestamp}
          silver:
            orders:
              source: orders
              renames: {amount: amount_eur}
              casts: {amount_eur: "decimal(10,2)"}
          dimensions:
            customer:
              source: orders
              key: [customer_id]
              scd: 2
              attributes: [amount_eur]
              sequence_by: at
            latest_customer:
              source: orders
              key: [customer_id]
              scd: 1
              attributes: [amount_eur]
              sequence_by: at
          facts:
            order:
              source: orders
              grain: [order_id]
              event_time: at
              measures: [amount_eur]
              attributes: [order_id]
              dimensions:
                - {dimension: customer, columns: [customer_id]}
          """,
          "layers.yaml");

  @Test
  void bronzeHoldsTheDeclaredColumnsThenItsMetadata() {
    LayerSchema bronze = LayerSchemas.bronze(SPEC.source("orders"));
    assertThat(bronze.table().toString()).isEqualTo("bronze.orders");
    assertThat(bronze.columnNames())
        .containsExactly(
            "order_id",
            "customer_id",
            "amount",
            "at",
            "_corrupt_record",
            "_parse_error",
            "_rescued_data",
            "_source_file",
            "_record_number",
            "_file_modification_time",
            "_file_size",
            "_ingested_at");
    assertThat(bronze.columnNames(LayerColumn.Role.DATA))
        .containsExactly("order_id", "customer_id", "amount", "at");
    assertThat(bronze.position("_source_file")).isEqualTo(7);
    // The Iceberg schema, the Flink row type and the positions agree.
    assertThat(bronze.icebergSchema().columns().get(7).name()).isEqualTo("_source_file");
    assertThat(bronze.rowType().getFieldNames()).isEqualTo(bronze.columnNames());
    assertThat(bronze.icebergSchema().columns()).allMatch(Types.NestedField::isOptional);
  }

  @Test
  void silverAndQuarantineHoldTheRenamedAndCastColumnsThenTheirMetadata() {
    LayerSchema silver = LayerSchemas.silver(SPEC, "orders");
    assertThat(silver.columnNames())
        .containsExactly(
            "order_id",
            "customer_id",
            "amount_eur",
            "at",
            "_source_file",
            "_record_number",
            "_ingested_at");
    assertThat(silver.column("amount_eur").type()).isEqualTo(Types.DecimalType.of(10, 2));
    assertThat(LayerSchemas.quarantine(SPEC, "orders").columnNames())
        .containsExactly(
            "order_id",
            "customer_id",
            "amount_eur",
            "at",
            "_corrupt_record",
            "_parse_error",
            "_failed_expectations",
            "_source_file",
            "_record_number",
            "_ingested_at",
            "_quarantined_at");
    assertThat(
            LayerSchemas.carried(
                LayerSchemas.bronze(SPEC.source("orders")),
                silver,
                LayerSchemas.quarantine(SPEC, "orders")))
        .containsExactly(
            "_corrupt_record", "_parse_error", "_source_file", "_record_number", "_ingested_at");
  }

  @Test
  void goldTablesLeadWithTheirKey() {
    LayerSchema scd2 = LayerSchemas.dimension(SPEC, SPEC.dimension("customer"));
    assertThat(scd2.columnNames())
        .containsExactly(
            "customer_sk",
            "customer_id",
            "amount_eur",
            "valid_from",
            "valid_to",
            "is_current",
            "is_deleted");
    assertThat(scd2.icebergSchema().identifierFieldNames()).containsExactly("customer_sk");
    assertThat(scd2.column("valid_from").type()).isEqualTo(Types.TimestampType.withoutZone());

    LayerSchema scd1 = LayerSchemas.dimension(SPEC, SPEC.dimension("latest_customer"));
    assertThat(scd1.columnNames())
        .containsExactly("latest_customer_sk", "customer_id", "amount_eur", "at", "is_deleted");

    LayerSchema fact = LayerSchemas.fact(SPEC, SPEC.facts().get("order"));
    // order_id is grain and attribute: written once, as the key.
    assertThat(fact.columnNames())
        .containsExactly("order_id", "customer_sk", "date_sk", "at", "amount_eur");
    assertThat(fact.columnNames(LayerColumn.Role.KEY)).containsExactly("order_id");
    assertThat(fact.icebergSchema().findField("order_id").isRequired()).isTrue();
    assertThat(fact.icebergSchema().findField("customer_sk").isOptional()).isTrue();

    assertThat(LayerSchemas.dateDimension().columnNames())
        .containsExactly(
            "date_sk",
            "date",
            "year",
            "quarter",
            "month",
            "day_of_month",
            "day_of_week",
            "day_name",
            "month_name",
            "is_weekend");
  }

  @Test
  void anUnknownColumnIsNamedWithTheTableAndItsColumns() {
    LayerSchema silver = LayerSchemas.silver(SPEC, "orders");
    assertThatThrownBy(() -> silver.position("amount"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot find column 'amount' in silver.orders (columns: [order_id, customer_id,"
                + " amount_eur, at, _source_file, _record_number, _ingested_at])");
  }

  @Test
  void aLayoutCannotHoldTwoColumnsOfOneName() {
    LayerSchema silver = LayerSchemas.silver(SPEC, "orders");
    assertThatThrownBy(
            () ->
                LayerSchema.of(
                    silver.table(),
                    List.of(
                        LayerColumn.data("at", Types.LongType.get()),
                        LayerColumn.data("at", Types.LongType.get()))))
        .hasMessageContaining("Invalid layout of silver.orders: column 'at' appears twice");
  }
}
