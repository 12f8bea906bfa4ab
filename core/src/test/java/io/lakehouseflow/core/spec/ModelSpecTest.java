package io.lakehouseflow.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.testing.TestingSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL models beside a spec: what is read from their files, and every mistake, named by file. */
class ModelSpecTest {
  /** Customers (dim_customer) and orders (fact_order, with amount). */
  private static final String SPEC = TestingSpecs.SHOP;

  private static final String REVENUE =
      """
      -- revenue per day
      SELECT d.`date` AS order_date, SUM(o.amount) AS revenue, COUNT(*) AS orders
      FROM gold.fact_order o
      JOIN lakehouse.gold.dim_date d ON o.date_sk = d.date_sk
      WHERE o.amount > 0 AND 'gold.not_a_table' <> '' /* gold.nor_this */
      GROUP BY d.`date`;
      """;

  @Test
  void modelsAreReadWithTheirSettingsAndReferencesEachAfterTheModelsItReads() {
    PipelineSpec spec =
        parse(
            Map.of(
                "top_days.sql", "SELECT * FROM gold.revenue WHERE revenue > 100",
                "top_days.yaml", "materialized: view",
                "revenue.sql", REVENUE,
                "revenue.yaml",
                    """
                    materialized: incremental
                    unique_key: [order_date]
                    description: Revenue per day.
                    columns: {revenue: sum of amounts, orders: number of orders}
                    """,
                "a_first.sql", "SELECT order_date, revenue FROM gold.top_days",
                "a_first.yaml", "unique_key: [order_date]"));

    assertThat(spec.models().keySet()).containsExactly("revenue", "top_days", "a_first");
    ModelSpec revenue = spec.models().get("revenue");
    assertThat(revenue.materialized()).isEqualTo(Materialization.INCREMENTAL);
    assertThat(revenue.uniqueKey()).containsExactly("order_date");
    assertThat(revenue.description()).isEqualTo("Revenue per day.");
    assertThat(revenue.columns())
        .containsExactly(
            Map.entry("revenue", "sum of amounts"), Map.entry("orders", "number of orders"));
    assertThat(revenue.references()).containsExactly("fact_order", "dim_date");
    assertThat(revenue.sql()).endsWith("GROUP BY d.`date`").startsWith("-- revenue per day");
    assertThat(revenue.file()).isEqualTo("models/revenue.sql");
    assertThat(spec.models().get("a_first").materialized()).isEqualTo(Materialization.TABLE);
    assertThat(spec.models().get("top_days").materialized()).isEqualTo(Materialization.VIEW);
  }

