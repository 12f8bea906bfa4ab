package io.lakehouseflow.modeling.reference;

import io.lakehouseflow.core.spec.DeletePolicy;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random silver inputs of a small payments lakehouse, for property tests of the gold job against
 * {@link GoldReference}. Key and value domains are tiny so that collisions are the rule: late and
 * out-of-order changes, one sequence value in several files and lines, exact re-sends, deletes (of
 * unknown and of deleted keys too), re-opens with equal tracked values, untracked-only changes,
 * unknown keys, NULL references, NULL event times and corrections of facts.
 *
 * <p>The spec: {@code account}, an SCD2 dimension with an operation column, tracked {@code holder,
 * tier} and untracked {@code email}; {@code merchant}, an SCD1 dimension with its own operation
 * values ({@code c/u/d}, and {@code r} for snapshot reads) and either {@code on_delete}; {@code
 * payment}, a fact with {@code sequence_by: revision} and a renamed operation column, referencing
 * {@code account} as payer (an INT column, the key is BIGINT) and as payee, and {@code merchant};
 * {@code refund}, a fact with a DATE event time and neither sequence nor operation column; {@code
 * store}, an SCD2 dimension with a composite key {@code [region, store_no]} (STRING, INT) sequenced
 * by a DATE ({@code valid_on}), with an operation column; {@code sale}, a fact with a composite
 * grain {@code [sale_no, line_no]} sequenced by a DECIMAL ({@code version}), referencing {@code
 * store} through two columns, the second a BIGINT against the INT key part.
 */
public final class SilverHistories {

  static final String SPEC =
      """
      name: payments
      sources:
        accounts:
          operation: {column: op}
          columns:
            account_id: bigint
            holder: string
            tier: string
            email: string
            changed_at: timestamp
            op: string
        merchants:
          operation: {column: op, insert: c, update: u, delete: d}
          columns:
            merchant_id: int
            name: string
            category: string
            fee: decimal(5,2)
            version: bigint
            op: string
        payments:
          operation: {column: op}
          columns:
            payment_id: bigint
            payer_id: int
            payee_id: bigint
            merchant_id: int
            paid_at: timestamp
            amount: decimal(10,2)
            revision: int
            channel: string
            op: string
        refunds:
          columns:
            refund_id: bigint
            account_id: bigint
            refunded_on: date
            amount: decimal(10,2)
        stores:
          operation: {column: op}
          columns:
            region: string
            store_no: int
            manager: string
            format: string
            phone: string
            valid_on: date
            op: string
        sales:
          operation: {column: op}
          columns:
            sale_no: bigint
            line_no: int
            region: string
            store_no: bigint
            sold_at: timestamp
            amount: decimal(8,2)
            version: decimal(6,1)
            op: string
      silver:
        accounts: {source: accounts}
        merchants: {source: merchants}
        payments:
          source: payments
          renames: {op: payment_op}
        refunds: {source: refunds}
        stores: {source: stores}
        sales: {source: sales}
      dimensions:
        account:
          source: accounts
          key: [account_id]
          scd: 2
          attributes: [holder, tier, email]
          track: [holder, tier]
          sequence_by: changed_at
        merchant:
          source: merchants
          key: [merchant_id]
          scd: 1
          attributes: [name, category, fee]
          sequence_by: version
          on_delete: %s
        store:
          source: stores
          key: [region, store_no]
          scd: 2
          attributes: [manager, format, phone]
          track: [manager, format]
          sequence_by: valid_on
      facts:
        payment:
          source: payments
          grain: [payment_id]
          event_time: paid_at
          measures: [amount]
          attributes: [channel, revision]
          sequence_by: revision
          dimensions:
            - {dimension: account, columns: [payer_id], role: payer}
            - {dimension: account, columns: [payee_id], role: payee}
            - {dimension: merchant, columns: [merchant_id]}
        refund:
          source: refunds
          grain: [refund_id]
          event_time: refunded_on
          measures: [amount]
          dimensions:
            - {dimension: account, columns: [account_id]}
        sale:
          source: sales
          grain: [sale_no, line_no]
          event_time: sold_at
          measures: [amount]
          attributes: [version]
          sequence_by: version
          dimensions:
            - {dimension: store, columns: [region, store_no]}
      """;

