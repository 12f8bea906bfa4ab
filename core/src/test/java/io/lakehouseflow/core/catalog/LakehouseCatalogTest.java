package io.lakehouseflow.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakehouseCatalogTest {
  @TempDir Path dataDir;

  private static final List<LayerColumn> ORDERS =
      List.of(
          LayerColumn.key("order_id", Types.LongType.get()),
          LayerColumn.data("amount", Types.DecimalType.of(10, 2)));

  @Test
  void createsFormatV2TablesWithIdentifierFieldsInTheWarehouse() {
    try (LakehouseCatalog catalog =
        LakehouseCatalog.of(CatalogSpec.DEFAULT, new DataLayout(dataDir))) {
      Table table =
          catalog.createTableIfAbsent(LayerSchema.of(TableNames.fact("order"), ORDERS), Map.of());
      assertThat(((HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);
      assertThat(table.schema().identifierFieldNames()).containsExactly("order_id");
      assertThat(table.location())
          .startsWith(dataDir.resolve("warehouse/gold/fact_order").toString());
      // Loading it again with the same columns returns the existing table.
      assertThat(
              catalog
                  .createTableIfAbsent(LayerSchema.of(TableNames.fact("order"), ORDERS), Map.of())
                  .uuid())
          .isEqualTo(table.uuid());
    }
  }

  @Test
  void extendingATableAddsTheMissingColumnsInTheirPlacesAndNothingElse() throws Exception {
    try (LakehouseCatalog catalog =
        LakehouseCatalog.of(CatalogSpec.DEFAULT, new DataLayout(dataDir))) {
      LayerColumn lineage = LayerColumn.metadata("_source_file", Types.StringType.get(), null);
      Table table =
          catalog.createOrExtendTable(
              LayerSchema.of(
                  TableNames.bronze("orders"), List.of(ORDERS.get(0), ORDERS.get(1), lineage)),
              Map.of());
      LayerSchema grown =
          LayerSchema.of(
              TableNames.bronze("orders"),
              List.of(
                  LayerColumn.data("region", Types.StringType.get()),
                  ORDERS.get(0),
                  ORDERS.get(1),
                  LayerColumn.data("gate", Types.StringType.get()),
                  LayerColumn.metadata("_rescued_data", Types.StringType.get(), null),
                  lineage));

      Table extended = catalog.createOrExtendTable(grown, Map.of());

      assertThat(extended.uuid()).isEqualTo(table.uuid());
      assertThat(extended.schema().columns().stream().map(Types.NestedField::name))
          .containsExactly("region", "order_id", "amount", "gate", "_rescued_data", "_source_file");
      // One schema change, and asking again changes nothing.
      long schemas = extended.schemas().size();
      assertThat(catalog.createOrExtendTable(grown, Map.of()).schemas()).hasSize((int) schemas);
      // Dropping a column is not evolution: the layout without 'amount' is refused.
      LayerSchema shrunk =
          LayerSchema.of(TableNames.bronze("orders"), List.of(ORDERS.get(0), lineage));
      assertThatThrownBy(() -> catalog.createOrExtendTable(shrunk, Map.of()))
          .hasMessageContaining("Cannot write lakehouse.bronze.orders");
    }
  }

  @Test
  void existingTableWithOtherColumnsFailsNamingBothAndTheFix() {
    try (LakehouseCatalog catalog =
        LakehouseCatalog.of(CatalogSpec.DEFAULT, new DataLayout(dataDir))) {
      catalog.createTableIfAbsent(LayerSchema.of(TableNames.silver("orders"), ORDERS), Map.of());
      LayerSchema renamed =
          LayerSchema.of(
              TableNames.silver("orders"),
              List.of(
                  LayerColumn.key("order_id", Types.LongType.get()),
                  LayerColumn.data("total", Types.DecimalType.of(10, 2))));

      assertThatThrownBy(() -> catalog.createTableIfAbsent(renamed, Map.of()))
          .hasMessageContaining("Cannot write lakehouse.silver.orders")
          .hasMessageContaining("[order_id long, amount decimal(10, 2)]")
          .hasMessageContaining("[order_id long, total decimal(10, 2)]")
          .hasMessageContaining(
              "Restore the spec, or rebuild the table from its inputs: ./lakehouse reset"
                  + " --pipeline FILE --data-dir "
                  + dataDir.toAbsolutePath().normalize()
                  + " --layer silver.")
          .hasMessageNotContaining("DROP");
    }
  }

  @Test
  void jdbcAndRestSpecsBecomeIcebergCatalogProperties() {
    DataLayout layout = new DataLayout(dataDir);
    LakehouseCatalog jdbc =
        LakehouseCatalog.of(
            catalogOf(
                """
                catalog:
                  type: jdbc
                  warehouse: s3://bucket/warehouse
                  properties: {uri: "jdbc:postgresql://db/lh"}
                """),
            layout);
    assertThat(jdbc.flinkCatalogOptions())
        .containsEntry("type", "iceberg")
        .containsEntry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
        .containsEntry("uri", "jdbc:postgresql://db/lh")
        .containsEntry("warehouse", "s3://bucket/warehouse")
        .doesNotContainKey("catalog-type");

    LakehouseCatalog rest =
        LakehouseCatalog.of(
            catalogOf(
                """
                catalog:
                  type: rest
                  warehouse: warehouse
                  properties: {uri: "http://localhost:8181"}
                """),
            layout);
    assertThat(rest.flinkCatalogOptions())
        .containsEntry("catalog-type", "rest")
        .containsEntry("uri", "http://localhost:8181")
        .containsEntry("warehouse", dataDir.resolve("warehouse").toString());
  }

  /** The catalog of a spec holding {@code catalogYaml} and one source, read by the loader. */
  private static CatalogSpec catalogOf(String catalogYaml) {
    return PipelineSpecLoader.parse(
            "name: catalog-test\n"
                + catalogYaml
                + "sources:\n  orders:\n    columns: {order_id: bigint}\n",
            "catalog-test.yaml")
        .catalog();
  }
}
