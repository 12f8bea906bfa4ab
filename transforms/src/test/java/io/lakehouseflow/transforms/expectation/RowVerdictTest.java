package io.lakehouseflow.transforms.expectation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.transforms.expectation.RowVerdict.Destination;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowVerdictTest {
  private static final List<Rule> RULES =
      List.of(
          Rule.cast("bookings", "fare_amount", "DECIMAL(10, 2)", ExpectationAction.QUARANTINE),
          rule("positive_fare", ExpectationAction.QUARANTINE, 0),
          rule("seats_in_range", ExpectationAction.DROP, 1),
          rule("known_status", ExpectationAction.WARN, 2),
          rule("has_id", ExpectationAction.FAIL, 3));

  private static Rule rule(String name, ExpectationAction action, int index) {
    return new Rule(name, name + " expr", action, "silver.bookings.expectations[" + index + "]");
  }

  private static RowVerdict verdict(boolean... failed) {
    return RowVerdict.of(RULES, failed);
  }

  @Test
  void passingRowGoesToSilver() {
    RowVerdict v = verdict(false, false, false, false, false);
    assertThat(v.destination()).isEqualTo(Destination.SILVER);
    assertThat(v.failedExpectations()).isEmpty();
    assertThat(v.fatalRule()).isEmpty();
  }

  @Test
  void warnFailureStaysInSilverWithTheFailureRecorded() {
    RowVerdict v = verdict(false, false, false, true, false);
    assertThat(v.destination()).isEqualTo(Destination.SILVER);
    assertThat(v.failedRules()).containsExactly("known_status");
  }

  @Test
  void dropFailureIsDropped() {
    assertThat(verdict(false, false, true, true, false).destination())
        .isEqualTo(Destination.DROPPED);
  }

  @Test
  void quarantineWinsOverDropAndListsEveryFailureInRuleOrder() {
    RowVerdict v = verdict(false, true, true, true, false);
    assertThat(v.destination()).isEqualTo(Destination.QUARANTINE);
    assertThat(v.failedExpectations()).isEqualTo("positive_fare,seats_in_range,known_status");
  }

  @Test
  void castFailureQuarantines() {
    RowVerdict v = verdict(true, true, false, false, false);
    assertThat(v.destination()).isEqualTo(Destination.QUARANTINE);
    assertThat(v.failedExpectations()).isEqualTo("cast_fare_amount,positive_fare");
  }

  @Test
  void failRuleIsFatalOnACleanlyCastRow() {
    RowVerdict v = verdict(false, true, false, false, true);
    assertThat(v.fatalRule()).contains(RULES.get(4));
  }

  @Test
  void failRuleIsNotFatalWhenACastFailedBecauseItsNullIsAnArtifact() {
    RowVerdict v = verdict(true, false, false, false, true);
    assertThat(v.fatalRule()).isEmpty();
    assertThat(v.destination()).isEqualTo(Destination.QUARANTINE);
    assertThat(v.failedExpectations()).isEqualTo("cast_fare_amount,has_id");
  }

  @Test
  void aCastRuleTakesItsOnErrorAction() {
    Rule seats = Rule.cast("bookings", "seats", "INT", ExpectationAction.WARN);
    Rule fare = Rule.cast("bookings", "fare_amount", "DECIMAL(10, 2)", ExpectationAction.DROP);
    Rule date = Rule.cast("bookings", "booked_on", "DATE", ExpectationAction.FAIL);
    Rule hasId = rule("has_id", ExpectationAction.FAIL, 0);
    List<Rule> rules = List.of(seats, fare, date, hasId);

    RowVerdict warned = RowVerdict.of(rules, new boolean[] {true, false, false, false});
    assertThat(warned.destination()).isEqualTo(Destination.SILVER);
    assertThat(warned.failedRules()).containsExactly("cast_seats");
    assertThat(RowVerdict.of(rules, new boolean[] {true, true, false, false}).destination())
        .isEqualTo(Destination.DROPPED);
    assertThat(RowVerdict.of(rules, new boolean[] {false, false, true, false}).fatalRule())
        .contains(date);
    assertThat(RowVerdict.of(rules, new boolean[] {true, false, false, true}).fatalRule())
        .as("a fail expectation after a failed cast sees the cast's NULL, not the data")
        .isEmpty();
  }

  @Test
  void corruptRowIsQuarantinedUnderTheCorruptRecordRule() {
    RowVerdict v = RowVerdict.corrupt();
    assertThat(v.destination()).isEqualTo(Destination.QUARANTINE);
    assertThat(v.failedExpectations()).isEqualTo("corrupt_record");
  }

  @Test
  void rejectsOutcomesThatDoNotMatchTheRules() {
    assertThatThrownBy(() -> verdict(true))
        .hasMessageContaining("Invalid rule outcomes: 1 outcomes for 5 rules");
  }

  @Test
  void failureMessageNamesRuleTableFileAndLine() {
    assertThat(
            ExpectationFailedException.of(
                    RULES.get(4), "bookings", "landing/bookings/b.csv", 7L, "pipeline.yaml")
                .getMessage())
        .isEqualTo(
            "Failed expectation 'has_id' of silver.bookings: the row at landing/bookings/b.csv"
                + " line 7 does not satisfy has_id expr (action fail). The row is in bronze"
                + " already, so every run stops here until the rule changes: change the action of"
                + " silver.bookings.expectations[3] in pipeline.yaml to quarantine (keeps the row"
                + " for inspection), drop or warn, and run again.");
  }
}
