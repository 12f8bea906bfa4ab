package io.lakehouseflow.modeling.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.TableNames;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Fast properties, without Flink, of {@link GoldReference} on {@link SilverHistories}: invariants
 * the gold layer must have whatever the input, checked independently of how the reference computes
 * them, and coverage of the collisions the generator is meant to produce.
 */
class SilverHistoriesTest {
  private static final TableIdentifier DIM_ACCOUNT = TableNames.dimension("account");
  private static final TableIdentifier DIM_MERCHANT = TableNames.dimension("merchant");
  private static final TableIdentifier FACT_PAYMENT = TableNames.fact("payment");
  private static final TableIdentifier FACT_REFUND = TableNames.fact("refund");

  // Columns of gold.dim_account: account_sk, account_id, holder, tier, email, valid_from,
  // valid_to, is_current, is_deleted.
  private static final int VALID_FROM = 5;
  private static final int VALID_TO = 6;
  private static final int IS_CURRENT = 7;
  private static final int IS_DELETED = 8;

  @Provide
  Arbitrary<SilverHistory> histories() {
    return SilverHistories.histories(1, 3);
  }

  private static Map<TableIdentifier, List<List<Object>>> gold(SilverHistory history) {
    return GoldReference.expectedGold(history.spec(), rows(history));
  }

  private static Map<String, List<SilverRow>> rows(SilverHistory history) {
    return history.silverRows(history.batches().size(), (t, f) -> "landing/" + t + "/" + f);
  }

  @Property(tries = 100)
  void scd2VersionsOfAKeyFollowEachOther(@ForAll("histories") SilverHistory history) {
    Map<Object, List<List<Object>>> byKey =
        gold(history).get(DIM_ACCOUNT).stream().collect(Collectors.groupingBy(r -> r.get(1)));
    for (List<List<Object>> versions : byKey.values()) {
      versions.sort(Comparator.comparing(r -> (LocalDateTime) r.get(VALID_FROM)));
      for (int i = 0; i < versions.size(); i++) {
        List<Object> v = versions.get(i);
        boolean last = i == versions.size() - 1;
        assertThat(v.get(IS_CURRENT)).as("is_current of %s", v).isEqualTo(v.get(VALID_TO) == null);
        assertThat(v.get(VALID_TO) == null)
            .as("only the last version is open: %s", v)
            .isEqualTo(last && v.get(VALID_TO) == null);
        if (v.get(VALID_TO) != null) {
          assertThat((LocalDateTime) v.get(VALID_TO)).isAfter((LocalDateTime) v.get(VALID_FROM));
        }
        if (!last) {
          List<Object> next = versions.get(i + 1);
          if ((Boolean) v.get(IS_DELETED)) {
            assertThat((LocalDateTime) next.get(VALID_FROM))
                .as("a re-open after %s", v)
                .isAfter((LocalDateTime) v.get(VALID_TO));
          } else {
            assertThat(next.get(VALID_FROM))
                .as("the version after %s", v)
                .isEqualTo(v.get(VALID_TO));
            assertThat(next.subList(2, 4))
                .as("tracked values after %s", v)
                .isNotEqualTo(v.subList(2, 4));
          }
        }
      }
    }
  }

  @Property(tries = 100)
  void factsPointAtTheRowCoveringTheirEvent(@ForAll("histories") SilverHistory history) {
    Map<TableIdentifier, List<List<Object>>> gold = gold(history);
    List<List<Object>> accounts = gold.get(DIM_ACCOUNT);
    Set<Object> merchantSks =
        gold.get(DIM_MERCHANT).stream().map(r -> r.get(0)).collect(Collectors.toSet());
    List<SilverRow> payments = rows(history).getOrDefault("payments", List.of());
    for (List<Object> payment : gold.get(FACT_PAYMENT)) {
      LocalDateTime paidAt = (LocalDateTime) payment.get(5);
      assertThat(payment.get(1))
          .as("payer_sk of %s", payment)
          .isEqualTo(coveringVersion(accounts, reference(payments, payment.get(0), 1), paidAt));
      assertThat(payment.get(2))
          .as("payee_sk of %s", payment)
          .isEqualTo(coveringVersion(accounts, reference(payments, payment.get(0), 2), paidAt));
      Object merchantSk = payment.get(3);
      assertThat(merchantSk.equals(-1L) || merchantSks.contains(merchantSk))
          .as("merchant_sk of %s", payment)
          .isTrue();
      assertThat(payment.get(4))
          .as("date_sk of %s", payment)
          .isEqualTo(paidAt == null ? -1 : dateKey(paidAt.toLocalDate()));
    }
    for (List<Object> refund : gold.get(FACT_REFUND)) {
      LocalDate refundedOn = (LocalDate) refund.get(3);
      assertThat(refund.get(1) instanceof Long sk && (sk == -1L || refundedOn != null))
          .as("account_sk of %s", refund)
          .isTrue();
    }
  }