  /** The silver tables, in the order the generator fills them. */
  public static final List<String> TABLES =
      List.of("accounts", "merchants", "payments", "refunds", "stores", "sales");

  /** Landing file numbers; as names, {@code -10} lands between {@code -1} and {@code -2}. */
  private static final List<Integer> FILE_NUMBERS = List.of(1, 2, 3, 10);

  /**
   * Landing file numbers of the store and sale tables: one fewer, since every file is a silver
   * commit the gold job reads, and three files still put copies of a change in several files.
   */
  private static final List<Integer> FEWER_FILE_NUMBERS = List.of(1, 2, 10);

  /** Sequence values of account changes: six midnights. */
  private static final List<LocalDateTime> CHANGE_TIMES =
      IntStream.rangeClosed(1, 6).mapToObj(d -> LocalDateTime.of(2024, 3, d, 0, 0)).toList();

  /**
   * Payment times: before any change, on each change instant (a version's first instant) and
   * between them; the 2nd and 3rd of March are a weekend.
   */
  private static final List<LocalDateTime> PAYMENT_TIMES = paymentTimes();

  /** Refund dates, whose midnights are change instants too. */
  private static final List<LocalDate> REFUND_DATES =
      IntStream.rangeClosed(0, 7).mapToObj(d -> LocalDate.of(2024, 2, 29).plusDays(d)).toList();

  /** Sequence values of store changes: five days, each version starting at a midnight. */
  private static final List<LocalDate> STORE_DATES =
      IntStream.rangeClosed(1, 5).mapToObj(d -> LocalDate.of(2024, 3, d)).toList();

  /**
   * Sale versions, at the column's scale (silver holds {@code decimal(6,1)}, and the reference
   * reads the generated values, so both must be the same values); as text {@code 10.0} would sort
   * first, by value it is the greatest.
   */
  private static final List<BigDecimal> SALE_VERSIONS =
      List.of(new BigDecimal("1.5"), new BigDecimal("2.0"), new BigDecimal("10.0"));

  private SilverHistories() {}

  /** The spec with {@code on_delete} of {@code merchant} set to {@code merchantDeletes}. */
  public static PipelineSpec spec(DeletePolicy merchantDeletes) {
    return PipelineSpecLoader.parse(
        SPEC.formatted(merchantDeletes.name().toLowerCase(Locale.ROOT)), "payments.yaml");
  }

  /**
   * Inputs of a few dozen rows per table, in landing files arriving in a random order, cut into
   * {@code minBatches..maxBatches} batches.
   */
  public static Arbitrary<SilverHistory> histories(int minBatches, int maxBatches) {
    return Combinators.combine(
            Arbitraries.of(DeletePolicy.class),
            table("accounts", accountRow(), 40, FILE_NUMBERS),
            table("merchants", merchantRow(), 20, FILE_NUMBERS),
            table("payments", paymentRow(), 60, FILE_NUMBERS),
            table("refunds", refundRow(), 15, FILE_NUMBERS),
            // Combined first: jqwik combines at most eight arbitraries.
            Combinators.combine(
                    table("stores", storeRow(), 30, FEWER_FILE_NUMBERS),
                    table("sales", saleRow(), 40, FEWER_FILE_NUMBERS))
                .as(SilverHistories::concat),
            Arbitraries.longs(),
            Arbitraries.integers().between(minBatches, maxBatches))
        .as(
            (policy,
                accounts,
                merchants,
                payments,
                refunds,
                storesAndSales,
                arrivalSeed,
                batches) -> {
              List<LandingFile> files = new ArrayList<>();
              files.addAll(accounts);
              files.addAll(merchants);
              files.addAll(payments);
              files.addAll(refunds);
              files.addAll(storesAndSales);
              return new SilverHistory(policy, arrive(files, arrivalSeed, batches));
            });
  }

