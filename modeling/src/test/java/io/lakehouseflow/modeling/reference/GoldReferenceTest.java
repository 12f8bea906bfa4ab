package io.lakehouseflow.modeling.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.modeling.key.SurrogateKey;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The reference on a hand-worked example: every expected value below was derived by hand from the
 * gold semantics, not by running the reference.
 */
class GoldReferenceTest {
  private static final String YAML =
      """
      name: reference-test
      sources:
        customers:
          operation: {column: op}
          columns:
            customer_id: bigint
            name: string
            tier: string
            email: string
            changed_at: timestamp
            op: string
        products:
          operation: {column: op}
          columns: {product_id: int, title: string, price: "decimal(6,2)", version: bigint, op: string}
        orders:
          operation: {column: op}
          columns:
            order_id: bigint
            buyer_id: int
            payer_id: bigint
            product_id: int
            ordered_at: timestamp
            amount: decimal(8,2)
            revision: int
            op: string
        visits:
          columns: {visit_id: bigint, customer_id: bigint, visited_on: date, minutes: int}
        shops:
          operation: {column: op}
          columns: {region: string, shop_no: int, manager: string, phone: string, opened_on: date, op: string}
        tickets:
          operation: {column: op}
          columns:
            ticket_no: bigint
            line_no: int
            region: string
            shop_no: bigint
            sold_at: timestamp
            price: decimal(6,2)
            version: decimal(6,1)
            op: string
      silver:
        customers: {source: customers}
        products: {source: products}
        orders: {source: orders}
        visits: {source: visits}
        shops: {source: shops}
        tickets: {source: tickets}
      dimensions:
        customer:
          source: customers
          key: [customer_id]
          scd: 2
          attributes: [name, tier, email]
          track: [name, tier]
          sequence_by: changed_at
        product:
          source: products
          key: [product_id]
          scd: 1
          attributes: [title, price]
          sequence_by: version
        product_mark:
          source: products
          key: [product_id]
          scd: 1
          attributes: [title, price]
          sequence_by: version
          on_delete: mark
        shop:
          source: shops
          key: [region, shop_no]
          scd: 2
          attributes: [manager, phone]
          track: [manager]
          sequence_by: opened_on
      facts:
        order:
          source: orders
          grain: [order_id]
          event_time: ordered_at
          measures: [amount]
          attributes: [revision]
          sequence_by: revision
          dimensions:
            - {dimension: customer, columns: [buyer_id], role: buyer}
            - {dimension: customer, columns: [payer_id], role: payer}
            - {dimension: product, columns: [product_id]}
            - {dimension: product_mark, columns: [product_id]}
        visit:
          source: visits
          grain: [visit_id]
          event_time: visited_on
          measures: [minutes]
          dimensions:
            - {dimension: customer, columns: [customer_id]}
        ticket:
          source: tickets
          grain: [ticket_no, line_no]
          event_time: sold_at
          measures: [price]
          attributes: [version]
          sequence_by: version
          dimensions:
            - {dimension: shop, columns: [region, shop_no]}
      """;

  private static final PipelineSpec SPEC = PipelineSpecLoader.parse(YAML, "reference-test.yaml");

  private static final Map<TableIdentifier, List<List<Object>>> GOLD =
      GoldReference.expectedGold(
          SPEC,
          Map.of(
              "customers", customers(),
              "products", products(),
              "orders", orders(),
              "visits", visits(),
              "shops", shops(),
              "tickets", tickets()));

  // ---- silver ----

  private static List<SilverRow> customers() {
    List<SilverRow> rows = new ArrayList<>();
    rows.addAll(
        file(
            "landing/customers/customers-1.csv",
            row(1L, "Ann", "BASIC", "a1", jan(1), "I"), // opens V1
            row(1L, "Ann", "BASIC", "a2", jan(3), "U"), // untracked only: absorbed into V1
            row(1L, "Ann", "PLUS", "a2", jan(5), "U"), // closes V1, opens V2
            row(1L, "Ann", "PLUS", "a2", jan(9), "D"), // closes V3 (is_deleted)
            row(1L, "Ann", "PLUS", "a2", jan(10), "D"), // ignored: nothing open
            row(1L, "Anna", "PLUS", "a12", jan(12), "I"), // re-opens with V3's tracked values
            row(2L, "Bob", "BASIC", "b1", jan(1), "I"),
            row(1L, "Zed", "GOLD", "z", null, "U"), // NULL sequence: ignored
            row(null, "Nul", "GOLD", "n", jan(2), "I"), // NULL key: ignored
            row(1L, "Anna", "GOLD", "a2", jan(7), "U"))); // loses the tie to a later file
    rows.addAll(
        file(
            "landing/customers/customers-2.csv",
            row(1L, "Anna", "PLUS", "a2", jan(6), "U"), // late: closes V2, opens V3
            row(1L, "Anna", "GOLD", "a6", jan(7), "U"), // loses the tie to a later line
            row(1L, "Anna", "PLUS", "a7", jan(7), null))); // wins jan 7: NULL op is an upsert
    return rows;
  }

