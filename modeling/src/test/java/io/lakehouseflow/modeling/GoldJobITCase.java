package io.lakehouseflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.CommitterProperties;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RetainedCheckpoint;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.modeling.key.SurrogateKey;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class GoldJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final TableIdentifier DIM_CUSTOMER = TableNames.dimension("customer");
  private static final TableIdentifier DIM_FLIGHT = TableNames.dimension("flight");
  private static final TableIdentifier FACT_BOOKING = TableNames.fact("booking");
  private static final TableIdentifier DIM_DATE = TableNames.dimension("date");

  /** Generous for a loaded 2-core machine: a streaming job starts and upserts in seconds. */
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  private static final Instant FIRST_COMMIT = Instant.parse("2024-06-01T00:00:00Z");
  private static final Instant SECOND_COMMIT = Instant.parse("2024-06-02T00:00:00Z");

  private static final LocalDateTime JAN_01 = LocalDateTime.parse("2024-01-01T10:00");
  private static final LocalDateTime FEB_01 = LocalDateTime.parse("2024-02-01T10:00");
  private static final LocalDateTime FEB_15 = LocalDateTime.parse("2024-02-15T10:00");
  private static final LocalDateTime MAR_01 = LocalDateTime.parse("2024-03-01T10:00");

  @Test
  void availableNowBuildsHistoryLookupsAndUnknownMembers(@TempDir Path dir) throws Exception {
    PipelineRun run = run(dir, RunMode.AVAILABLE_NOW);
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      appendFirstCommit(lakehouse);
      appendSecondCommit(lakehouse);

      GoldJob.forRun(run).runToCompletion();

      assertThat(lakehouse.read(DIM_CUSTOMER))
          .containsExactlyInAnyOrderElementsOf(customerHistory());
      assertThat(lakehouse.read(DIM_FLIGHT)).containsExactlyInAnyOrderElementsOf(flights());
      List<List<Object>> bookings = lakehouse.read(FACT_BOOKING);
      assertThat(bookings).containsExactlyInAnyOrderElementsOf(bookings());
      assertEachBookingPointsAtTheVersionValidAtBookingTime(bookings, lakehouse.read(DIM_CUSTOMER));
      assertThat(lakehouse.read(DIM_DATE))
          .extracting(r -> r.get(0))
          .containsExactlyInAnyOrder(20240115, 20240201, 20240220, 20240210, 20231201, 20240305);
      assertThat(lakehouse.read(DIM_DATE))
          .filteredOn(r -> r.get(0).equals(20240210))
          .containsExactly(
              List.of(
                  20240210,
                  java.time.LocalDate.of(2024, 2, 10),
                  2024,
                  1,
                  2,
                  10,
                  6,
                  "Saturday",
                  "February",
                  true));

      // A rebuild (one batch job over all of silver) replaces every table with the same rows,
      // and the next incremental run, resuming from the state the first one kept, changes none.
      for (PipelineRun again : List.of(run.with(LakehouseOptions.GOLD_REBUILD, true), run)) {
        GoldJob.forRun(again).runToCompletion();

        assertThat(lakehouse.read(DIM_CUSTOMER))
            .containsExactlyInAnyOrderElementsOf(customerHistory());
        assertThat(lakehouse.read(FACT_BOOKING)).containsExactlyInAnyOrderElementsOf(bookings());
      }
    }
  }

  /**
   * The second landing files are read first, so ingestion time and landing order disagree: copies
   * of one row (flight 200 with the same sequence value, booking 1 with no sequence) are told apart
   * by landing file and line only, and the result is the one above. The second run resumes from the
   * first one's state and reads only the files committed since.
   */
  @Test
  void theSameLandingFilesInAnyArrivalOrderGiveTheSameGold(@TempDir Path dir) throws Exception {
    PipelineRun run = run(dir, RunMode.AVAILABLE_NOW);
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      appendSecondCommit(lakehouse, FIRST_COMMIT);
      GoldJob.forRun(run).runToCompletion();
      appendFirstCommit(lakehouse, SECOND_COMMIT);
      GoldJob.forRun(run).runToCompletion();

      assertThat(lakehouse.read(DIM_CUSTOMER))
          .containsExactlyInAnyOrderElementsOf(customerHistory());
      assertThat(lakehouse.read(DIM_FLIGHT)).containsExactlyInAnyOrderElementsOf(flights());
      assertThat(lakehouse.read(FACT_BOOKING)).containsExactlyInAnyOrderElementsOf(bookings());
    }
  }

  /**
   * An incremental run ends on a checkpoint, not a savepoint, which every gold table has committed
   * before the run returns; the next run claims it, so Flink deletes it once that run has taken a
   * checkpoint of its own, and one retained checkpoint is left.
   */
  @Test
  void incrementalRunsEndOnACommittedCheckpointThatTheNextRunClaims(@TempDir Path dir)
      throws Exception {
    PipelineRun run = run(dir, RunMode.AVAILABLE_NOW);
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      appendFirstCommit(lakehouse);
      GoldJob first = GoldJob.forRun(run);
      first.runToCompletion();
      org.apache.flink.core.fs.Path state =
          JobEnvironment.checkpointDirectory(run, GoldJob.NAME, first.fingerprint());

      RetainedCheckpoint ended = onlyCheckpoint(state);
      String firstJob = ended.directory().getParent().getName();
      for (TableIdentifier table : List.of(DIM_CUSTOMER, DIM_FLIGHT, FACT_BOOKING, DIM_DATE)) {
        assertThat(GoldCommits.committed(lakehouse.table(table), firstJob))
            .as("checkpoint of job %s that %s committed", firstJob, table)
            .isPositive();
        assertThat(lakehouse.table(table).properties())
            .containsEntry(CommitterProperties.MAX_CONTINUOUS_EMPTY_COMMITS, "1");
      }

      appendSecondCommit(lakehouse);
      GoldJob.forRun(run).runToCompletion();

      assertThat(lakehouse.read(DIM_CUSTOMER))
          .containsExactlyInAnyOrderElementsOf(customerHistory());
      assertThat(lakehouse.read(FACT_BOOKING)).containsExactlyInAnyOrderElementsOf(bookings());
      await()
          .atMost(DEADLINE)
          .alias("the checkpoint the first run ended on, claimed by the second, deleted")
          .until(() -> !new File(ended.directory().toUri()).exists());
      assertThat(onlyCheckpoint(state).directory().getParent().getName()).isNotEqualTo(firstJob);
    }
  }

  /** The one checkpoint retained under {@code state}, which holds no savepoint. */
  private static RetainedCheckpoint onlyCheckpoint(org.apache.flink.core.fs.Path state) {
    List<RetainedCheckpoint> retained = RetainedCheckpoint.under(state);
    assertThat(retained).hasSize(1);
    assertThat(new File(state.toUri()).list())
        .noneMatch(name -> name.startsWith(RetainedCheckpoint.SAVEPOINT_DIR_PREFIX));
    return retained.get(0);
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void continuousUpsertsConvergeToTheAvailableNowRebuild(@TempDir Path dir) throws Exception {
    PipelineRun batch = run(dir.resolve("batch"), RunMode.AVAILABLE_NOW);
    PipelineRun streaming =
        run(dir.resolve("streaming"), RunMode.CONTINUOUS)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(500));
    try (TestingLakehouse rebuilt = new TestingLakehouse(batch);
        TestingLakehouse upserted = new TestingLakehouse(streaming)) {
      rebuilt.createSilverTables();
      appendFirstCommit(rebuilt);
      appendSecondCommit(rebuilt);
      GoldJob.forRun(batch).runToCompletion();

      upserted.createSilverTables();
      appendFirstCommit(upserted);
      JobClient job = GoldJob.forRun(streaming).submit();
      try {
        // Before the late changes: Bob has no February version, Cy's March change is a version.
        awaitEqual(
            "customer_id, valid_from, valid_to of gold.dim_customer before the late changes",
            () -> validity(upserted.read(DIM_CUSTOMER)),
            List.of(
                List.of(1L, JAN_01, FEB_01),
                List.of(1L, FEB_01, MAR_01),
                Arrays.asList(1L, MAR_01, null),
                List.of(2L, JAN_01, MAR_01),
                Arrays.asList(2L, MAR_01, null),
                List.of(3L, JAN_01, MAR_01),
                Arrays.asList(3L, MAR_01, null)));
        awaitEqual("rows in gold.fact_booking", () -> upserted.read(FACT_BOOKING).size(), 7);

        appendSecondCommit(upserted);

        for (TableIdentifier table : List.of(DIM_CUSTOMER, DIM_FLIGHT, FACT_BOOKING, DIM_DATE)) {
          awaitEqual(
              "rows of " + table + " equal to the available-now rebuild",
              () -> sorted(upserted.read(table)),
              sorted(rebuilt.read(table)));
        }
        assertThat(upserted.read(DIM_CUSTOMER))
            .containsExactlyInAnyOrderElementsOf(customerHistory());
        assertThat(upserted.read(FACT_BOOKING)).containsExactlyInAnyOrderElementsOf(bookings());
      } finally {
        LakehouseMiniCluster.cancel(job);
      }
    }
  }

  /** A run that resumes from retained state, as the CLI's runs do. */
  private static PipelineRun run(Path dir, RunMode mode) {
    return PipelineRun.of(TestingPipeline.spec(), new DataLayout(dir), mode)
        .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
  }

  // ---- silver data: two commits; the second holds late and repeated changes ----

  private static void appendFirstCommit(TestingLakehouse lakehouse) {
    appendFirstCommit(lakehouse, FIRST_COMMIT);
  }

  private static void appendSecondCommit(TestingLakehouse lakehouse) {
    appendSecondCommit(lakehouse, SECOND_COMMIT);
  }

  /** The first landing files, {@code <table>-1.csv}, read at {@code ingestedAt}. */
  private static void appendFirstCommit(TestingLakehouse lakehouse, Instant ingestedAt) {
    lakehouse.appendSilver(
        "customers",
        "customers-1.csv",
        ingestedAt,
        List.of(
            customer(1, "ann@a.io", "SILVER", "NL", JAN_01),
            customer(1, "ann@a.io", "SILVER", "NL", JAN_01), // exact duplicate
            customer(1, "ann@a.io", "GOLD", "NL", FEB_01),
            customer(1, "ann@a.io", "GOLD", "NL", FEB_15), // no-op: only the sequence changed
            customer(1, "ann@b.io", "GOLD", "NL", MAR_01),
            customer(2, "bob@a.io", "SILVER", "DE", JAN_01),
            customer(2, "bob@a.io", "PLATINUM", "DE", MAR_01),
            customer(3, "cy@a.io", "SILVER", "FR", JAN_01),
            customer(3, "cy@a.io", "GOLD", "FR", MAR_01)));
    lakehouse.appendSilver(
        "flights",
        "flights-1.csv",
        ingestedAt,
        List.of(
            flight(100, "LH100", "JFK", at("2024-01-01T00:00")),
            flight(100, "LH100", "BOS", at("2024-01-05T00:00")),
            flight(200, "LH200", "LHR", at("2024-01-01T00:00"))));
    lakehouse.appendSilver(
        "bookings",
        "bookings-1.csv",
        ingestedAt,
        List.of(
            booking(1, 1, 100, at("2024-01-15T12:00"), "100.00", "CONFIRMED"),
            booking(2, 1, 200, FEB_01, "50.50", "CONFIRMED"),
            booking(3, 1, 100, at("2024-02-20T00:00"), "75.00", "CONFIRMED"),
            booking(4, 2, 100, at("2024-02-10T00:00"), "300.00", "CONFIRMED"),
            booking(5, 99, 999, at("2024-02-10T00:00"), "10.00", "CONFIRMED"),
            booking(6, 1, 200, at("2023-12-01T00:00"), "20.00", "CONFIRMED"),
            booking(7, 3, 100, at("2024-03-05T00:00"), "30.00", "CONFIRMED")));
  }

  /**
   * The second landing files, {@code <table>-2.csv}, read at {@code ingestedAt}: late and repeated
   * changes, and copies of a row that only the landing order tells apart.
   */
  private static void appendSecondCommit(TestingLakehouse lakehouse, Instant ingestedAt) {
    lakehouse.appendSilver(
        "customers",
        "customers-2.csv",
        ingestedAt,
        List.of(
            customer(2, "bob@a.io", "GOLD", "DE", FEB_01), // late: a new version in the middle
            customer(3, "cy@a.io", "GOLD", "FR", FEB_01), // late: makes the March change a no-op
            customer(1, "ann@a.io", "SILVER", "NL", JAN_01))); // duplicate in a later commit
    lakehouse.appendSilver(
        "flights",
        "flights-2.csv",
        ingestedAt,
        List.of(
            flight(200, "LH201", "LHR", at("2024-01-01T00:00")), // same sequence, later file
            flight(100, "LH100", "JFK", at("2024-01-03T00:00")))); // late and older than latest
    lakehouse.appendSilver(
        "bookings",
        "bookings-2.csv",
        ingestedAt,
        List.of(booking(1, 1, 100, at("2024-01-15T12:00"), "100.00", "CANCELLED")));
  }

  // ---- expected gold ----

  private static List<List<Object>> customerHistory() {
    return List.of(
        version(1, "ann@a.io", "SILVER", JAN_01, FEB_01),
        version(1, "ann@a.io", "GOLD", FEB_01, MAR_01),
        version(1, "ann@b.io", "GOLD", MAR_01, null),
        version(2, "bob@a.io", "SILVER", JAN_01, FEB_01),
        version(2, "bob@a.io", "GOLD", FEB_01, MAR_01),
        version(2, "bob@a.io", "PLATINUM", MAR_01, null),
        version(3, "cy@a.io", "SILVER", JAN_01, FEB_01),
        version(3, "cy@a.io", "GOLD", FEB_01, null));
  }

  private static List<List<Object>> flights() {
    return List.of(
        List.of(SurrogateKey.of(100L), 100L, "LH100", "AMS", "BOS", at("2024-01-05T00:00"), false),
        List.of(SurrogateKey.of(200L), 200L, "LH201", "AMS", "LHR", at("2024-01-01T00:00"), false));
  }

  private static List<List<Object>> bookings() {
    long unknown = SurrogateKey.UNKNOWN;
    return List.of(
        fact(
            1,
            SurrogateKey.of(1L, JAN_01),
            flightSk(100),
            "2024-01-15T12:00",
            "100.00",
            "CANCELLED"),
        fact(
            2, SurrogateKey.of(1L, FEB_01), flightSk(200), FEB_01.toString(), "50.50", "CONFIRMED"),
        fact(
            3,
            SurrogateKey.of(1L, FEB_01),
            flightSk(100),
            "2024-02-20T00:00",
            "75.00",
            "CONFIRMED"),
        fact(
            4,
            SurrogateKey.of(2L, FEB_01),
            flightSk(100),
            "2024-02-10T00:00",
            "300.00",
            "CONFIRMED"),
        fact(5, unknown, unknown, "2024-02-10T00:00", "10.00", "CONFIRMED"),
        fact(6, unknown, flightSk(200), "2023-12-01T00:00", "20.00", "CONFIRMED"),
        fact(
            7,
            SurrogateKey.of(3L, FEB_01),
            flightSk(100),
            "2024-03-05T00:00",
            "30.00",
            "CONFIRMED"));
  }

  /** Checks the fact's keys against the dimension rows themselves, not the hash function. */
  private static void assertEachBookingPointsAtTheVersionValidAtBookingTime(
      List<List<Object>> bookings, List<List<Object>> customers) {
    Map<Object, List<Object>> bySk =
        customers.stream().collect(Collectors.toMap(r -> r.get(0), r -> r));
    Map<Long, Long> customerOfBooking = Map.of(1L, 1L, 2L, 1L, 3L, 1L, 4L, 2L, 7L, 3L);
    for (List<Object> booking : bookings) {
      Long bookingId = (Long) booking.get(0);
      if (!customerOfBooking.containsKey(bookingId)) {
        assertThat(booking.get(1)).as("customer_sk of booking %s", bookingId).isEqualTo(-1L);
        continue;
      }
      List<Object> version = bySk.get(booking.get(1));
      assertThat(version).as("dimension row of booking %s", bookingId).isNotNull();
      LocalDateTime bookedAt = (LocalDateTime) booking.get(4);
      assertThat(version.get(1)).isEqualTo(customerOfBooking.get(bookingId));
      assertThat((LocalDateTime) version.get(6)).isBeforeOrEqualTo(bookedAt);
      if (version.get(7) != null) {
        assertThat((LocalDateTime) version.get(7)).isAfter(bookedAt);
      }
    }
  }

  private static List<Object> customer(
      long id, String email, String tier, String country, LocalDateTime updatedAt) {
    return List.of(id, name(id), email, tier, country, updatedAt);
  }

  private static String name(long id) {
    return id == 1 ? "Ann" : id == 2 ? "Bob" : "Cy";
  }

  private static List<Object> version(
      long id, String email, String tier, LocalDateTime validFrom, LocalDateTime validTo) {
    String country = id == 1 ? "NL" : id == 2 ? "DE" : "FR";
    return Arrays.asList(
        SurrogateKey.of(id, validFrom),
        id,
        name(id),
        email,
        tier,
        country,
        validFrom,
        validTo,
        validTo == null,
        false);
  }

  private static List<Object> flight(
      long id, String number, String destination, LocalDateTime updatedAt) {
    return List.of(id, number, "AMS", destination, updatedAt);
  }

  private static long flightSk(long id) {
    return SurrogateKey.of(id);
  }

  private static List<Object> booking(
      long id, long customer, long flight, LocalDateTime bookedAt, String fare, String status) {
    return List.of(id, customer, flight, bookedAt, 1, new BigDecimal(fare), "EUR", status);
  }

  private static List<Object> fact(
      long id, long customerSk, long flightSk, String bookedAt, String fare, String status) {
    LocalDateTime time = at(bookedAt);
    int dateSk = time.getYear() * 10000 + time.getMonthValue() * 100 + time.getDayOfMonth();
    return List.of(id, customerSk, flightSk, dateSk, time, 1, new BigDecimal(fare), "EUR", status);
  }

  private static LocalDateTime at(String text) {
    return LocalDateTime.parse(text);
  }

  /** customer_id, valid_from, valid_to of each dimension row, sorted. */
  private static List<List<Object>> validity(List<List<Object>> customers) {
    return sorted(
        customers.stream().map(r -> Arrays.asList(r.get(1), r.get(6), r.get(7))).toList());
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    return rows.stream().sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
  }

  /** Waits until {@code actual} equals {@code expected}, failing with the last value. */
  private static <T> void awaitEqual(String what, Supplier<T> actual, T expected) {
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(500))
        .alias(what)
        .untilAsserted(() -> assertThat(actual.get()).as(what).isEqualTo(expected));
  }
}