  private static List<LandingFile> concat(List<LandingFile> a, List<LandingFile> b) {
    List<LandingFile> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The files in an order drawn from {@code seed}, cut into {@code batches} nearly equal runs. */
  private static List<List<LandingFile>> arrive(List<LandingFile> files, long seed, int batches) {
    List<LandingFile> order = new ArrayList<>(files);
    Collections.shuffle(order, new Random(seed));
    List<List<LandingFile>> out = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      out.add(order.subList(i * order.size() / batches, (i + 1) * order.size() / batches));
    }
    return out;
  }

  // ---- rows: values in silver column order ----

  private static Arbitrary<List<Object>> accountRow() {
    return row(
        Arbitraries.longs().between(1, 3).injectNull(0.03),
        Arbitraries.of("Ann", "Bea"),
        Arbitraries.of("BASIC", "PLUS").injectNull(0.15),
        Arbitraries.of("a@pay.io", "b@pay.io").injectNull(0.15),
        Arbitraries.of(CHANGE_TIMES).injectNull(0.03),
        Arbitraries.frequency(
                Tuple.of(6, "I"), Tuple.of(6, "U"), Tuple.of(4, "D"), Tuple.of(1, "X"))
            .injectNull(0.05));
  }

  private static Arbitrary<List<Object>> merchantRow() {
    return row(
        Arbitraries.integers().between(1, 3).injectNull(0.03),
        Arbitraries.of("Corner Cafe", "Shoe Box"),
        Arbitraries.of("food", "retail").injectNull(0.1),
        Arbitraries.of(new BigDecimal("0.50"), new BigDecimal("1.25")),
        Arbitraries.longs().between(1, 4).injectNull(0.03),
        Arbitraries.frequency(
                Tuple.of(5, "c"), Tuple.of(5, "u"), Tuple.of(3, "d"), Tuple.of(1, "r"))
            .injectNull(0.05));
  }

  private static Arbitrary<List<Object>> paymentRow() {
    return row(
        Arbitraries.longs().between(1, 6).injectNull(0.03),
        Arbitraries.integers().between(1, 4).injectNull(0.1),
        Arbitraries.longs().between(1, 4).injectNull(0.1),
        Arbitraries.integers().between(1, 4).injectNull(0.1),
        Arbitraries.of(PAYMENT_TIMES).injectNull(0.08),
        Arbitraries.of(new BigDecimal("10.00"), new BigDecimal("25.50")).injectNull(0.1),
        Arbitraries.integers().between(1, 3).injectNull(0.15),
        Arbitraries.of("web", "pos"),
        Arbitraries.frequency(Tuple.of(6, "I"), Tuple.of(4, "U"), Tuple.of(3, "D"))
            .injectNull(0.05));
  }

  private static Arbitrary<List<Object>> refundRow() {
    return row(
        Arbitraries.longs().between(1, 3).injectNull(0.05),
        Arbitraries.longs().between(1, 4).injectNull(0.1),
        Arbitraries.of(REFUND_DATES).injectNull(0.1),
        Arbitraries.of(new BigDecimal("5.00"), new BigDecimal("7.50")));
  }

  /**
   * Four stores (two regions of two numbers each), a NULL in either key column now and then, so
   * that a key with one NULL part is left out while the same other part is a key of its own.
   */
  private static Arbitrary<List<Object>> storeRow() {
    return row(
        Arbitraries.of("north", "south").injectNull(0.04),
        Arbitraries.integers().between(1, 2).injectNull(0.04),
        Arbitraries.of("Ann", "Bea"),
        Arbitraries.of("mall", "street").injectNull(0.15),
        Arbitraries.of("555-0100", "555-0199").injectNull(0.15),
        Arbitraries.of(STORE_DATES).injectNull(0.03),
        Arbitraries.frequency(
                Tuple.of(6, "I"), Tuple.of(6, "U"), Tuple.of(4, "D"), Tuple.of(1, "X"))
            .injectNull(0.05));
  }

