package io.lakehouseflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.InvalidSpecException;
import io.lakehouseflow.modeling.sql.GoldTable;
import java.util.List;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class GoldPlanTest {

  @Test
  void describesEveryGoldTableWithWhatDecidesItsRows() {
    String plan =
        GoldPlan.of(
                TestingPipeline.parse(
                    TestingPipeline.YAML.replace(
                        "event_time: booked_at", "event_time: booked_at\n    sequence_by: seats")))
            .describe();

    assertThat(plan.lines())
        .containsExactly(
            "gold.dim_customer: SCD 2 of silver.customers by key [customer_id], sequence"
                + " updated_at, attributes [name, email, tier, country], tracked [name, email,"
                + " tier], reading [customer_id, name, email, tier, country, updated_at,"
                + " _source_file, _record_number]",
            "gold.dim_flight: SCD 1 of silver.flights by key [flight_id], sequence updated_at,"
                + " attributes [flight_number, origin, destination], on delete REMOVE, reading"
                + " [flight_id, flight_number, origin, destination, updated_at, _source_file,"
                + " _record_number]",
            "gold.fact_booking: one row per [booking_id] of silver.bookings, latest by seats, then"
                + " landing order; references customer_sk = dim_customer[customer_id] at booked_at;"
                + " flight_sk = dim_flight[flight_id] at booked_at; reading [booking_id,"
                + " customer_id, flight_id, booked_at, seats, fare_amount, currency, status,"
                + " _source_file, _record_number]",
            "gold.dim_date: every event date of [booking]");
    // Never the wall clock: ingestion time decides nothing.
    assertThat(plan).doesNotContain("_ingested_at");
  }

  @Test
  void declaresGoldTablesWithTheirPrimaryKeys() {
    List<GoldTable> tables = GoldPlan.of(TestingPipeline.spec()).tables();

    assertThat(tables)
        .extracting(t -> t.id().toString())
        .containsExactly(
            "gold.dim_customer", "gold.dim_flight", "gold.fact_booking", "gold.dim_date");
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
            "is_current",
            "is_deleted");
    assertThat(tables.get(0).primaryKey()).containsExactly("customer_sk");
    assertThat(tables.get(0).schema().findType("valid_from"))
        .isEqualTo(Types.TimestampType.withoutZone());
    assertThat(tables.get(1).columnNames())
        .containsExactly(
            "flight_sk",
            "flight_id",
            "flight_number",
            "origin",
            "destination",
            "updated_at",
            "is_deleted");
    assertThat(tables.get(2).columnNames())
        .containsExactly(
            "booking_id",
            "customer_sk",
            "flight_sk",
            "date_sk",
            "booked_at",
            "seats",
            "fare_amount",
            "currency",
            "status");
    assertThat(tables.get(2).primaryKey()).containsExactly("booking_id");
    assertThat(tables.get(2).schema().findField("booking_id").isRequired()).isTrue();
    assertThat(tables.get(3).primaryKey()).containsExactly("date_sk");
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