  private static List<SilverRow> products() {
    return file(
        "landing/products/products-1.csv",
        row(10, "Pen", dec("1.50"), 1L, "I"),
        row(10, "Pen", dec("1.75"), 2L, "U"),
        row(10, "Pen", dec("1.75"), 3L, "D"), // remove: gone; mark: version 2, deleted
        row(20, "Cup", dec("4.00"), 1L, "I"),
        row(20, "Mug", dec("4.50"), 2L, "U"),
        row(30, "Box", dec("9.99"), 5L, "D"), // a delete only: no row either way
        row(40, "Ink", dec("2.00"), 1L, "I"),
        row(40, "Ink", dec("2.20"), 1L, "D"), // wins version 1: no upsert below it to mark
        row(20, "Cup", dec("3.00"), 1L, "U")); // older version, landed later: loses
  }

  private static List<SilverRow> orders() {
    List<SilverRow> rows = new ArrayList<>();
    rows.addAll(
        file(
            "landing/orders/orders-1.csv",
            order(1L, 1, 2L, 10, at("2023-12-31T12:00"), "10.00", 1, "I"),
            order(2L, 1, 2L, 20, jan(1), "10.00", 1, "I"),
            order(2L, 1, 2L, 20, jan(1), "12.00", 2, "U"), // correction
            order(3L, 1, null, 30, jan(5), "30.00", 1, "I"),
            order(4L, 1, 2L, 40, at("2024-01-06T08:00"), "40.00", 1, "I"),
            order(5L, 1, 9L, 99, jan(10), "50.00", 1, "I"),
            order(6L, 1, 1L, null, jan(13), "60.00", 1, "I"),
            order(7L, 1, 2L, 20, null, "70.00", 1, "I"),
            order(8L, 2, 2L, 20, jan(2), "80.00", 1, "I"),
            order(9L, 2, 1L, 20, jan(3), "90.00", 1, "I"),
            order(9L, 2, 1L, 20, jan(3), "90.00", 2, "D"),
            order(10L, 2, 2L, 20, jan(4), "2.00", 1, "U"),
            order(null, 1, 1L, 10, jan(4), "1.00", 1, "I"), // NULL grain: ignored
            order(12L, 1, 1L, 20, at("2024-01-03T12:00"), "120.00", 2, "U")));
    rows.addAll(
        file(
            "landing/orders/orders-2.csv",
            order(3L, 1, null, 30, jan(5), "30.00", 1, "I"), // exact re-send
            order(2L, 1, 2L, 20, jan(1), "99.00", 1, "U"), // lower revision, later file: loses
            order(8L, 2, 2L, 20, jan(2), "80.00", 2, "D"), // deleted
            order(9L, 2, 1L, 20, jan(8), "45.00", 3, "I"), // re-inserted after its delete
            order(10L, 2, 2L, 20, jan(4), "1.00", null, "U"), // NULL revision ranks lowest
            order(12L, 1, 1L, 20, at("2024-01-03T12:00"), "0.00", 1, "D"))); // lower: loses
    return rows;
  }

  private static List<SilverRow> visits() {
    return file(
        "landing/visits/visits-1.csv",
        row(1L, 1L, LocalDate.of(2024, 1, 5), 15), // midnight: the first instant of V2
        row(2L, 1L, LocalDate.of(2024, 1, 9), 25), // midnight: V3 is closed by then
        row(3L, 2L, null, 35));
  }