  @Test
  void aCycleIsRejectedNamingBothModels() {
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "a.sql", "SELECT * FROM gold.b",
                        "a.yaml", "unique_key: [x]",
                        "b.sql", "SELECT x FROM gold.a JOIN gold.fact_order ON true",
                        "b.yaml", "unique_key: [x]")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("models/a.sql")
        .hasMessageContaining("models a and b read each other in a cycle (a -> b -> a)")
        .hasMessageContaining("Remove one of the references");
  }

  @Test
  void anUnknownTableIsRejectedNamingTheFileThePositionAndTheTablesThereAre() {
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "revenue.sql", "SELECT o.amount\nFROM gold.fact_orders o",
                        "revenue.yaml", "unique_key: [amount]")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("models/revenue.sql:2:6")
        .hasMessageContaining("unknown table gold.fact_orders")
        .hasMessageContaining("gold tables: [dim_customer, dim_date, fact_order]")
        .hasMessageContaining("Fix the name, or add the model models/fact_orders.sql");
  }

  @Test
  void aModelMayReadSilverTables() {
    PipelineSpec spec =
        parse(
            Map.of(
                "order_counts.sql",
                "SELECT o.customer_id, COUNT(*) AS orders FROM silver.orders o"
                    + " JOIN gold.dim_customer c ON o.customer_id = c.customer_id"
                    + " LEFT JOIN silver.orders again ON FALSE GROUP BY o.customer_id",
                "order_counts.yaml",
                "unique_key: [customer_id]"));
    ModelSpec model = spec.models().get("order_counts");
    assertThat(model.silverReads()).containsExactly("orders");
    assertThat(model.references()).containsExactly("dim_customer");

    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "silver_typo.sql", "SELECT * FROM silver.order",
                        "silver_typo.yaml", "unique_key: [order_id]")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(
            "models/silver_typo.sql:1:15: unknown table silver.order: pipeline shop has no such"
                + " silver table (silver tables: [customers, orders])");
  }

  @Test
  void everyMistakeOfTheFilesIsReportedTogether() {
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(
                        "bronze_read.sql", "SELECT * FROM bronze.orders",
                        "bronze_read.yaml", "unique_key: [order_id]",
                        "no_key.sql", "SELECT 1 AS one",
                        "no_key.yaml", "description: no key",
                        "bad_kind.sql", "SELECT 1 AS one",
                        "bad_kind.yaml", "materialized: ephemeral\nunique_key: [one]",
                        "orphan.yaml", "unique_key: [x]",
                        "no_select.sql", "INSERT INTO gold.fact_order VALUES (1)",
                        "dim_date.sql", "SELECT 1 AS one")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(
            "models/bronze_read.sql:1:15: the model reads bronze.orders, but models read silver"
                + " tables, gold tables and other models only")
        .hasMessageContaining("models/no_key.yaml")
        .hasMessageContaining("missing required key 'unique_key'")
        .hasMessageContaining("models/bad_kind.yaml:1:15")
        .hasMessageContaining(
            "unknown materialization 'ephemeral' (allowed: [table, incremental, view])")
        .hasMessageContaining("models/orphan.yaml: it configures a model, but there is no")
        .hasMessageContaining("models/no_select.sql: a model is one Flink SQL query")
        .hasMessageContaining("found 'INSERT INTO GOLD.FACT_ORDER VALUES (1)'")
        .hasMessageContaining("models/dim_date.sql: the model would replace gold.dim_date");
  }

  @Test
  void dataTestsMayNameAModelsTable() {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            SPEC + "tests:\n  gold.revenue:\n    - not_null: [day]\n",
            "mini.yaml",
            Map.of(),
            ModelFiles.of(
                "models",
                Map.of(
                    "revenue.sql", "SELECT CAST(ordered_at AS DATE) AS `day` FROM gold.fact_order",
                    "revenue.yaml", "unique_key: [day]")));

    assertThat(spec.tests()).extracting(DataTestSpec::table).containsExactly("gold.revenue");
  }

  @Test
  void theLoaderReadsTheModelsDirectoryBesideTheSpec(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pipeline.yaml");
    Files.writeString(file, SPEC);
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("models/orders_per_day.sql"), "SELECT 1 AS n FROM gold.dim_date");
    Files.writeString(dir.resolve("models/orders_per_day.yaml"), "unique_key: [n]");
    Files.writeString(dir.resolve("models/README.md"), "not a model");

    PipelineSpec spec = PipelineSpecLoader.load(file);

    assertThat(spec.models()).containsOnlyKeys("orders_per_day");
    assertThat(spec.models().get("orders_per_day").file())
        .isEqualTo(dir.resolve("models").resolve("orders_per_day.sql").toString());
    assertThat(spec.models().get("orders_per_day").references()).containsExactly("dim_date");
  }

  @Test
  void theGraphOrdersModelsAfterWhatTheyReadAndFindsCycles() {
    ModelGraph graph =
        ModelGraph.of(
            Map.of(
                "c",
                List.of("b", "fact_order"),
                "b",
                List.of("a"),
                "a",
                List.of(),
                "d",
                List.of()));
    assertThat(graph.order()).containsExactly("a", "b", "c", "d");
    assertThat(graph.cycle()).isEmpty();
    assertThat(ModelGraph.of(Map.of("a", List.of("a"))).cycle()).contains(List.of("a", "a"));
    assertThat(
            ModelGraph.of(
                    Map.of("x", List.of(), "a", List.of("b"), "b", List.of("c"), "c", List.of("a")))
                .cycle())
        .contains(List.of("a", "b", "c", "a"));
  }

  private static PipelineSpec parse(Map<String, String> files) {
    return PipelineSpecLoader.parse(SPEC, "mini.yaml", Map.of(), ModelFiles.of("models", files));
  }
}