  /**
   * Eight sale lines; the store reference is a BIGINT number against the INT key, in a region or
   * number no store has now and then ({@code east}, {@code 3}), either part NULL now and then.
   */
  private static Arbitrary<List<Object>> saleRow() {
    return row(
        Arbitraries.longs().between(1, 4).injectNull(0.03),
        Arbitraries.integers().between(1, 2).injectNull(0.03),
        Arbitraries.frequency(Tuple.of(5, "north"), Tuple.of(5, "south"), Tuple.of(1, "east"))
            .injectNull(0.08),
        Arbitraries.longs().between(1, 3).injectNull(0.08),
        Arbitraries.of(PAYMENT_TIMES).injectNull(0.08),
        Arbitraries.of(new BigDecimal("3.00"), new BigDecimal("4.50")).injectNull(0.1),
        Arbitraries.of(SALE_VERSIONS).injectNull(0.15),
        Arbitraries.frequency(Tuple.of(6, "I"), Tuple.of(4, "U"), Tuple.of(3, "D"))
            .injectNull(0.05));
  }

  /** A row of one value of each column's arbitrary, NULLs kept. */
  private static Arbitrary<List<Object>> row(Arbitrary<?>... columns) {
    List<Arbitrary<Object>> generic = new ArrayList<>();
    for (Arbitrary<?> column : columns) {
      generic.add(column.asGeneric());
    }
    return Combinators.combine(generic).as(values -> new ArrayList<>(values));
  }

  // ---- files ----

  /** A row and the number of the landing file it lands in. */
  private record Placed(List<Object> row, int file) {}

  /** An exact copy of the {@code index}-th placed row (modulo their number), sent again. */
  private record Resend(int index, int file) {}

  /**
   * Up to {@code maxRows} rows of {@code table} spread over its landing files ({@code
   * fileNumbers}), plus up to a sixth as many exact re-sends of them, each in a file of its own
   * choice (the same or another).
   */
  private static Arbitrary<List<LandingFile>> table(
      String table, Arbitrary<List<Object>> row, int maxRows, List<Integer> fileNumbers) {
    Arbitrary<Integer> file = Arbitraries.of(fileNumbers);
    Arbitrary<Placed> placed = Combinators.combine(row, file).as(Placed::new);
    Arbitrary<Resend> resend =
        Combinators.combine(Arbitraries.integers().between(0, maxRows), file).as(Resend::new);
    return Combinators.combine(
            // Uniform sizes: jqwik's default favours small lists, which rarely collide.
            placed.list().ofMaxSize(maxRows).withSizeDistribution(RandomDistribution.uniform()),
            resend.list().ofMaxSize(maxRows / 6))
        .as((rows, resends) -> files(table, rows, resends));
  }

  private static List<LandingFile> files(String table, List<Placed> rows, List<Resend> resends) {
    List<Placed> all = new ArrayList<>(rows);
    if (!rows.isEmpty()) {
      for (Resend resend : resends) {
        all.add(new Placed(rows.get(resend.index() % rows.size()).row(), resend.file()));
      }
    }
    Map<Integer, List<List<Object>>> byFile = new TreeMap<>();
    for (Placed p : all) {
      byFile.computeIfAbsent(p.file(), f -> new ArrayList<>()).add(p.row());
    }
    List<LandingFile> files = new ArrayList<>();
    byFile.forEach(
        (n, fileRows) -> files.add(new LandingFile(table, fileName(table, n), fileRows)));
    return files;
  }

  private static String fileName(String table, int number) {
    return table + "-" + number + ".csv";
  }

  private static List<LocalDateTime> paymentTimes() {
    List<LocalDateTime> times = new ArrayList<>();
    times.add(LocalDateTime.of(2024, 2, 29, 12, 0));
    for (int day = 1; day <= 7; day++) {
      times.add(LocalDateTime.of(2024, 3, day, 0, 0));
      times.add(LocalDateTime.of(2024, 3, day, 12, 0));
    }
    return List.copyOf(times);
  }
}
