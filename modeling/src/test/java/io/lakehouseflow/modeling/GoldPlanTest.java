package io.lakehouseflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.InvalidSpecException;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.modeling.sql.Refresh;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class GoldPlanTest {
  private static final Refresh REBUILD = new Refresh(RunMode.AVAILABLE_NOW, Duration.ofSeconds(5));
  private static final Refresh UPSERT = new Refresh(RunMode.CONTINUOUS, Duration.ofMillis(500));

  @Test
  void availableNowScansSilverOnceAndOverwritesGoldWithoutUpserts() {
    GoldPlan plan = GoldPlan.of(TestingPipeline.spec(), REBUILD);

    assertThat(plan.inserts())
        .extracting(s -> s.lines().findFirst().orElseThrow())
        .containsExactly(
            "INSERT OVERWRITE `gold`.`dim_customer` /*+ OPTIONS('upsert-enabled'='false') */",
            "INSERT OVERWRITE `gold`.`dim_flight` /*+ OPTIONS('upsert-enabled'='false') */",
            "INSERT OVERWRITE `gold`.`fact_booking` /*+ OPTIONS('upsert-enabled'='false') */");
    assertThat(String.join("\n", plan.sql()))
        .contains("FROM `silver`.`customers`\n")
        .doesNotContain("'streaming'");
  }

  @Test
  void continuousStreamsSilverFromTheEarliestSnapshotAndUpsertsGold() {
    GoldPlan plan = GoldPlan.of(TestingPipeline.spec(), UPSERT);

    assertThat(plan.inserts())
        .extracting(s -> s.lines().findFirst().orElseThrow())
        .containsExactly(
            "INSERT INTO `gold`.`dim_customer`",
            "INSERT INTO `gold`.`dim_flight`",
            "INSERT INTO `gold`.`fact_booking`");
    assertThat(String.join("\n", plan.sql()))
        .contains(
            "FROM `silver`.`bookings` /*+ OPTIONS('monitor-interval'='500ms',"
                + " 'starting-strategy'='TABLE_SCAN_THEN_INCREMENTAL', 'streaming'='true') */");
  }

  @Test
  void usesOnlyConstructsStreamingFlinkRunsWithRetractions() {
    String sql = String.join("\n", GoldPlan.of(TestingPipeline.spec(), UPSERT).sql());

    assertThat(sql).doesNotContain("LAG(", "LEAD(", "FIRST_VALUE(", "LAST_VALUE(");
    // Every OVER is a Top-1 ROW_NUMBER, which Flink runs as a retracting Top-N.
    assertThat(sql.split("OVER \\(", -1))
        .hasSize(sql.split("ROW_NUMBER\\(\\) OVER \\(", -1).length);
  }

  @Test
  void ordersCopiesOfAFactByItsSequenceThenByLandingOrderNeverByIngestionTime() {
    String plain = String.join("\n", GoldPlan.of(TestingPipeline.spec(), REBUILD).sql());
    String sequenced =
        String.join(
            "\n",
            GoldPlan.of(
                    TestingPipeline.parse(
                        TestingPipeline.YAML.replace(
                            "event_time: booked_at",
                            "event_time: booked_at\n    sequence_by: seats")),
                    REBUILD)
                .sql());

    assertThat(plain)
        .doesNotContain("_ingested_at")
        .contains("PARTITION BY `booking_id` ORDER BY `_source_file` DESC, `_record_number` DESC)");
    assertThat(sequenced)
        .contains(
            "PARTITION BY `booking_id` ORDER BY `seats` DESC NULLS LAST, `_source_file` DESC,"
                + " `_record_number` DESC)");
  }

  @Test
  void generatesTheScd1DimensionAsLatestChangePerKey() {
    GoldPlan plan = GoldPlan.of(TestingPipeline.spec(), REBUILD);

    assertThat(plan.setup())
        .contains(
            "CREATE TEMPORARY VIEW `dim_flight__latest` AS\n"
                + "SELECT `flight_id`, `flight_number`, `origin`, `destination`, `updated_at`\n"
                + "FROM (\n"
                + "  SELECT `flight_id`, `flight_number`, `origin`, `destination`, `updated_at`,\n"
                + "    ROW_NUMBER() OVER (PARTITION BY `flight_id` ORDER BY `updated_at` DESC,"
                + " `_source_file` DESC, `_record_number` DESC) AS `_rank`\n"
                + "  FROM `silver`.`flights`\n"
                + "  WHERE `flight_id` IS NOT NULL AND `updated_at` IS NOT NULL\n"
                + ")\n"
                + "WHERE `_rank` = 1");
    assertThat(plan.inserts().get(1))
        .isEqualTo(
            "INSERT OVERWRITE `gold`.`dim_flight` /*+ OPTIONS('upsert-enabled'='false') */\n"
                + "SELECT lakehouse_sk(`flight_id`) AS `flight_sk`, `flight_id`, `flight_number`,"
                + " `origin`, `destination`, `updated_at`\n"
                + "FROM `dim_flight__latest`");
  }

  @Test
  void comparesOnlyTrackedColumnsToOpenAnScd2Version() {
    String versions =
        GoldPlan.of(TestingPipeline.spec(), REBUILD).setup().stream()
            .filter(s -> s.startsWith("CREATE TEMPORARY VIEW `dim_customer__versions`"))
            .findFirst()
            .orElseThrow();

    assertThat(versions)
        .endsWith(
            "WHERE p.`customer_id` IS NULL OR c.`name` IS DISTINCT FROM p.`name`"
                + " OR c.`email` IS DISTINCT FROM p.`email` OR c.`tier` IS DISTINCT FROM p.`tier`")
        .doesNotContain("c.`country` IS DISTINCT");
  }

  @Test
  void declaresGoldTablesWithTheirPrimaryKeys() {
    List<GoldTable> tables = GoldPlan.of(TestingPipeline.spec(), REBUILD).tables();

    assertThat(tables)
        .extracting(t -> t.id().toString())
        .containsExactly("gold.dim_customer", "gold.dim_flight", "gold.fact_booking");
    assertThat(tables.get(0).columnNames())
        .containsExactly(
            "customer_sk",
            "customer_id",
            "name",
            "email",
            "tier",
            "country",
            "valid_from",
            "valid_to",
            "is_current");
    assertThat(tables.get(0).primaryKey()).containsExactly("customer_sk");
    assertThat(tables.get(0).schema().findType("valid_from"))
        .isEqualTo(Types.TimestampType.withoutZone());
    assertThat(tables.get(1).columnNames())
        .containsExactly(
            "flight_sk", "flight_id", "flight_number", "origin", "destination", "updated_at");
    assertThat(tables.get(2).columnNames())
        .containsExactly(
            "booking_id",
            "customer_sk",
            "flight_sk",
            "booked_at",
            "seats",
            "fare_amount",
            "currency",
            "status");
    assertThat(tables.get(2).primaryKey()).containsExactly("booking_id");
    assertThat(tables.get(2).schema().findField("booking_id").isRequired()).isTrue();
    assertThat(GoldTable.PROPERTIES).containsEntry("write.upsert.enabled", "true");
  }

  // A spec the gold plan cannot build never reaches it: the loader rejects it, naming the place.

  @Test
  void rejectsATrackedColumnMissingFromSilver() {
    String yaml =
        variant(
            "    attributes: [name, email, tier, country]\n    track: [name, email, tier]\n",
            "    attributes: [name, nmae]\n    track: [nmae]\n");

    assertThatThrownBy(() -> TestingPipeline.parse(yaml))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "Invalid spec gold-test.yaml:37:24 at dimensions.customer.attributes[1]: column 'nmae'"
                + " not found in silver.customers (columns: customer_id, name, email, tier,"
                + " country, updated_at). Fix the name or declare the column in"
                + " sources.customers.columns.");
  }

  @Test
  void rejectsAFactReferencingAnUndeclaredDimension() {
    String yaml =
        variant(
            "      - {dimension: customer, columns: [customer_id]}\n"
                + "      - {dimension: flight, columns: [flight_id]}\n",
            "      - {dimension: passenger, columns: [customer_id]}\n");

    assertThatThrownBy(() -> TestingPipeline.parse(yaml))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "Invalid spec gold-test.yaml:54:21 at facts.booking.dimensions[0].dimension: dimension"
                + " 'passenger' is not declared (dimensions: customer, flight). Fix the name or"
                + " declare it under dimensions.");
  }

  /**
   * The test spec with {@code original} (which must occur once) replaced by {@code replacement}.
   */
  private static String variant(String original, String replacement) {
    assertThat(TestingPipeline.YAML).containsOnlyOnce(original);
    return TestingPipeline.YAML.replace(original, replacement);
  }
}