  /** A composite key (region, number) sequenced by a DATE. */
  private static List<SilverRow> shops() {
    List<SilverRow> rows = new ArrayList<>();
    rows.addAll(
        file(
            "landing/shops/shops-1.csv",
            row("north", 1, "Ann", "p1", janDate(1), "I"), // opens V1 at Jan 1, midnight
            row("north", 1, "Ann", "p2", janDate(3), "U"), // untracked only: absorbed into V1
            row("north", 1, "Bea", "p3", janDate(5), "U"), // loses Jan 5 to a later file
            row("north", 1, "Bea", "p3", janDate(8), "D"), // closes V2 (is_deleted)
            row("north", 2, "Cy", "p9", janDate(2), "I"), // same region, other number: its own key
            row("south", 1, "Dee", "p4", janDate(2), "I"), // loses Jan 2 to a later file's delete
            row(null, 1, "Nul", "x", janDate(1), "I"), // NULL key part: ignored
            row("north", null, "Nul", "x", janDate(1), "I"), // NULL key part: ignored
            row("north", 1, "Eve", "p5", janDate(10), "I"))); // re-opens: V3
    rows.addAll(
        file(
            "landing/shops/shops-2.csv",
            row("north", 1, "Zed", "p0", janDate(5), "U"), // wins Jan 5: closes V1, opens V2
            row("south", 1, "Dee", "p4", janDate(2), "D"), // wins Jan 2: a delete, nothing open
            row("south", 1, "Dee", "p4", janDate(4), "U"))); // the first version of south/1
    return rows;
  }

  /** A composite grain sequenced by a DECIMAL, referencing the composite key of shop. */
  private static List<SilverRow> tickets() {
    List<SilverRow> rows = new ArrayList<>();
    rows.addAll(
        file(
            "landing/tickets/tickets-1.csv",
            ticket(1L, 1, "north", 1L, at("2024-01-02T12:00"), "5.00", "1.0", "I"),
            ticket(1L, 1, "north", 1L, at("2024-01-02T12:00"), "6.00", "1.5", "U"), // correction
            ticket(1L, 2, "north", 2L, jan(6), "7.00", "1.0", "I"), // other line: its own row
            ticket(2L, 1, "north", 1L, jan(5), "8.00", "2.0", "I"), // loses 2.0 to 2.00 below
            ticket(3L, 1, "north", 1L, jan(7), "10.00", "10.0", "I"), // 10.0 > 9.5 by value
            ticket(6L, 1, "north", 2L, jan(3), "1.00", "1.0", "I"),
            ticket(6L, 1, "north", 2L, jan(3), "1.00", "1.5", "D"))); // deleted
    rows.addAll(
        file(
            "landing/tickets/tickets-2.csv",
            ticket(3L, 1, "north", 1L, jan(9), "11.00", "9.5", "U"), // lower version: loses
            // The same version by value (2.0 = 2.00), later in landing order: wins.
            ticket(2L, 1, "north", 1L, jan(5), "12.00", "2.00", "U"),
            ticket(4L, 1, "south", 1L, jan(3), "1.00", null, "I"), // before south/1's first
            ticket(4L, 2, "east", 1L, jan(3), "1.00", "1.0", "I"), // unknown key
            ticket(5L, 1, "north", null, jan(3), "1.00", "1.0", "I"), // NULL key part
            ticket(5L, 2, "north", 1L, jan(9), "1.00", "1.0", "I"), // while north/1 is deleted
            ticket(1L, 2, "north", 2L, jan(6), "7.00", null, "D"), // NULL version: loses
            ticket(null, 1, "north", 1L, jan(3), "1.00", "1.0", "I"), // NULL grain part: ignored
            ticket(7L, null, "north", 1L, jan(3), "1.00", "1.0", "I"))); // ignored too
    return rows;
  }

  // ---- expected ----

  @Test
  void scd2WalksTheDistinctChangesOfEachKey() {
    assertThat(GOLD.get(TableNames.dimension("customer")))
        .containsExactlyInAnyOrder(
            version(1L, "Ann", "BASIC", "a2", jan(1), jan(5), false),
            version(1L, "Ann", "PLUS", "a2", jan(5), jan(6), false),
            version(1L, "Anna", "PLUS", "a7", jan(6), jan(9), true),
            version(1L, "Anna", "PLUS", "a12", jan(12), null, false),
            version(2L, "Bob", "BASIC", "b1", jan(1), null, false));
  }

  @Test
  void scd2OfACompositeKeyWalksEachKeyByDateAtMidnight() {
    assertThat(GOLD.get(TableNames.dimension("shop")))
        .containsExactlyInAnyOrder(
            shop("north", 1, "Ann", "p2", jan(1), jan(5), false),
            shop("north", 1, "Zed", "p0", jan(5), jan(8), true),
            shop("north", 1, "Eve", "p5", jan(10), null, false),
            shop("north", 2, "Cy", "p9", jan(2), null, false),
            shop("south", 1, "Dee", "p4", jan(4), null, false));
  }

