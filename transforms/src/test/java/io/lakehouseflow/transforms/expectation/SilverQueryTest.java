package io.lakehouseflow.transforms.expectation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import org.junit.jupiter.api.Test;

class SilverQueryTest {
  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: silver-query-test
          sources:
            bookings:
              columns: {booking_id: bigint, fare: string, seats: string}
            flights:
              columns: {flight_id: bigint}
          silver:
            bookings:
              source: bookings
              renames: {fare: fare_amount}
              casts:
                seats: int
                fare_amount: decimal(10,2)
              expectations:
                - {name: positive_fare, expr: "fare_amount > 0", action: quarantine}
                - {name: few_seats, expr: "seats < 10", action: warn}
          """,
          "silver-query-test.yaml");

  private static final SourceSpec BOOKINGS = SPEC.source("bookings");
  private static final SilverTableSpec SILVER = SPEC.silverTable("bookings");

  private final SilverQuery query = SilverQuery.of(SILVER, BOOKINGS);

  @Test
  void rulesAreCastsInColumnOrderThenExpectationsInSpecOrder() {
    assertThat(query.rules())
        .containsExactly(
            new Rule(
                "cast_fare_amount",
                "TRY_CAST(fare_amount AS DECIMAL(10, 2))",
                ExpectationAction.QUARANTINE,
                "silver.bookings.casts.fare_amount"),
            new Rule(
                "cast_seats",
                "TRY_CAST(seats AS INT)",
                ExpectationAction.QUARANTINE,
                "silver.bookings.casts.seats"),
            new Rule(
                "positive_fare",
                "fare_amount > 0",
                ExpectationAction.QUARANTINE,
                "silver.bookings.expectations[0]"),
            new Rule(
                "few_seats",
                "seats < 10",
                ExpectationAction.WARN,
                "silver.bookings.expectations[1]"));
    assertThat(query.rules()).extracting(Rule::isCast).containsExactly(true, true, false, false);
    assertThat(query.dataColumnCount()).isEqualTo(3);
  }

  @Test
  void typedSqlRenamesCastsAndFlagsCastsThatLoseAValue() {
    assertThat(query.typedSql("`bronze`.`bookings`"))
        .isEqualTo(
            "SELECT `booking_id` AS `booking_id`,"
                + " TRY_CAST(`fare` AS DECIMAL(10, 2)) AS `fare_amount`,"
                + " TRY_CAST(`seats` AS INT) AS `seats`,"
                + " `_corrupt_record`, `_parse_error`, `_source_file`, `_record_number`,"
                + " `_ingested_at`,"
                + " (`_corrupt_record` IS NULL AND `fare` IS NOT NULL"
                + " AND TRY_CAST(`fare` AS DECIMAL(10, 2)) IS NULL) AS `__failed_0`,"
                + " (`_corrupt_record` IS NULL AND `seats` IS NOT NULL"
                + " AND TRY_CAST(`seats` AS INT) IS NULL) AS `__failed_1`"
                + " FROM `bronze`.`bookings`");
  }

  @Test
  void sqlFlagsExpectationsThatAreNotTrueOnParsedRowsOnly() {
    String sql = query.sql("`bronze`.`bookings`");
    assertThat(sql)
        .startsWith(
            "SELECT `booking_id`, `fare_amount`, `seats`, `_corrupt_record`, `_parse_error`,"
                + " `_source_file`, `_record_number`, `_ingested_at`, `__failed_0`, `__failed_1`,"
                + " (`_corrupt_record` IS NULL AND (fare_amount > 0) IS NOT TRUE) AS `__failed_2`,"
                + " (`_corrupt_record` IS NULL AND (seats < 10) IS NOT TRUE) AS `__failed_3`"
                + " FROM (SELECT ")
        .endsWith(" FROM `bronze`.`bookings`) AS typed");
  }

  @Test
  void expressionSqlSelectsTheExpressionOverTypedRows() {
    assertThat(query.expressionSql("b", SILVER.expectations().get(1)))
        .startsWith(
            "SELECT (seats < 10) AS `expectation` FROM (SELECT `booking_id` AS `booking_id`,")
        .endsWith(" FROM b) AS t");
  }

  @Test
  void quoteEscapesBackticks() {
    assertThat(SilverQuery.quote("odd`name")).isEqualTo("`odd``name`");
  }

  @Test
  void rejectsASourceThatDoesNotFeedTheTable() {
    SourceSpec other = SPEC.source("flights");
    assertThatThrownBy(() -> SilverQuery.of(SILVER, other))
        .hasMessageContaining("Invalid source for silver.bookings: expected 'bookings'");
  }
}
