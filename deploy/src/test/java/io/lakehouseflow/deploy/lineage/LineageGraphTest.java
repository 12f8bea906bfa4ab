package io.lakehouseflow.deploy.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.deploy.datatest.TestResultsTable;
import io.lakehouseflow.deploy.lineage.LineageEdge.Relation;
import io.lakehouseflow.deploy.lineage.LineageNode.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lineage of the flights sample, as {@code sample-data/flights/pipeline.yaml} declares it. */
class LineageGraphTest {
  private static final PipelineSpec FLIGHTS =
      PipelineSpecLoader.load(Path.of("../sample-data/flights/pipeline.yaml"));

  private final LineageGraph graph = LineageGraph.of(FLIGHTS);

  @Test
  void everyTableOfTheFlightsPipelineIsANodeOfItsKind() {
    assertThat(graph.nodes())
        .extracting(LineageNode::id, LineageNode::kind)
        .containsExactlyInAnyOrder(
            tuple("landing.customers", Kind.LANDING),
            tuple("landing.airports", Kind.LANDING),
            tuple("landing.flights", Kind.LANDING),
            tuple("landing.bookings", Kind.LANDING),
            tuple("bronze.customers", Kind.BRONZE),
            tuple("bronze.airports", Kind.BRONZE),
            tuple("bronze.flights", Kind.BRONZE),
            tuple("bronze.bookings", Kind.BRONZE),
            tuple("silver.customers", Kind.SILVER),
            tuple("silver.airports", Kind.SILVER),
            tuple("silver.flights", Kind.SILVER),
            tuple("silver.bookings", Kind.SILVER),
            tuple("silver.customers_quarantine", Kind.QUARANTINE),
            tuple("silver.airports_quarantine", Kind.QUARANTINE),
            tuple("silver.flights_quarantine", Kind.QUARANTINE),
            tuple("silver.bookings_quarantine", Kind.QUARANTINE),
            tuple("silver._quality_metrics", Kind.QUALITY_METRICS),
            tuple("gold.dim_customer", Kind.DIMENSION),
            tuple("gold.dim_airport", Kind.DIMENSION),
            tuple("gold.dim_flight", Kind.DIMENSION),
            tuple("gold.dim_date", Kind.DATE_DIMENSION),
            tuple("gold.fact_booking", Kind.FACT),
            tuple("gold.customer_lifetime_value", Kind.MODEL),
            tuple("gold.daily_revenue_by_origin", Kind.MODEL));
    assertThat(graph.node("landing.bookings").orElseThrow().label()).isEqualTo("landing/bookings/");
    assertThat(graph.node("gold.dim_customer").orElseThrow().description())
        .as("the spec's docs: description, then what its declarations mean")
        .startsWith("Every customer as they were over time, a version per change")
        .contains("SCD type 2")
        .contains("[customer_id]")
        .contains("updated_at");
  }

  @Test
  void edgesRunFromLandingThroughBronzeAndSilverToGoldAndFactsReferenceTheirDimensions() {
    assertThat(graph.edges())
        .contains(
            new LineageEdge("landing.bookings", "bronze.bookings", Relation.INGESTS),
            new LineageEdge("bronze.bookings", "silver.bookings", Relation.CLEANS),
            new LineageEdge("bronze.bookings", "silver.bookings_quarantine", Relation.QUARANTINES),
            new LineageEdge("bronze.bookings", "silver._quality_metrics", Relation.MEASURES),
            new LineageEdge("silver.customers", "gold.dim_customer", Relation.MODELS),
            new LineageEdge("silver.airports", "gold.dim_airport", Relation.MODELS),
            new LineageEdge("silver.flights", "gold.dim_flight", Relation.MODELS),
            new LineageEdge("silver.bookings", "gold.fact_booking", Relation.MODELS),
            new LineageEdge("silver.bookings", "gold.dim_date", Relation.MODELS),
            new LineageEdge("gold.dim_customer", "gold.fact_booking", Relation.REFERENCES),
            new LineageEdge("gold.dim_flight", "gold.fact_booking", Relation.REFERENCES),
            new LineageEdge("gold.dim_date", "gold.fact_booking", Relation.REFERENCES),
            new LineageEdge("gold.fact_booking", "gold.daily_revenue_by_origin", Relation.SELECTS),
            new LineageEdge("gold.dim_flight", "gold.daily_revenue_by_origin", Relation.SELECTS),
            new LineageEdge("gold.dim_airport", "gold.daily_revenue_by_origin", Relation.SELECTS),
            new LineageEdge("gold.fact_booking", "gold.customer_lifetime_value", Relation.SELECTS),
            new LineageEdge("gold.dim_customer", "gold.customer_lifetime_value", Relation.SELECTS));
    assertThat(graph.edges())
        .as("the fact references no airport: the flights spec does not declare it")
        .doesNotContain(
            new LineageEdge("gold.dim_airport", "gold.fact_booking", Relation.REFERENCES));
    assertThat(graph.edges()).hasSize(4 + 4 * 3 + 3 + 2 + 3 + 3 + 2);
    assertThat(graph.edges())
        .allSatisfy(
            e -> {
              assertThat(graph.node(e.from())).as(e.toString()).isPresent();
              assertThat(graph.node(e.to())).as(e.toString()).isPresent();
            });
  }

  @Test
  void upstreamAndDownstreamFollowTheEdgesBothWays() {
    assertThat(graph.upstream("gold.fact_booking"))
        .containsExactlyInAnyOrder(
            "silver.bookings",
            "gold.dim_customer",
            "gold.dim_flight",
            "gold.dim_date",
            "bronze.bookings",
            "silver.customers",
            "silver.flights",
            "landing.bookings",
            "bronze.customers",
            "bronze.flights",
            "landing.customers",
            "landing.flights");
    assertThat(graph.downstream("landing.airports"))
        .containsExactlyInAnyOrder(
            "bronze.airports",
            "silver.airports",
            "silver.airports_quarantine",
            "silver._quality_metrics",
            "gold.dim_airport",
            "gold.daily_revenue_by_origin");
  }

