package io.lakehouseflow.sampledata.flights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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

/** Checks the generated files against figures recounted here, independently of the generator. */
class FlightsGeneratorTest {
  private static final List<String> SOURCES =
      List.of("customers", "airports", "flights", "bookings");

  @TempDir static Path landing;
  static GeneratedSample sample;

  @BeforeAll
  static void generate() {
    sample = FlightsGenerator.builder().seed(7).scale(1).build().generate(landing);
  }

  @Test
  void sameSeedWritesIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path again, @TempDir Path other)
      throws IOException {
    FlightsGenerator.builder().seed(7).scale(1).build().generate(again);
    FlightsGenerator.builder().seed(8).scale(1).build().generate(other);

    Map<String, byte[]> first = contents(landing);
    assertThat(first.keySet()).hasSize(11);
    Map<String, byte[]> second = contents(again);
    assertThat(second.keySet()).isEqualTo(first.keySet());
    assertThat(first.keySet()).allMatch(f -> Arrays.equals(first.get(f), second.get(f)));
    Map<String, byte[]> different = contents(other);
    assertThat(different.keySet()).isEqualTo(first.keySet());
    assertThat(first.keySet()).anyMatch(f -> !Arrays.equals(first.get(f), different.get(f)));
  }

  @Test
  void writesSeveralFilesPerSourceWithAHeader() throws IOException {
    assertThat(sample.files().keySet()).containsExactlyElementsOf(SOURCES);
    assertThat(sample.files().get("customers"))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("customers-0001.csv", "customers-0002.csv", "customers-0003.csv");
    assertThat(sample.files().get("bookings")).hasSize(4);
    assertThat(Files.readAllLines(landing.resolve("bookings/bookings-0001.csv")).get(0))
        .isEqualTo("booking_id,customer_id,flight_id,booked_at,seats,fare,currency,status");
    try (Stream<Path> hidden = Files.walk(landing)) {
      assertThat(hidden.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
    }
    assertThat(
            new String(
                Files.readAllBytes(sample.files().get("airports").get(0)), StandardCharsets.UTF_8))
        .doesNotContain("\r");
  }

  @Test
  void rowAndMalformedCountsMatchTheFiles() {
    for (String source : SOURCES) {
      List<ParsedLine> lines = lines(source);
      assertThat(sample.rowsWritten(source)).as(source).isEqualTo(lines.size());
      assertThat(sample.malformedLines(source))
          .as(source)
          .isEqualTo(lines.stream().filter(l -> l.fields() == null).count());
    }
    assertThat(sample.malformedLines("customers")).isEqualTo(3);
    assertThat(sample.malformedLines("bookings")).isEqualTo(4);
    assertThat(sample.malformedLines("airports")).isZero();
    assertThat(sample.rowsWritten("bookings")).isEqualTo(3004);
    assertThat(sample.rowsWritten("flights")).isEqualTo(152);
    assertThat(sample.rowsWritten("airports")).isEqualTo(22);
  }

  @Test
  void bookingFiguresMatchTheFiles() {
    List<List<String>> bookings = parsed("bookings");
    List<List<String>> valid =
        bookings.stream()
            .filter(
                b ->
                    isPositiveNumber(b.get(5))
                        && Integer.parseInt(b.get(4)) >= 1
                        && Integer.parseInt(b.get(4)) <= 9)
            .toList();

    assertThat(sample.validBookings()).isEqualTo(valid.size()).isEqualTo(3000 - 10);
    assertThat(sample.quarantinedBookings())
        .isEqualTo(bookings.size() - valid.size())
        .isEqualTo(10);
    assertThat(valid).extracting(b -> b.get(0)).doesNotHaveDuplicates();
    assertThat(sample.unknownStatusBookings())
        .isEqualTo(
            valid.stream()
                .filter(b -> !Set.of("CONFIRMED", "CANCELLED").contains(b.get(7)))
                .count())
        .isPositive();
    assertThat(bookings)
        .extracting(b -> b.get(5))
        .contains("0", "abc")
        .anyMatch(f -> f.startsWith("-"));
    assertThat(valid)
        .allSatisfy(
            b -> {
              assertThat(b.get(5)).matches("\\d+\\.\\d{2}");
              assertThat(LocalDateTime.parse(b.get(3)))
                  .isBetween(
                      LocalDateTime.parse("2024-01-02T00:00:00"),
                      LocalDateTime.parse("2024-12-31T23:59:59"));
            });
  }

  @Test
  void bookingsReferenceExistingCustomersAndKeptFlights() {
    Set<String> customers = new HashSet<>();
    parsed("customers").forEach(c -> customers.add(c.get(0)));
    Set<String> keptFlights = new HashSet<>();
    List<List<String>> flights = parsed("flights");
    flights.stream()
        .filter(f -> !f.get(2).equals(f.get(3)))
        .forEach(f -> keptFlights.add(f.get(0)));

    assertThat(parsed("bookings"))
        .allSatisfy(
            b -> {
              assertThat(customers).contains(b.get(1));
              assertThat(keptFlights).contains(b.get(2));
            });
    assertThat(sample.flightKeys()).isEqualTo(keptFlights.size()).isEqualTo(147);
    assertThat(sample.droppedFlights())
        .isEqualTo(flights.stream().filter(f -> f.get(2).equals(f.get(3))).count())
        .isEqualTo(3);
    assertThat(sample.airportKeys()).isEqualTo(20);
  }

  @Test
  void customerVersionsMatchTheFiles() {
    List<List<String>> customers = parsed("customers");
    List<List<String>> validEmail =
        customers.stream().filter(c -> c.get(2).matches(".+@.+")).toList();
    Map<String, List<LocalDateTime>> versions = versions(validEmail);

    assertThat(sample.quarantinedCustomers())
        .isEqualTo(customers.size() - validEmail.size())
        .isEqualTo(3);
    assertThat(sample.customerKeys()).isEqualTo(versions.size()).isEqualTo(200);
    assertThat(sample.customerVersions())
        .isEqualTo(versions.values().stream().mapToInt(List::size).sum())
        .isEqualTo(200 + 40 + 20);
    CustomerHistory twice = sample.twiceChangedCustomer();
    assertThat(twice.versions()).isEqualTo(3);
    assertThat(twice.validFrom())
        .isEqualTo(versions.get(String.valueOf(twice.customerId())))
        .first()
        .isEqualTo(LocalDateTime.parse("2024-01-01T00:00:00"));
    assertThat(sample.lateChangedCustomer().validFrom())
        .isEqualTo(versions.get(String.valueOf(sample.lateChangedCustomer().customerId())))
        .hasSize(3);
  }

  @Test
  void plantedCustomerCasesArePresent() {
    List<List<String>> second = fileRows("customers/customers-0002.csv");
    List<List<String>> third = fileRows("customers/customers-0003.csv");

    // The late customer's newer change is in file 2, its older one only in file 3.
    String late = String.valueOf(sample.lateChangedCustomer().customerId());
    List<LocalDateTime> lateValidFrom = sample.lateChangedCustomer().validFrom();
    assertThat(second)
        .anyMatch(
            r ->
                r.get(0).equals(late)
                    && LocalDateTime.parse(r.get(5)).equals(lateValidFrom.get(2)));
    assertThat(third)
        .anyMatch(
            r ->
                r.get(0).equals(late)
                    && LocalDateTime.parse(r.get(5)).equals(lateValidFrom.get(1)));
    // The in-order customer's changes arrive in order.
    String inOrder = String.valueOf(sample.twiceChangedCustomer().customerId());
    assertThat(second)
        .anyMatch(
            r ->
                r.get(0).equals(inOrder)
                    && LocalDateTime.parse(r.get(5))
                        .equals(sample.twiceChangedCustomer().validFrom().get(1)));
    // Exact duplicates of delivered rows: customers declares dedup, so silver drops them.
    assertThat(third.stream().filter(second::contains).count()).isEqualTo(3);
    assertThat(sample.duplicateRows("customers")).isEqualTo(3);
    assertThat(sample.silverRows("customers"))
        .isEqualTo(
            sample.rowsWritten("customers")
                - sample.malformedLines("customers")
                - sample.quarantinedCustomers()
                - 3)
        // The snapshot, 60 changes and 4 re-exports; not the invalid emails, bad lines or copies.
        .isEqualTo(200 + 60 + 4);
    // The other tables declare no dedup: a booking, flight or airport is never re-sent as it was.
    assertThat(List.of("airports", "flights", "bookings"))
        .allSatisfy(t -> assertThat(sample.duplicateRows(t)).as(t).isZero());
    assertThat(sample.silverRows("bookings")).isEqualTo(sample.validBookings());
    assertThat(sample.silverRows("flights")).isEqualTo(152 - sample.droppedFlights());
    // Rows that move updated_at only: same tracked columns as the snapshot, later timestamp.
    List<List<String>> initial = fileRows("customers/customers-0001.csv");
    Map<String, List<String>> initialById = new HashMap<>();
    initial.forEach(r -> initialById.put(r.get(0), r));
    assertThat(
            second.stream()
                .filter(r -> r.subList(0, 5).equals(initialById.get(r.get(0)).subList(0, 5)))
                .count())
        .isEqualTo(4);
    // The unterminated quote is the last line of its file.
    List<ParsedLine> thirdLines = parseFile(landing.resolve("customers/customers-0003.csv"));
    assertThat(thirdLines.get(thirdLines.size() - 1).fields()).isNull();
    assertThat(thirdLines.get(thirdLines.size() - 1).text()).contains("\"Unclosed");
  }

  @Test
  void largerScaleGrowsLinearly(@TempDir Path dir) {
    GeneratedSample larger = FlightsGenerator.builder().seed(7).scale(2).build().generate(dir);
    assertThat(larger.validBookings()).isEqualTo(6000 - 10);
    assertThat(larger.customerKeys()).isEqualTo(400);
    assertThat(larger.airportKeys()).isEqualTo(40);
  }

  @Test
  void rejectsAnInvalidScale() {
    assertThatThrownBy(() -> FlightsGenerator.builder().scale(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid scale 0");
  }

  /** Successive distinct tracked values per customer, ordered by updated_at. */
  private static Map<String, List<LocalDateTime>> versions(List<List<String>> rows) {
    Map<String, Set<List<String>>> byId = new TreeMap<>();
    rows.forEach(r -> byId.computeIfAbsent(r.get(0), k -> new LinkedHashSet<>()).add(r));
    Map<String, List<LocalDateTime>> out = new HashMap<>();
    byId.forEach(
        (id, distinct) -> {
          List<List<String>> sorted = new ArrayList<>(distinct);
          sorted.sort(Comparator.comparing(r -> r.get(5)));
          List<LocalDateTime> starts = new ArrayList<>();
          List<String> previous = null;
          for (List<String> r : sorted) {
            if (!r.subList(1, 5).equals(previous)) {
              starts.add(LocalDateTime.parse(r.get(5)));
              previous = r.subList(1, 5);
            }
          }
          out.put(id, starts);
        });
    return out;
  }

  private static boolean isPositiveNumber(String text) {
    try {
      return new BigDecimal(text).signum() > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** One data line; {@code fields} is null when it does not parse as the source's columns. */
  record ParsedLine(String text, List<String> fields) {}

  private static List<ParsedLine> lines(String source) {
    List<ParsedLine> out = new ArrayList<>();
    sample.files().get(source).forEach(f -> out.addAll(parseFile(f)));
    return out;
  }

  private static List<List<String>> parsed(String source) {
    return lines(source).stream().map(ParsedLine::fields).filter(f -> f != null).toList();
  }

  private static List<List<String>> fileRows(String relative) {
    return parseFile(landing.resolve(relative)).stream()
        .map(ParsedLine::fields)
        .filter(f -> f != null)
        .toList();
  }

  /** Parses each line on its own, checking field count and the numeric and timestamp columns. */
  private static List<ParsedLine> parseFile(Path file) {
    String source = file.getParent().getFileName().toString();
    try {
      List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> header = List.of(text.get(0).split(","));
      List<ParsedLine> out = new ArrayList<>();
      for (String line : text.subList(1, text.size())) {
        out.add(new ParsedLine(line, parseLine(source, header, line)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> parseLine(String source, List<String> header, String line) {
    try (CSVParser parser = CSVParser.parse(line, CSVFormat.DEFAULT)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1 || records.get(0).size() != header.size()) {
        return null;
      }
      List<String> fields = records.get(0).toList();
      for (int i = 0; i < fields.size(); i++) {
        String column = header.get(i);
        if (column.endsWith("_id") && !column.equals("airport_id")) {
          Long.parseLong(fields.get(i));
        } else if (column.equals("seats")) {
          Integer.parseInt(fields.get(i));
        } else if (column.endsWith("_at")) {
          LocalDateTime.parse(fields.get(i));
        }
      }
      return fields;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return out;
  }
}