  @Test
  void factsOfACompositeGrainRankDecimalVersionsByValue() {
    long unknown = -1L;
    long north1 = SurrogateKey.of("north", 1, jan(1));
    long north1Second = SurrogateKey.of("north", 1, jan(5));
    long north2 = SurrogateKey.of("north", 2, jan(2));
    assertThat(GOLD.get(TableNames.fact("ticket")))
        .containsExactlyInAnyOrder(
            row(1L, 1, north1, 20240102, at("2024-01-02T12:00"), dec("6.00"), dec("1.5")),
            row(1L, 2, north2, 20240106, jan(6), dec("7.00"), dec("1.0")),
            row(2L, 1, north1Second, 20240105, jan(5), dec("12.00"), dec("2.00")),
            row(3L, 1, north1Second, 20240107, jan(7), dec("10.00"), dec("10.0")),
            row(4L, 1, unknown, 20240103, jan(3), dec("1.00"), null),
            row(4L, 2, unknown, 20240103, jan(3), dec("1.00"), dec("1.0")),
            row(5L, 1, unknown, 20240103, jan(3), dec("1.00"), dec("1.0")),
            row(5L, 2, unknown, 20240109, jan(9), dec("1.00"), dec("1.0")));
  }

  @Test
  void scd1KeepsTheLatestChangeAndRemovesOrMarksDeletes() {
    assertThat(GOLD.get(TableNames.dimension("product")))
        .containsExactly(Arrays.asList(SurrogateKey.of(20), 20, "Mug", dec("4.50"), 2L, false));
    assertThat(GOLD.get(TableNames.dimension("product_mark")))
        .containsExactlyInAnyOrder(
            Arrays.asList(SurrogateKey.of(10), 10, "Pen", dec("1.75"), 2L, true),
            Arrays.asList(SurrogateKey.of(20), 20, "Mug", dec("4.50"), 2L, false));
  }

  @Test
  void factsKeepTheGreatestCopyAndLookUpEachRole() {
    long unknown = -1L;
    long ann1 = SurrogateKey.of(1L, jan(1));
    long ann3 = SurrogateKey.of(1L, jan(6));
    long bob = SurrogateKey.of(2L, jan(1));
    long mug = SurrogateKey.of(20);
    assertThat(GOLD.get(TableNames.fact("order")))
        .containsExactlyInAnyOrder(
            fact(1, unknown, unknown, unknown, SurrogateKey.of(10), 20231231, "2023-12-31T12:00")
                .measures("10.00", 1),
            fact(2, ann1, bob, mug, mug, 20240101, "2024-01-01T00:00").measures("12.00", 2),
            fact(3, SurrogateKey.of(1L, jan(5)), unknown, unknown, unknown, 20240105, "2024-01-05")
                .measures("30.00", 1),
            fact(4, ann3, bob, unknown, unknown, 20240106, "2024-01-06T08:00").measures("40.00", 1),
            fact(5, unknown, unknown, unknown, unknown, 20240110, "2024-01-10")
                .measures("50.00", 1),
            fact(
                    6,
                    SurrogateKey.of(1L, jan(12)),
                    SurrogateKey.of(1L, jan(12)),
                    unknown,
                    unknown,
                    20240113,
                    "2024-01-13")
                .measures("60.00", 1),
            fact(7, unknown, unknown, mug, mug, -1, null).measures("70.00", 1),
            fact(9, bob, ann3, mug, mug, 20240108, "2024-01-08").measures("45.00", 3),
            fact(10, bob, bob, mug, mug, 20240104, "2024-01-04").measures("2.00", 1),
            fact(12, ann1, ann1, mug, mug, 20240103, "2024-01-03T12:00").measures("120.00", 2));
  }

  @Test
  void aDateEventTimeCountsAsMidnight() {
    assertThat(GOLD.get(TableNames.fact("visit")))
        .containsExactlyInAnyOrder(
            Arrays.asList(1L, SurrogateKey.of(1L, jan(5)), 20240105, LocalDate.of(2024, 1, 5), 15),
            Arrays.asList(2L, -1L, 20240109, LocalDate.of(2024, 1, 9), 25),
            Arrays.asList(3L, -1L, -1, null, 35));
  }