  @Property(tries = 100)
  void dimDateHoldsTheDatesOfTheFactRows(@ForAll("histories") SilverHistory history) {
    Map<TableIdentifier, List<List<Object>>> gold = gold(history);
    Set<Object> dates = new HashSet<>();
    gold.get(FACT_PAYMENT).forEach(r -> dates.add(r.get(4)));
    gold.get(FACT_REFUND).forEach(r -> dates.add(r.get(2)));
    dates.remove(-1);

    assertThat(gold.get(TableNames.dimension("date")).stream().map(r -> r.get(0)))
        .containsExactlyInAnyOrderElementsOf(dates);
  }

  @Property(tries = 100)
  void theReferenceIgnoresTheOrderOfItsInput(@ForAll("histories") SilverHistory history) {
    Map<String, List<SilverRow>> reversed = new java.util.HashMap<>();
    rows(history)
        .forEach(
            (table, rows) -> {
              List<SilverRow> copy = new ArrayList<>(rows);
              Collections.reverse(copy);
              reversed.put(table, copy);
            });
    Map<TableIdentifier, List<List<Object>>> gold = gold(history);
    Map<TableIdentifier, List<List<Object>>> fromReversed =
        GoldReference.expectedGold(history.spec(), reversed);

    gold.forEach(
        (table, rows) ->
            assertThat(fromReversed.get(table))
                .as("%s", table)
                .containsExactlyInAnyOrderElementsOf(rows));
  }

  /**
   * How often the collisions the ITCases rely on occur; fails when the generator stops making them.
   */
  @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
  void generatesTheCollisionsOfInterest(@ForAll("histories") SilverHistory history) {
    Map<TableIdentifier, List<List<Object>>> gold = gold(history);
    List<List<Object>> accounts = gold.get(DIM_ACCOUNT);
    boolean deleted = accounts.stream().anyMatch(r -> (Boolean) r.get(IS_DELETED));
    boolean reopenedEqual = false;
    for (List<Object> a : accounts) {
      for (List<Object> b : accounts) {
        reopenedEqual |=
            (Boolean) a.get(IS_DELETED)
                && Objects.equals(a.get(1), b.get(1))
                && ((LocalDateTime) b.get(VALID_FROM)).isAfter((LocalDateTime) a.get(VALID_TO))
                && a.subList(2, 4).equals(b.subList(2, 4));
      }
    }
    boolean marked = gold.get(DIM_MERCHANT).stream().anyMatch(r -> (Boolean) r.get(6));
    Set<Object> paymentKeys = new HashSet<>();
    rows(history)
        .getOrDefault("payments", List.of())
        .forEach(r -> paymentKeys.add(r.values().get(0)));
    paymentKeys.remove(null);
    boolean paymentDeleted = gold.get(FACT_PAYMENT).size() < paymentKeys.size();
    boolean unknownPayer = gold.get(FACT_PAYMENT).stream().anyMatch(r -> r.get(1).equals(-1L));

    Statistics.label("a deleted account version").collect(deleted);
    Statistics.label("a re-open with equal tracked values").collect(reopenedEqual);
    Statistics.label("a marked-deleted merchant").collect(marked);
    Statistics.label("a deleted payment").collect(paymentDeleted);
    Statistics.label("an unknown payer").collect(unknownPayer);
    Statistics.label("rows").collect(history.rowCount() / 25 * 25);
    Statistics.label("account rows")
        .collect(rows(history).getOrDefault("accounts", List.of()).size() / 5 * 5);

    Statistics.label("a deleted account version")
        .coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("a re-open with equal tracked values")
        .coverage(c -> c.check(true).percentage(p -> p > 5));
    Statistics.label("a marked-deleted merchant")
        .coverage(c -> c.check(true).percentage(p -> p > 5));
    Statistics.label("a deleted payment").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("an unknown payer").coverage(c -> c.check(true).percentage(p -> p > 50));
  }

  /** The raw reference values of column {@code column} of the winning silver row of a payment. */
  private static Object reference(List<SilverRow> payments, Object paymentId, int column) {
    // The fact keeps the winner's values; its event time and measures show which row won, but the
    // reference columns are not in gold, so look the winner up the way the semantics define it.
    List<SilverRow> copies =
        payments.stream().filter(r -> paymentId.equals(r.values().get(0))).toList();
    SilverRow winner =
        Collections.max(
            copies,
            Comparator.<SilverRow, Integer>comparing(
                    r -> (Integer) r.values().get(6),
                    Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(GoldReference.LANDING_ORDER));
    Object value = winner.values().get(column);
    return value instanceof Integer i ? Long.valueOf(i) : value;
  }

  /** The sk of the account version of {@code key} valid at {@code time}, or -1. */
  private static long coveringVersion(List<List<Object>> accounts, Object key, LocalDateTime time) {
    if (key == null || time == null) {
      return -1L;
    }
    for (List<Object> version : accounts) {
      LocalDateTime from = (LocalDateTime) version.get(VALID_FROM);
      LocalDateTime to = (LocalDateTime) version.get(VALID_TO);
      if (key.equals(version.get(1)) && !time.isBefore(from) && (to == null || time.isBefore(to))) {
        return (Long) version.get(0);
      }
    }
    return -1L;
  }

  private static int dateKey(LocalDate date) {
    return date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth();
  }
}
