package io.lakehouseflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.ModelFiles;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL models computed inside the gold job from gold's own changes: a view joining the booking fact
 * with the flight dimension, a table aggregating the view per day and origin, and an incremental
 * table totalling that table per origin. The tables must hold what plain Java computes from the
 * gold rows read back, after a first available-now run, after a second one resuming from its state
 * with corrections (a booking cancelled, a flight's origin changed in place), and after a rebuild.
 */
class GoldModelsITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final TableIdentifier DAILY_REVENUE = TableNames.model("daily_revenue");
  private static final TableIdentifier ORIGIN_TOTALS = TableNames.model("origin_totals");
  private static final TableIdentifier BOOKING_CHANGES = TableNames.model("booking_changes");
  private static final Instant READ_AT = Instant.parse("2024-06-01T00:00:00Z");

  static final Map<String, String> MODELS =
      Map.of(
          "booked_flights.sql",
          """
          -- every booking with its flight's origin; a view, read by daily_revenue only
          SELECT b.booking_id, CAST(b.booked_at AS DATE) AS booked_on,
                 COALESCE(f.origin, 'unknown') AS origin, b.fare_amount, b.seats, b.status
          FROM gold.fact_booking b
          LEFT JOIN gold.dim_flight f ON b.flight_sk = f.flight_sk
          """,
          "booked_flights.yaml",
          "materialized: view",
          "daily_revenue.sql",
          """
          SELECT booked_on, origin, SUM(fare_amount) AS revenue, SUM(seats) AS seats,
                 COUNT(*) AS bookings
          FROM gold.booked_flights
          WHERE status = 'CONFIRMED'
          GROUP BY booked_on, origin;
          """,
          "daily_revenue.yaml",
          """
          unique_key: [booked_on, origin]
          description: Confirmed revenue per booking day and flight origin.
          columns: {revenue: sum of confirmed fares}
          """,
          "origin_totals.sql",
          "SELECT origin, SUM(revenue) AS revenue, COUNT(*) AS days FROM gold.daily_revenue"
              + " GROUP BY origin",
          "origin_totals.yaml",
          "{materialized: incremental, unique_key: [origin]}",
          // No rows at all: a rebuild cannot replace the table by nothing, so it empties it first.
          "refunded.sql",
          "SELECT booking_id FROM gold.fact_booking WHERE status = 'REFUNDED'",
          "refunded.yaml",
          "unique_key: [booking_id]",
          // Silver as it is: every change row of the bookings, re-sent ones included.
          "booking_changes.sql",
          "SELECT status, COUNT(*) AS changes, COUNT(DISTINCT booking_id) AS bookings"
              + " FROM silver.bookings GROUP BY status",
          "booking_changes.yaml",
          "unique_key: [status]");

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aModelOverFactAndDimensionEqualsPlainJavaAcrossIncrementalRunsAndARebuild(@TempDir Path dir)
      throws Exception {
    PipelineRun run =
        PipelineRun.of(spec(), new DataLayout(dir), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      appendFirst(lakehouse);
      GoldJob.forRun(run).runToCompletion();

      List<List<Object>> first = lakehouse.read(DAILY_REVENUE);
      assertThat(first).containsExactlyInAnyOrderElementsOf(expected(lakehouse));
      assertThat(lakehouse.read(ORIGIN_TOTALS)).containsExactlyInAnyOrderElementsOf(totals(first));
      assertThat(lakehouse.read(BOOKING_CHANGES))
          .containsExactlyInAnyOrderElementsOf(bookingChanges(lakehouse))
          .contains(Arrays.asList("CONFIRMED", 5L, 5L));
      assertThat(first)
          .as("revenue of 2024-02-01 from AMS: bookings 1 and 2")
          .contains(row("2024-02-01", "AMS", "150.50", 3, 2));
      assertThat(lakehouse.columnNames(DAILY_REVENUE))
          .containsExactly("booked_on", "origin", "revenue", "seats", "bookings");
      assertThat(lakehouse.table(DAILY_REVENUE).schema().identifierFieldNames())
          .containsExactlyInAnyOrder("booked_on", "origin");
      assertThat(lakehouse.table(DAILY_REVENUE).schema().findField("revenue").doc())
          .isEqualTo("sum of confirmed fares");

      appendSecond(lakehouse);
      GoldJob.forRun(run).runToCompletion();

      List<List<Object>> second = lakehouse.read(DAILY_REVENUE);
      assertThat(second).containsExactlyInAnyOrderElementsOf(expected(lakehouse));
      List<List<Object>> totals = lakehouse.read(ORIGIN_TOTALS);
      assertThat(totals)
          .containsExactlyInAnyOrderElementsOf(totals(second))
          .contains(Arrays.asList("JFK", new BigDecimal("60.00"), 1L));
      assertThat(second)
          .contains(
              row("2024-02-01", "BRU", "100.00", 2, 1),
              row("2024-02-02", "CDG", "10.00", 1, 1),
              row("2024-02-03", "JFK", "60.00", 3, 2))
          .noneMatch(r -> r.get(1).equals("AMS") || r.get(1).equals("unknown"));
      assertThat(lakehouse.read(BOOKING_CHANGES))
          .as("silver's change rows per status, re-sent bookings counted in each of theirs")
          .containsExactlyInAnyOrderElementsOf(bookingChanges(lakehouse))
          .contains(Arrays.asList("CONFIRMED", 7L, 7L), Arrays.asList("CANCELLED", 2L, 2L));

      // A rebuild over silver with a booking the incremental state has not seen, then an
      // incremental run: the rebuild discards that state, so the booking is not written twice.
      lakehouse.appendSilver(
          "bookings",
          "bookings-3.csv",
          READ_AT,
          List.of(booking(8, 300, "2024-02-03T13:00", 1, "5.00", "CONFIRMED")));
      List<List<Object>> third = new ArrayList<>(second);
      third.replaceAll(r -> r.get(1).equals("JFK") ? row("2024-02-03", "JFK", "65.00", 4, 3) : r);
      for (PipelineRun again : List.of(run.with(LakehouseOptions.GOLD_REBUILD, true), run)) {
        GoldJob.forRun(again).runToCompletion();
        assertThat(lakehouse.read(TableNames.fact("booking"))).hasSize(8);
        assertThat(lakehouse.read(DAILY_REVENUE))
            .as("after a rebuild, then an incremental run")
            .containsExactlyInAnyOrderElementsOf(expected(lakehouse))
            .containsExactlyInAnyOrderElementsOf(third);
        assertThat(lakehouse.read(ORIGIN_TOTALS))
            .containsExactlyInAnyOrderElementsOf(totals(third));
        assertThat(lakehouse.read(TableNames.model("refunded"))).isEmpty();
        assertThat(lakehouse.read(BOOKING_CHANGES))
            .containsExactlyInAnyOrderElementsOf(bookingChanges(lakehouse))
            .contains(Arrays.asList("CONFIRMED", 8L, 8L));
      }
    }
  }

  /**
   * origin_totals computed in plain Java from daily_revenue's rows: revenue and days per origin.
   */
  private static List<List<Object>> totals(List<List<Object>> dailyRevenue) {
    Map<String, BigDecimal> revenue = new TreeMap<>();
    Map<String, Long> days = new TreeMap<>();
    for (List<Object> day : dailyRevenue) {
      String origin = (String) day.get(1);
      revenue.merge(origin, (BigDecimal) day.get(2), BigDecimal::add);
      days.merge(origin, 1L, Long::sum);
    }
    List<List<Object>> rows = new ArrayList<>();
    revenue.forEach((origin, sum) -> rows.add(Arrays.asList(origin, sum, days.get(origin))));
    return rows;
  }

  /** Three flights and six bookings, one of a flight silver does not hold yet. */
  private static void appendFirst(TestingLakehouse lakehouse) {
    lakehouse.appendSilver(
        "customers",
        "customers-1.csv",
        READ_AT,
        List.of(
            List.of(1L, "Ann", "ann@a.io", "GOLD", "NL", LocalDateTime.parse("2024-01-01T00:00"))));
    lakehouse.appendSilver(
        "flights",
        "flights-1.csv",
        READ_AT,
        List.of(
            flight(100, "AMS", "2024-01-01T00:00"),
            flight(200, "LHR", "2024-01-01T00:00"),
            flight(300, "JFK", "2024-01-01T00:00")));
    lakehouse.appendSilver(
        "bookings",
        "bookings-1.csv",
        READ_AT,
        List.of(
            booking(1, 100, "2024-02-01T09:00", 2, "100.00", "CONFIRMED"),
            booking(2, 100, "2024-02-01T18:00", 1, "50.50", "CONFIRMED"),
            booking(3, 200, "2024-02-01T10:00", 1, "75.00", "CONFIRMED"),
            booking(4, 200, "2024-02-02T10:00", 3, "300.00", "CANCELLED"),
            booking(5, 999, "2024-02-02T11:00", 1, "10.00", "CONFIRMED"),
            booking(6, 300, "2024-02-03T11:00", 1, "20.00", "CONFIRMED")));
  }

  private static void appendSecond(TestingLakehouse lakehouse) {
    // Booking 2 is cancelled, 4 confirmed, flight 100 now leaves from BRU (SCD1: its facts
    // keep their key, the join follows the dimension), flight 999 arrives late, a new booking.
    lakehouse.appendSilver(
        "flights",
        "flights-2.csv",
        READ_AT,
        List.of(flight(100, "BRU", "2024-01-05T00:00"), flight(999, "CDG", "2024-01-01T00:00")));
    lakehouse.appendSilver(
        "bookings",
        "bookings-2.csv",
        READ_AT,
        List.of(
            booking(2, 100, "2024-02-01T18:00", 1, "50.50", "CANCELLED"),
            booking(4, 200, "2024-02-02T10:00", 3, "300.00", "CONFIRMED"),
            booking(7, 300, "2024-02-03T12:00", 2, "40.00", "CONFIRMED")));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void continuousModelsFollowEveryChangeOfGold(@TempDir Path dir) throws Exception {
    PipelineRun run = continuous(dir);
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      appendFirst(lakehouse);
      JobClient job = GoldJob.forRun(run).submit();
      try {
        awaitModels(lakehouse, 6, row("2024-02-01", "AMS", "150.50", 3, 2));
        appendSecond(lakehouse);
        awaitModels(lakehouse, 7, row("2024-02-01", "BRU", "100.00", 2, 1));
        assertThat(lakehouse.read(DAILY_REVENUE))
            .noneMatch(r -> r.get(1).equals("AMS") || r.get(1).equals("unknown"));
      } finally {
        LakehouseMiniCluster.cancel(job);
      }
    }
  }

  // A rebuild between two continuous runs: the second must not resume from the state the first
  // kept, which has not seen what the rebuild wrote (booking 8), and must follow what comes after.
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aContinuousRunAfterARebuildFollowsTheRebuiltGold(@TempDir Path dir) throws Exception {
    PipelineRun continuous =
        continuous(dir).with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
    PipelineRun rebuild =
        PipelineRun.of(spec(), new DataLayout(dir), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.GOLD_REBUILD, true);
    try (TestingLakehouse lakehouse = new TestingLakehouse(continuous)) {
      lakehouse.createSilverTables();
      appendFirst(lakehouse);
      JobClient first = GoldJob.forRun(continuous).submit();
      try {
        awaitModels(lakehouse, 6, row("2024-02-01", "AMS", "150.50", 3, 2));
      } finally {
        LakehouseMiniCluster.cancel(first);
      }
      lakehouse.appendSilver(
          "bookings",
          "bookings-3.csv",
          READ_AT,
          List.of(booking(8, 300, "2024-02-03T13:00", 1, "5.00", "CONFIRMED")));
      GoldJob.forRun(rebuild).runToCompletion();
      assertThat(lakehouse.read(TableNames.fact("booking"))).hasSize(7);

      JobClient second = GoldJob.forRun(continuous).submit();
      try {
        appendSecond(lakehouse);
        awaitModels(lakehouse, 8, row("2024-02-03", "JFK", "65.00", 4, 3));
      } finally {
        LakehouseMiniCluster.cancel(second);
      }
      List<List<Object>> streamed = lakehouse.read(DAILY_REVENUE);
      GoldJob.forRun(rebuild).runToCompletion();
      assertThat(streamed).containsExactlyInAnyOrderElementsOf(lakehouse.read(DAILY_REVENUE));
    }
  }

  /**
   * Waits until gold holds {@code bookings} facts and the model tables hold what plain Java
   * computes from gold, {@code oneRow} among them.
   */
  private static void awaitModels(TestingLakehouse lakehouse, int bookings, List<Object> oneRow) {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(lakehouse.read(TableNames.fact("booking"))).hasSize(bookings);
              List<List<Object>> daily = lakehouse.read(DAILY_REVENUE);
              assertThat(daily).containsExactlyInAnyOrderElementsOf(expected(lakehouse));
              assertThat(daily).contains(oneRow);
              assertThat(lakehouse.read(ORIGIN_TOTALS))
                  .containsExactlyInAnyOrderElementsOf(totals(daily));
              assertThat(lakehouse.read(BOOKING_CHANGES))
                  .containsExactlyInAnyOrderElementsOf(bookingChanges(lakehouse));
            });
  }

  /** A continuous run checkpointing (committing) every half second. */
  private static PipelineRun continuous(Path dir) {
    return PipelineRun.of(spec(), new DataLayout(dir), RunMode.CONTINUOUS)
        .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500))
        .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(500));
  }

  private static PipelineSpec spec() {
    return PipelineSpecLoader.parse(
        TestingPipeline.YAML, TestingPipeline.LOCATION, Map.of(), ModelFiles.of("models", MODELS));
  }

  /**
   * The model computed in plain Java from the gold tables as read back: confirmed bookings joined
   * with their flight's origin ('unknown' without one), summed per booking day and origin.
   */
  private static List<List<Object>> expected(TestingLakehouse lakehouse) {
    TableIdentifier fact = TableNames.fact("booking");
    TableIdentifier dim = TableNames.dimension("flight");
    List<String> factColumns = lakehouse.columnNames(fact);
    List<String> dimColumns = lakehouse.columnNames(dim);
    Map<Long, String> origins = new HashMap<>();
    for (List<Object> flight : lakehouse.read(dim)) {
      origins.put(
          (Long) flight.get(dimColumns.indexOf("flight_sk")),
          (String) flight.get(dimColumns.indexOf("origin")));
    }
    Map<List<Object>, Object[]> sums =
        new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (List<Object> booking : lakehouse.read(fact)) {
      if (!"CONFIRMED".equals(booking.get(factColumns.indexOf("status")))) {
        continue;
      }
      LocalDate day = ((LocalDateTime) booking.get(factColumns.indexOf("booked_at"))).toLocalDate();
      String origin =
          origins.getOrDefault((Long) booking.get(factColumns.indexOf("flight_sk")), "unknown");
      Object[] sum =
          sums.computeIfAbsent(List.of(day, origin), k -> new Object[] {BigDecimal.ZERO, 0L, 0L});
      sum[0] =
          ((BigDecimal) sum[0]).add((BigDecimal) booking.get(factColumns.indexOf("fare_amount")));
      sum[1] = (Long) sum[1] + (Integer) booking.get(factColumns.indexOf("seats"));
      sum[2] = (Long) sum[2] + 1;
    }
    List<List<Object>> rows = new ArrayList<>();
    sums.forEach(
        (key, sum) ->
            rows.add(
                Arrays.asList(
                    key.get(0),
                    key.get(1),
                    ((BigDecimal) sum[0]).setScale(2),
                    ((Long) sum[1]).intValue(),
                    sum[2])));
    return rows;
  }

  /**
   * booking_changes computed in plain Java from silver's rows as read back: per status, the rows
   * and the distinct bookings.
   */
  private static List<List<Object>> bookingChanges(TestingLakehouse lakehouse) {
    TableIdentifier silver = TableNames.silver("bookings");
    List<String> columns = lakehouse.columnNames(silver);
    Map<String, Long> changes = new TreeMap<>();
    Map<String, java.util.Set<Object>> bookings = new TreeMap<>();
    for (List<Object> row : lakehouse.read(silver)) {
      String status = (String) row.get(columns.indexOf("status"));
      changes.merge(status, 1L, Long::sum);
      bookings
          .computeIfAbsent(status, k -> new java.util.HashSet<>())
          .add(row.get(columns.indexOf("booking_id")));
    }
    List<List<Object>> rows = new ArrayList<>();
    changes.forEach(
        (status, n) -> rows.add(Arrays.asList(status, n, (long) bookings.get(status).size())));
    return rows;
  }

  private static List<Object> row(String day, String origin, String revenue, int seats, long n) {
    return Arrays.asList(LocalDate.parse(day), origin, new BigDecimal(revenue), seats, n);
  }

  private static List<Object> flight(long id, String origin, String updatedAt) {
    return List.of(id, "LH" + id, origin, "XXX", LocalDateTime.parse(updatedAt));
  }

  private static List<Object> booking(
      long id, long flight, String bookedAt, int seats, String fare, String status) {
    return List.of(
        id, 1L, flight, LocalDateTime.parse(bookedAt), seats, new BigDecimal(fare), "EUR", status);
  }
}
