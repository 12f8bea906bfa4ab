package io.lakehouseflow.sampledata.rides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the generated rides files against figures recounted here from the files themselves. */
class RidesGeneratorTest {
  private static final List<String> SOURCES =
      List.of("customers", "drivers", "vehicles", "locations", "trips", "payments");

  @TempDir static Path landing;
  static GeneratedRides sample;

  @BeforeAll
  static void generate() {
    sample = RidesGenerator.builder().seed(7).scale(1).build().generate(landing);
  }

  @Test
  void sameSeedWritesIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path again, @TempDir Path other)
      throws IOException {
    GeneratedRides repeated = RidesGenerator.builder().seed(7).scale(1).build().generate(again);
    RidesGenerator.builder().seed(8).scale(1).build().generate(other);

    Map<String, byte[]> first = contents(landing);
    assertThat(first.keySet()).hasSize(3 + 3 + 2 + 2 + 5 + 6);
    Map<String, byte[]> second = contents(again);
    assertThat(second.keySet()).isEqualTo(first.keySet());
    assertThat(first.keySet()).allMatch(f -> Arrays.equals(first.get(f), second.get(f)));
    assertThat(repeated.tableRows()).isEqualTo(sample.tableRows());
    Map<String, byte[]> different = contents(other);
    assertThat(different.keySet()).isEqualTo(first.keySet());
    assertThat(first.keySet()).anyMatch(f -> !Arrays.equals(first.get(f), different.get(f)));
  }

  @Test
  void rowAndMalformedCountsMatchTheFiles() throws IOException {
    assertThat(sample.files().keySet()).containsExactlyElementsOf(SOURCES);
    for (String source : SOURCES) {
      long lines = 0;
      for (Path file : sample.files().get(source)) {
        // Every line is one record but the trips file ending in an open quote.
        lines += Files.readAllLines(file).size() - 1;
      }
      assertThat(sample.rowsWritten(source)).as(source).isEqualTo(lines);
      assertThat(sample.rows("bronze." + source)).as(source).isEqualTo(lines);
      // Every source but locations plants a wrong field count, a bad number or an open quote.
      assertThat(sample.malformedLines(source))
          .as(source)
          .isBetween(source.equals("locations") ? 0 : 1, source.equals("locations") ? 0 : 3);
    }
  }

  @Test
  void everyTableHasAnExpectedCountAndQuarantineHoldsTheMalformedLines() {
    for (String source : SOURCES) {
      assertThat(sample.rows("silver." + source) + sample.rows("silver." + source + "_quarantine"))
          .as(source)
          .isEqualTo(
              sample.rowsWritten(source)
                  - sample.droppedRows().get(source)
                  - sample.duplicateRows().get(source));
      assertThat(sample.rows("silver." + source + "_quarantine"))
          .as(source)
          .isGreaterThanOrEqualTo(sample.malformedLines(source));
    }
    assertThat(sample.droppedRows().get("trips")).isEqualTo(3);
    assertThat(sample.warnedRows().get("trips")).isEqualTo(4);
    assertThat(sample.warnedRows().get("payments")).isEqualTo(2);
    // The lines re-sent byte for byte; a correction (same payment, other values) is no copy.
    assertThat(sample.duplicateRows())
        .isEqualTo(
            Map.of(
                "customers", 3L,
                "drivers", 2L,
                "vehicles", 0L,
                "locations", 0L,
                "trips", 5L,
                "payments", 3L));
    assertThat(sample.tableRows().keySet())
        .contains(
            "gold.dim_customer",
            "gold.dim_driver",
            "gold.dim_vehicle",
            "gold.dim_location",
            "gold.fact_trip",
            "gold.fact_payment",
            "gold.dim_date");
  }

  @Test
  void validTripsAreTheDistinctTripIdsOfLinesPassingEveryRowRule() throws IOException {
    Set<String> ids = new HashSet<>();
    BigDecimal fares = BigDecimal.ZERO;
    for (CSVRecord trip : records("trips")) {
      if (trip.size() != 11 || !trip.get(0).matches("\\d+")) {
        continue;
      }
      BigDecimal base = number(trip.get(8));
      BigDecimal surge = trip.get(9).isEmpty() ? BigDecimal.ZERO : number(trip.get(9));
      if (base == null || surge == null || base.signum() <= 0 || trip.get(4).equals(trip.get(5))) {
        continue;
      }
      if (ids.add(trip.get(0))) {
        fares = fares.add(base).add(surge);
      }
    }
    assertThat(sample.validTrips()).isEqualTo(ids.size());
    assertThat(sample.fareTotal()).isEqualByComparingTo(fares);
    // Silver drops the re-sent trips, so it holds each valid trip once, as the fact does.
    assertThat(sample.rows("silver.trips")).isEqualTo(sample.validTrips());
    assertThat(sample.tripsWithUnknownPickup()).isEqualTo(2);
  }

  @Test
  void validPaymentsTakeTheGreatestValidRevision() throws IOException {
    Map<String, Integer> revisions = new TreeMap<>();
    Map<String, BigDecimal> amounts = new HashMap<>();
    for (CSVRecord payment : records("payments")) {
      if (payment.size() != 7 || !payment.get(6).matches("\\d+")) {
        continue;
      }
      BigDecimal amount = number(payment.get(4));
      if (amount == null || amount.signum() <= 0) {
        continue;
      }
      int revision = Integer.parseInt(payment.get(6));
      if (revision >= revisions.getOrDefault(payment.get(0), 0)) {
        revisions.put(payment.get(0), revision);
        amounts.put(payment.get(0), amount);
      }
    }
    assertThat(sample.validPayments()).isEqualTo(revisions.size());
    assertThat(sample.correctedPayments())
        .isEqualTo(revisions.values().stream().filter(r -> r > 1).count())
        .isGreaterThanOrEqualTo(10);
    assertThat(sample.paymentTotal())
        .isEqualByComparingTo(amounts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  @Test
  void driversChangeLeaveAndComeBack() throws IOException {
    List<String> operations = new ArrayList<>();
    for (CSVRecord driver : records("drivers")) {
      if (driver.size() > 1) {
        operations.add(driver.get(1));
      }
    }
    assertThat(operations).contains("I", "U", "D", "X");
    assertThat(sample.deletedDriverVersions()).isEqualTo(2);
    // Every driver but the one who left for good has a current version.
    assertThat(sample.currentDrivers()).isEqualTo(40 - 1);
    assertThat(sample.driverVersions()).isGreaterThan(40 + 10);
    assertThat(sample.changedDriver()).isNotEqualTo(sample.returningDriver());
    assertThat(sample.currentCustomers()).isEqualTo(100);
    assertThat(sample.customerVersions()).isGreaterThan(100 + 20);
    // Trips requested while their driver was away point at no driver version.
    assertThat(sample.tripsWithoutDriver()).isGreaterThan(0);
  }

  @Test
  void refusesAScaleOutOfRange() {
    assertThatThrownBy(() -> RidesGenerator.builder().scale(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid scale 0");
  }

  private static List<CSVRecord> records(String source) throws IOException {
    List<CSVRecord> records = new ArrayList<>();
    for (Path file : sample.files().get(source)) {
      try (Reader reader = Files.newBufferedReader(file);
          CSVParser parser =
              CSVFormat.DEFAULT
                  .builder()
                  .setHeader()
                  .setSkipHeaderRecord(true)
                  .get()
                  .parse(reader)) {
        parser.forEach(records::add);
      } catch (java.io.UncheckedIOException e) {
        // The file ending inside an open quote: its earlier records were added.
      }
    }
    return records;
  }

  private static BigDecimal number(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> contents = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        contents.put(root.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return contents;
  }
}