  @Test
  void dimDateHoldsEachDateOfAnyFactRow() {
    assertThat(GOLD.get(TableNames.dimension("date")))
        .containsExactlyInAnyOrder(
            day(20231231, 2023, 4, 12, 31, 7, "Sunday", "December", true),
            day(20240101, 2024, 1, 1, 1, 1, "Monday", "January", false),
            day(20240102, 2024, 1, 1, 2, 2, "Tuesday", "January", false),
            day(20240103, 2024, 1, 1, 3, 3, "Wednesday", "January", false),
            day(20240104, 2024, 1, 1, 4, 4, "Thursday", "January", false),
            day(20240105, 2024, 1, 1, 5, 5, "Friday", "January", false),
            day(20240106, 2024, 1, 1, 6, 6, "Saturday", "January", true),
            day(20240107, 2024, 1, 1, 7, 7, "Sunday", "January", true),
            day(20240108, 2024, 1, 1, 8, 1, "Monday", "January", false),
            day(20240109, 2024, 1, 1, 9, 2, "Tuesday", "January", false),
            day(20240110, 2024, 1, 1, 10, 3, "Wednesday", "January", false),
            day(20240113, 2024, 1, 1, 13, 6, "Saturday", "January", true));
  }

  @Test
  void coversEveryGoldTableOfTheSpec() {
    assertThat(GOLD.keySet())
        .extracting(TableIdentifier::toString)
        .containsExactly(
            "gold.dim_customer",
            "gold.dim_product",
            "gold.dim_product_mark",
            "gold.dim_shop",
            "gold.fact_order",
            "gold.fact_visit",
            "gold.fact_ticket",
            "gold.dim_date");
  }

  @Test
  void aSpecWithoutFactsHasNoDateDimension() {
    PipelineSpec dimensionsOnly =
        PipelineSpecLoader.parse(YAML.substring(0, YAML.indexOf("facts:")), "no-facts.yaml");

    assertThat(GoldReference.expectedGold(dimensionsOnly, Map.of()))
        .containsOnlyKeys(
            TableNames.dimension("customer"),
            TableNames.dimension("product"),
            TableNames.dimension("product_mark"),
            TableNames.dimension("shop"))
        .allSatisfy((table, rows) -> assertThat(rows).isEmpty());
  }

  // ---- helpers ----

  @SafeVarargs
  private static List<SilverRow> file(String sourceFile, List<Object>... rows) {
    List<SilverRow> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      out.add(new SilverRow(rows[i], sourceFile, i + 1));
    }
    return out;
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private static List<Object> order(
      Long id,
      Integer buyer,
      Long payer,
      Integer product,
      LocalDateTime at,
      String amount,
      Integer revision,
      String op) {
    return row(id, buyer, payer, product, at, dec(amount), revision, op);
  }

  private static List<Object> ticket(
      Long ticket,
      Integer line,
      String region,
      Long shop,
      LocalDateTime at,
      String price,
      String version,
      String op) {
    return row(
        ticket, line, region, shop, at, dec(price), version == null ? null : dec(version), op);
  }

  private static List<Object> shop(
      String region,
      int number,
      String manager,
      String phone,
      LocalDateTime from,
      LocalDateTime to,
      boolean deleted) {
    return row(
        SurrogateKey.of(region, number, from),
        region,
        number,
        manager,
        phone,
        from,
        to,
        to == null,
        deleted);
  }

  private static List<Object> version(
      long id,
      String name,
      String tier,
      String email,
      LocalDateTime from,
      LocalDateTime to,
      boolean deleted) {
    return row(SurrogateKey.of(id, from), id, name, tier, email, from, to, to == null, deleted);
  }

  /** The keys of an expected order row; its measures follow. */
  private record FactKeys(
      long id, long buyer, long payer, long product, long productMark, int date, String time) {
    List<Object> measures(String amount, int revision) {
      return row(
          id,
          buyer,
          payer,
          product,
          productMark,
          date,
          time == null ? null : at(time.length() == 10 ? time + "T00:00" : time),
          dec(amount),
          revision);
    }
  }

  private static FactKeys fact(
      long id, long buyer, long payer, long product, long productMark, int date, String at) {
    return new FactKeys(id, buyer, payer, product, productMark, date, at);
  }

  private static List<Object> day(
      int key,
      int year,
      int quarter,
      int month,
      int dayOfMonth,
      int dayOfWeek,
      String dayName,
      String monthName,
      boolean weekend) {
    return row(
        key,
        LocalDate.of(year, month, dayOfMonth),
        year,
        quarter,
        month,
        dayOfMonth,
        dayOfWeek,
        dayName,
        monthName,
        weekend);
  }

  private static LocalDateTime jan(int day) {
    return LocalDateTime.of(2024, 1, day, 0, 0);
  }

  /** A DATE in January 2024; as an SCD2 sequence value it stands for that day's midnight. */
  private static LocalDate janDate(int day) {
    return LocalDate.of(2024, 1, day);
  }

  private static LocalDateTime at(String text) {
    return LocalDateTime.parse(text);
  }

  private static BigDecimal dec(String text) {
    return new BigDecimal(text);
  }
}
