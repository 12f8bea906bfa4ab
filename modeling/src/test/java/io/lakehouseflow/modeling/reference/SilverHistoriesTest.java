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
  private static final TableIdentifier DIM_STORE = TableNames.dimension("store");
  private static final TableIdentifier FACT_SALE = TableNames.fact("sale");

  // Columns of gold.dim_account: account_sk, account_id, holder, tier, email, valid_from,
  // valid_to, is_current, is_deleted.
  private static final int VALID_FROM = 5;
  private static final int VALID_TO = 6;
  private static final int IS_CURRENT = 7;
  private static final int IS_DELETED = 8;

  // Columns of gold.dim_store: store_sk, region, store_no, manager, format, phone, valid_from,
  // valid_to, is_current, is_deleted.
  private static final int STORE_VALID_FROM = 6;
  private static final int STORE_IS_DELETED = 9;

  // Columns of gold.fact_sale: sale_no, line_no, store_sk, date_sk, sold_at, amount, version.
  private static final int SALE_STORE_SK = 2;
  private static final int SALE_DATE_SK = 3;

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
    Map<TableIdentifier, List<List<Object>>> gold = gold(history);
    // account: key column 1, tracked columns 2..3; store: key columns 1..2, tracked 3..4.
    assertVersionsFollowEachOther(gold.get(DIM_ACCOUNT), 1, 2, 4, VALID_FROM);
    assertVersionsFollowEachOther(gold.get(DIM_STORE), 1, 3, 5, STORE_VALID_FROM);
  }

  /**
   * Per key (columns {@code keyFrom..trackedFrom-1}), the versions sorted by {@code valid_from}
   * (column {@code validFrom}, then {@code valid_to}, {@code is_current}, {@code is_deleted}) are
   * contiguous unless a delete closed one, and neighbours differ in their tracked columns ({@code
   * trackedFrom..trackedTo-1}).
   */
  private static void assertVersionsFollowEachOther(
      List<List<Object>> dimension, int keyFrom, int trackedFrom, int trackedTo, int validFrom) {
    int validTo = validFrom + 1;
    int isCurrent = validFrom + 2;
    int isDeleted = validFrom + 3;
    Map<Object, List<List<Object>>> byKey =
        dimension.stream().collect(Collectors.groupingBy(r -> r.subList(keyFrom, trackedFrom)));
    for (List<List<Object>> versions : byKey.values()) {
      versions.sort(Comparator.comparing(r -> (LocalDateTime) r.get(validFrom)));
      for (int i = 0; i < versions.size(); i++) {
        List<Object> v = versions.get(i);
        boolean last = i == versions.size() - 1;
        assertThat(v.get(isCurrent)).as("is_current of %s", v).isEqualTo(v.get(validTo) == null);
        assertThat(v.get(validTo) == null)
            .as("only the last version is open: %s", v)
            .isEqualTo(last && v.get(validTo) == null);
        if (v.get(validTo) != null) {
          assertThat((LocalDateTime) v.get(validTo)).isAfter((LocalDateTime) v.get(validFrom));
        }
        if (!last) {
          List<Object> next = versions.get(i + 1);
          if ((Boolean) v.get(isDeleted)) {
            assertThat((LocalDateTime) next.get(validFrom))
                .as("a re-open after %s", v)
                .isAfter((LocalDateTime) v.get(validTo));
          } else {
            assertThat(next.get(validFrom)).as("the version after %s", v).isEqualTo(v.get(validTo));
            assertThat(next.subList(trackedFrom, trackedTo))
                .as("tracked values after %s", v)
                .isNotEqualTo(v.subList(trackedFrom, trackedTo));
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
    gold.get(FACT_SALE).forEach(r -> dates.add(r.get(SALE_DATE_SK)));
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
    boolean deletedStore =
        gold.get(DIM_STORE).stream().anyMatch(r -> (Boolean) r.get(STORE_IS_DELETED));
    boolean storeFound =
        gold.get(FACT_SALE).stream().anyMatch(r -> !r.get(SALE_STORE_SK).equals(-1L));
    boolean storeUnknown =
        gold.get(FACT_SALE).stream().anyMatch(r -> r.get(SALE_STORE_SK).equals(-1L));
    boolean saleVersionCopies = sameGrainAndVersionTwice(rows(history).get("sales"));

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
    Statistics.label("a deleted store version").collect(deletedStore);
    Statistics.label("a sale finding its store version").collect(storeFound);
    Statistics.label("a sale with an unknown store").collect(storeUnknown);
    Statistics.label("a sale line's version in two rows").collect(saleVersionCopies);
    Statistics.label("a deleted payment").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("an unknown payer").coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("a deleted store version")
        .coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("a sale finding its store version")
        .coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("a sale with an unknown store")
        .coverage(c -> c.check(true).percentage(p -> p > 50));
    Statistics.label("a sale line's version in two rows")
        .coverage(c -> c.check(true).percentage(p -> p > 50));
  }

  /**
   * Whether two silver sales rows share a grain {@code (sale_no, line_no)} and a non-NULL version,
   * so that only landing order tells which one wins.
   */
  private static boolean sameGrainAndVersionTwice(List<SilverRow> sales) {
    Set<List<Object>> seen = new HashSet<>();
    for (SilverRow row : sales == null ? List.<SilverRow>of() : sales) {
      List<Object> v = row.values();
      List<Object> grainAndVersion = java.util.Arrays.asList(v.get(0), v.get(1), v.get(6));
      if (!grainAndVersion.contains(null) && !seen.add(grainAndVersion)) {
        return true;
      }
    }
    return false;
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