  @Test
  void silverColumnsComeFromTheirBronzeColumnsThroughRenamesAndCasts() {
    assertThat(graph.columnsOf("silver.bookings"))
        .contains(
            new ColumnLineage(
                "bronze.bookings",
                "fare",
                "silver.bookings",
                "fare_amount",
                "renamed from fare, cast to decimal(10,2)"),
            new ColumnLineage("bronze.bookings", "seats", "silver.bookings", "seats", "copied"),
            new ColumnLineage(
                "bronze.bookings",
                "_source_file",
                "silver.bookings",
                "_source_file",
                "lineage, kept from bronze"));
    assertThat(graph.columnsOf("silver.customers"))
        .contains(
            new ColumnLineage(
                "bronze.customers",
                "full_name",
                "silver.customers",
                "name",
                "renamed from full_name"));
    assertThat(graph.columnsOf("silver.customers_quarantine"))
        .extracting(ColumnLineage::toColumn)
        .contains("name", "_corrupt_record", "_parse_error");
  }

  @Test
  void goldColumnsComeFromSilverColumnsAndFactKeysFromTheirDimensions() {
    assertThat(graph.columnsOf("gold.fact_booking"))
        .extracting(ColumnLineage::fromTable, ColumnLineage::fromColumn, ColumnLineage::toColumn)
        .contains(
            tuple("silver.bookings", "booking_id", "booking_id"),
            tuple("silver.bookings", "fare_amount", "fare_amount"),
            tuple("gold.dim_customer", "customer_sk", "customer_sk"),
            tuple("silver.bookings", "customer_id", "customer_sk"),
            tuple("silver.bookings", "booked_at", "date_sk"));
    assertThat(graph.columnsOf("gold.dim_customer"))
        .extracting(ColumnLineage::fromColumn, ColumnLineage::toColumn)
        .contains(
            tuple("customer_id", "customer_sk"),
            tuple("name", "name"),
            tuple("updated_at", "valid_from"));
  }

  // As Flink's planner traces them through the joins and the aggregate of the model's query.
  @Test
  void aModelsColumnsComeFromTheGoldColumnsItsQueryReads() {
    assertThat(graph.columnsOf("gold.daily_revenue_by_origin"))
        .extracting(
            ColumnLineage::fromTable,
            ColumnLineage::fromColumn,
            ColumnLineage::toColumn,
            ColumnLineage::how)
        .contains(
            tuple(
                "gold.fact_booking", "booked_at", "booking_date", "computed by the model's query"),
            tuple("gold.dim_flight", "origin", "origin", "copied"),
            tuple("gold.dim_airport", "city", "origin_city", "computed by the model's query"),
            tuple("gold.fact_booking", "seats", "seats", "computed by the model's query"),
            tuple("gold.fact_booking", "fare_amount", "revenue", "computed by the model's query"));
    assertThat(graph.columnsOf("gold.daily_revenue_by_origin"))
        .as("COUNT(*) reads no column; a filter's column is no origin")
        .noneMatch(c -> c.toColumn().equals("bookings"))
        .noneMatch(c -> c.fromColumn().equals("status"));
  }

  @Test
  void aDerivedColumnComesFromTheColumnsItsExpressionNamesAndARolePlayedDimensionIsOneEdge() {
    LineageGraph rides =
        LineageGraph.of(PipelineSpecLoader.load(Path.of("../sample-data/rides/pipeline.yaml")));

    assertThat(rides.columnsOf("silver.trips"))
        .filteredOn(c -> c.toColumn().equals("fare_total"))
        .extracting(ColumnLineage::fromTable, ColumnLineage::fromColumn, ColumnLineage::how)
        .containsExactlyInAnyOrder(
            tuple("bronze.trips", "base_fare", "derived: base_fare + surge_fee"),
            tuple("bronze.trips", "surge_fee", "derived: base_fare + surge_fee"));
    assertThat(rides.columnsOf("silver.trips"))
        .contains(
            new ColumnLineage(
                "bronze.trips",
                "surge_fee",
                "silver.trips",
                "surge_fee",
                "cast to decimal(10,2), NULL becomes 0"));
    assertThat(rides.edges())
        .filteredOn(e -> e.from().equals("gold.dim_location"))
        .as("pickup and dropoff reference one dimension: one edge")
        .containsExactly(
            new LineageEdge("gold.dim_location", "gold.fact_trip", Relation.REFERENCES));
    assertThat(rides.columnsOf("gold.fact_trip"))
        .extracting(ColumnLineage::fromTable, ColumnLineage::toColumn)
        .contains(
            tuple("gold.dim_location", "pickup_sk"), tuple("gold.dim_location", "dropoff_sk"));
  }

  @Test
  void testResultsAreANodeFedByTheTestedTables() {
    LineageGraph tested =
        graph.withTestResults(
            TestResultsTable.TABLE, List.of("gold.fact_booking", "silver.bookings", "unknown.t"));
    assertThat(tested.node("lakehouse.test_results").orElseThrow().kind())
        .isEqualTo(Kind.TEST_RESULTS);
    assertThat(tested.edges())
        .contains(
            new LineageEdge("gold.fact_booking", "lakehouse.test_results", Relation.TESTS),
            new LineageEdge("silver.bookings", "lakehouse.test_results", Relation.TESTS))
        .hasSize(graph.edges().size() + 2);
    assertThat(graph.node("lakehouse.test_results")).isEmpty();
  }
}
