package io.lakehouseflow.sampledata.flights;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.sampledata.LandingFile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates landing CSV files for the flights pipeline: customers, airports, flights and bookings,
 * each in several files, with the cases a lakehouse must handle planted in them — late and
 * duplicate changes, changes that touch only {@code updated_at}, rows failing expectations and
 * lines that do not parse. The same seed and scale always give byte-identical files.
 */
public final class FlightsGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(FlightsGenerator.class);

  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  /** When every initial customer, airport and flight version is valid from. */
  static final LocalDateTime INITIAL = LocalDateTime.of(2024, 1, 1, 0, 0);

  private static final String[] FIRST_NAMES = {
    "Emma", "Liam", "Sofia", "Noah", "Mila", "Lucas", "Anna", "Jonas", "Lea", "Mateo",
    "Julia", "Elias", "Nora", "Hugo", "Clara", "Leon", "Alice", "Oscar", "Marta", "Finn"
  };
  private static final String[] LAST_NAMES = {
    "de Vries", "Muller", "Garcia", "Rossi", "Dubois", "Jansen", "Novak", "Silva", "Berg",
    "Kowalski", "Smith", "Lopez", "Bakker", "Weber", "Moreau", "Costa", "Nielsen", "Horvat",
    "Fischer", "Romano"
  };
  private static final String[] COUNTRIES = {
    "NL", "DE", "FR", "ES", "IT", "GB", "US", "BE", "PT", "SE", "PL", "AT", "CH", "DK", "IE"
  };
  private static final String[] TIERS = {"BRONZE", "SILVER", "GOLD", "PLATINUM"};
  private static final String[][] AIRPORTS = {
    {"AMS", "Amsterdam Schiphol", "Amsterdam", "NL"},
    {"CDG", "Paris Charles de Gaulle", "Paris", "FR"},
    {"FRA", "Frankfurt am Main", "Frankfurt", "DE"},
    {"LHR", "London Heathrow", "London", "GB"},
    {"MAD", "Adolfo Suarez Madrid-Barajas", "Madrid", "ES"},
    {"FCO", "Rome Fiumicino", "Rome", "IT"},
    {"MUC", "Munich", "Munich", "DE"},
    {"BCN", "Barcelona-El Prat", "Barcelona", "ES"},
    {"LIS", "Lisbon Humberto Delgado", "Lisbon", "PT"},
    {"VIE", "Vienna", "Vienna", "AT"},
    {"ZRH", "Zurich", "Zurich", "CH"},
    {"CPH", "Copenhagen Kastrup", "Copenhagen", "DK"},
    {"ARN", "Stockholm Arlanda", "Stockholm", "SE"},
    {"DUB", "Dublin", "Dublin", "IE"},
    {"BRU", "Brussels", "Brussels", "BE"},
    {"WAW", "Warsaw Chopin", "Warsaw", "PL"},
    {"JFK", "New York John F. Kennedy", "New York", "US"},
    {"MXP", "Milan Malpensa", "Milan", "IT"},
    {"OSL", "Oslo Gardermoen", "Oslo", "NO"},
    {"HEL", "Helsinki-Vantaa", "Helsinki", "FI"},
    {"ATH", "Athens", "Athens", "GR"},
    {"PRG", "Prague Vaclav Havel", "Prague", "CZ"},
    {"BUD", "Budapest Ferenc Liszt", "Budapest", "HU"},
    {"NCE", "Nice Cote d'Azur", "Nice", "FR"},
    {"HAM", "Hamburg", "Hamburg", "DE"},
    {"EDI", "Edinburgh", "Edinburgh", "GB"},
    {"OPO", "Porto", "Porto", "PT"},
    {"BOS", "Boston Logan", "Boston", "US"},
    {"GVA", "Geneva", "Geneva", "CH"},
    {"DUS", "Dusseldorf", "Dusseldorf", "DE"}
  };
  private static final String[] CARRIERS = {
    "KL", "LH", "AF", "BA", "IB", "AZ", "LX", "OS", "SK", "TP"
  };

  /** Planted cases; a fixed number at every scale so they stay easy to find. */
  private static final int LATE_CHANGES = 3;

  private static final int DUPLICATE_CHANGES = 3;
  private static final int NO_OP_CHANGES = 4;
  private static final int INVALID_EMAILS = 3;
  private static final int SELF_FLIGHTS = 3;

  private final long seed;
  private final int scale;

  private FlightsGenerator(long seed, int scale) {
    this.seed = seed;
    this.scale = scale;
  }

  public static Builder builder() {
    return new Builder();
  }

  public long seed() {
    return seed;
  }

  public int scale() {
    return scale;
  }

  /**
   * Writes the files under {@code landingRoot/<source>/} (replacing files of the same name) and
   * returns what was written with the outcome the flights pipeline must produce from it.
   */
  public GeneratedSample generate(Path landingRoot) {
    PipelineSpec spec = FlightsSample.spec();
    Map<String, List<LandingFile>> files = new LinkedHashMap<>();
    Customers customers = customers(new Random(seed));
    files.put("customers", customers.files());
    files.put("airports", airports(new Random(seed + 1)));
    Flights flights = flights(new Random(seed + 2), airportCodes());
    files.put("flights", flights.files());
    files.put("bookings", bookings(new Random(seed + 3), flights.validIds()));

    Map<String, List<Path>> written = new LinkedHashMap<>();
    files.forEach(
        (source, sourceFiles) -> {
          List<String> header =
              spec.source(source).columns().stream().map(ColumnSpec::name).toList();
          written.put(
              source, sourceFiles.stream().map(f -> f.writeTo(landingRoot, header)).toList());
        });
    GeneratedSample sample =
        new ExpectedFigures(spec, files)
            .compute(landingRoot, written, customers.twiceChangedId(), customers.lateChangedId());
    LOG.info(
        "Generated flights sample (seed {}, scale {}) under {}: rows {}, malformed {},"
            + " {} valid bookings, {} customer versions",
        seed,
        scale,
        landingRoot,
        sample.rowsWritten(),
        sample.malformedLines(),
        sample.validBookings(),
        sample.customerVersions());
    return sample;
  }

  private record Customer(
      long id, String first, String last, String email, String tier, String country) {
    LandingFile.Line line(LocalDateTime at) {
      return LandingFile.Line.of(
          List.of(
              String.valueOf(id), first + " " + last, email, tier, country, TIMESTAMP.format(at)));
    }

    String emailStem() {
      return FlightsGenerator.emailStem(first, last);
    }
  }

  private record Change(LocalDateTime at, Customer customer) {
    LandingFile.Line line() {
      return customer.line(at);
    }
  }

  private record Customers(List<LandingFile> files, long twiceChangedId, long lateChangedId) {}

  private record Flights(List<LandingFile> files, List<Long> validIds) {}

  /**
   * An initial snapshot, then two change files. A fifth of the customers change, half of those
   * twice; for {@value #LATE_CHANGES} of them the older change arrives in the later file.
   */
  private Customers customers(Random random) {
    int count = 200 * scale;
    List<Customer> initial = new ArrayList<>();
    for (long id = 1; id <= count; id++) {
      String first = pick(random, FIRST_NAMES);
      String last = pick(random, LAST_NAMES);
      int tier = random.nextInt(100);
      initial.add(
          new Customer(
              id,
              first,
              last,
              emailStem(first, last) + id + "@example.com",
              TIERS[tier < 50 ? 0 : tier < 80 ? 1 : tier < 95 ? 2 : 3],
              pick(random, COUNTRIES)));
    }
    List<Customer> order = new ArrayList<>(initial);
    Collections.shuffle(order, random);
    int changers = count / 5;
    int twice = changers / 2;

    List<Change> second = new ArrayList<>();
    List<Change> third = new ArrayList<>();
    List<Change> firstWave = new ArrayList<>();
    for (int i = 0; i < changers; i++) {
      Customer original = order.get(i);
      Change april = new Change(dayIn(random, 2024, 4), changed(random, original, original, 1));
      if (i >= twice) {
        second.add(april);
        firstWave.add(april);
        continue;
      }
      Change august =
          new Change(dayIn(random, 2024, 8), changed(random, april.customer(), original, 2));
      boolean late = i < LATE_CHANGES;
      (late ? third : second).add(april);
      (late ? second : third).add(august);
    }
    // Exact repeats of changes already delivered, as an at-least-once export would send them.
    firstWave.subList(0, DUPLICATE_CHANGES).forEach(third::add);
    // Re-exports that move updated_at but change no tracked column.
    for (int i = changers; i < changers + NO_OP_CHANGES; i++) {
      second.add(new Change(dayIn(random, 2024, 6), order.get(i)));
    }
    for (int i = changers + NO_OP_CHANGES; i < changers + NO_OP_CHANGES + INVALID_EMAILS; i++) {
      Customer c = order.get(i);
      third.add(
          new Change(
              dayIn(random, 2024, 7),
              new Customer(
                  c.id(),
                  c.first(),
                  c.last(),
                  c.emailStem() + ".example.com",
                  c.tier(),
                  c.country())));
    }

    List<LandingFile.Line> secondLines = sortedLines(second);
    secondLines.add(
        secondLines.size() / 2,
        LandingFile.Line.of(
            List.of(String.valueOf(count + 1), "Field Missing", "missing@example.com", "GOLD")));
    List<LandingFile.Line> thirdLines = sortedLines(third);
    thirdLines.add(
        thirdLines.size() / 2,
        LandingFile.Line.of(
            List.of(
                "C-" + (count + 2),
                "Letter Id",
                "letter.id@example.com",
                "SILVER",
                "NL",
                TIMESTAMP.format(dayIn(random, 2024, 9)))));
    // Last in its file, so a parser can lose no more than this line to the open quote.
    thirdLines.add(
        LandingFile.Line.raw(
            (count + 3)
                + ",\"Unclosed Quote,unclosed@example.com,GOLD,FR,"
                + TIMESTAMP.format(dayIn(random, 2024, 9))));

    List<LandingFile> files =
        List.of(
            new LandingFile(
                "customers",
                "customers-0001.csv",
                initial.stream().map(c -> c.line(INITIAL)).toList()),
            new LandingFile("customers", "customers-0002.csv", secondLines),
            new LandingFile("customers", "customers-0003.csv", thirdLines));
    return new Customers(files, order.get(LATE_CHANGES).id(), order.get(0).id());
  }

  private static String emailStem(String first, String last) {
    return (first + "." + last).toLowerCase(Locale.ROOT).replace(" ", "");
  }

  /** A change of tier, email or country to a value the customer never had, so no change reverts. */
  private static Customer changed(
      Random random, Customer previous, Customer original, int version) {
    return switch (random.nextInt(3)) {
      case 0 ->
          new Customer(
              previous.id(),
              previous.first(),
              previous.last(),
              previous.email(),
              other(random, TIERS, previous.tier(), original.tier()),
              previous.country());
      case 1 ->
          new Customer(
              previous.id(),
              previous.first(),
              previous.last(),
              previous.emailStem() + "." + version + "@mail.example.org",
              previous.tier(),
              previous.country());
      default ->
          new Customer(
              previous.id(),
              previous.first(),
              previous.last(),
              previous.email(),
              previous.tier(),
              other(random, COUNTRIES, previous.country(), original.country()));
    };
  }

  private static List<LandingFile.Line> sortedLines(List<Change> changes) {
    return changes.stream()
        .sorted(Comparator.comparing(Change::at).thenComparing(c -> c.customer().id()))
        .map(Change::line)
        .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
  }

  /** The initial airports, then a file renaming two of them. */
  private List<LandingFile> airports(Random random) {
    List<String[]> airports = IntStream.range(0, 20 * scale).mapToObj(this::airport).toList();
    List<LandingFile.Line> initial =
        airports.stream()
            .map(
                a ->
                    LandingFile.Line.of(List.of(a[0], a[1], a[2], a[3], TIMESTAMP.format(INITIAL))))
            .toList();
    List<Integer> renamed = shuffledIndexes(random, airports.size()).subList(0, 2);
    List<LandingFile.Line> updates =
        renamed.stream()
            .sorted()
            .map(i -> airports.get(i))
            .map(
                a ->
                    LandingFile.Line.of(
                        List.of(
                            a[0],
                            a[1] + " International",
                            a[2],
                            a[3],
                            TIMESTAMP.format(dayIn(random, 2024, 5)))))
            .toList();
    return List.of(
        new LandingFile("airports", "airports-0001.csv", initial),
        new LandingFile("airports", "airports-0002.csv", updates));
  }

  private String[] airport(int index) {
    if (index < AIRPORTS.length) {
      return AIRPORTS[index];
    }
    StringBuilder code = new StringBuilder();
    for (int rest = index; rest > 0 || code.length() < 2; rest /= 26) {
      code.insert(0, (char) ('A' + rest % 26));
    }
    code.insert(0, 'Q');
    return new String[] {
      code.toString(), "Regional " + code, "Town " + code, COUNTRIES[index % COUNTRIES.length]
    };
  }

  private List<String> airportCodes() {
    return IntStream.range(0, 20 * scale).mapToObj(i -> airport(i)[0]).toList();
  }

  /** Two files of flights, the second also rescheduling two earlier ones. */
  private Flights flights(Random random, List<String> airports) {
    int count = 150 * scale;
    List<Integer> selfFlights = shuffledIndexes(random, count).subList(0, SELF_FLIGHTS);
    List<List<String>> rows = new ArrayList<>();
    List<Long> validIds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = i + 1;
      String origin = airports.get(random.nextInt(airports.size()));
      String destination =
          selfFlights.contains(i)
              ? origin
              : other(random, airports.toArray(String[]::new), origin, origin);
      LocalDateTime departure =
          LocalDateTime.of(2024, 1, 3, 6, 0).plusMinutes(5L * random.nextInt(360 * 288));
      rows.add(
          List.of(
              String.valueOf(id),
              pick(random, CARRIERS) + (100 + random.nextInt(9000)),
              origin,
              destination,
              TIMESTAMP.format(departure),
              TIMESTAMP.format(INITIAL)));
      if (!selfFlights.contains(i)) {
        validIds.add(id);
      }
    }
    int firstFile = count * 2 / 3;
    List<LandingFile.Line> second =
        new ArrayList<>(rows.subList(firstFile, count).stream().map(LandingFile.Line::of).toList());
    for (long id : List.of(validIds.get(0), validIds.get(1))) {
      List<String> row = new ArrayList<>(rows.get((int) id - 1));
      row.set(4, TIMESTAMP.format(LocalDateTime.parse(row.get(4)).plusMinutes(90)));
      row.set(5, TIMESTAMP.format(dayIn(random, 2024, 6)));
      second.add(LandingFile.Line.of(row));
    }
    return new Flights(
        List.of(
            new LandingFile(
                "flights",
                "flights-0001.csv",
                rows.subList(0, firstFile).stream().map(LandingFile.Line::of).toList()),
            new LandingFile("flights", "flights-0002.csv", second)),
        validIds);
  }

  /**
   * One file per quarter of {@code booked_at}. A few rows fail an expectation, a few lines do not
   * parse; booking ids are unique and rise with {@code booked_at}.
   */
  private List<LandingFile> bookings(Random random, List<Long> flightIds) {
    int count = 3000 * scale;
    int customers = 200 * scale;
    List<LocalDateTime> bookedAt = new ArrayList<>();
    LocalDateTime start = LocalDateTime.of(2024, 1, 2, 0, 0);
    int seconds = 364 * 24 * 3600; // up to 2024-12-31T23:59:59
    for (int i = 0; i < count; i++) {
      bookedAt.add(start.plusSeconds(random.nextInt(seconds)));
    }
    Collections.sort(bookedAt);
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int seats = seats(random);
      BigDecimal perSeat = BigDecimal.valueOf(2900 + random.nextInt(87000), 2);
      int currency = random.nextInt(100);
      rows.add(
          new ArrayList<>(
              List.of(
                  String.valueOf(100_001 + i),
                  String.valueOf(1 + random.nextInt(customers)),
                  String.valueOf(flightIds.get(random.nextInt(flightIds.size()))),
                  TIMESTAMP.format(bookedAt.get(i)),
                  String.valueOf(seats),
                  perSeat
                      .multiply(BigDecimal.valueOf(seats))
                      .setScale(2, RoundingMode.UNNECESSARY)
                      .toPlainString(),
                  currency < 80 ? "EUR" : currency < 92 ? "USD" : "GBP",
                  random.nextInt(10) == 0 ? "CANCELLED" : "CONFIRMED")));
    }
    List<Integer> planted = shuffledIndexes(random, count);
    plant(rows, planted.subList(0, 2), 5, "0");
    plant(rows, planted.subList(2, 4), 5, "-15.50");
    plant(rows, planted.subList(4, 6), 5, "abc");
    plant(rows, planted.subList(6, 8), 4, "0");
    plant(rows, planted.subList(8, 10), 4, "12");
    plant(rows, planted.subList(10, 15), 7, "PENDING");

    List<List<LandingFile.Line>> quarters = new ArrayList<>();
    for (int q = 0; q < 4; q++) {
      quarters.add(new ArrayList<>());
    }
    for (List<String> row : rows) {
      quarters
          .get((LocalDateTime.parse(row.get(3)).getMonthValue() - 1) / 3)
          .add(LandingFile.Line.of(row));
    }
    String customer = String.valueOf(1 + random.nextInt(customers));
    String flight = String.valueOf(flightIds.get(0));
    insertMiddle(
        quarters.get(0),
        List.of("900001", customer, flight, "2024-02-10T10:00:00", "2", "120.00", "EUR"));
    insertMiddle(
        quarters.get(1),
        List.of(
            "BK-900002",
            customer,
            flight,
            "2024-05-10T10:00:00",
            "1",
            "80.00",
            "EUR",
            "CONFIRMED"));
    insertMiddle(
        quarters.get(2),
        List.of(
            "900003",
            customer,
            flight,
            "2024-08-10T10:00:00",
            "two",
            "150.00",
            "EUR",
            "CONFIRMED"));
    // Last in its file, so a parser can lose no more than this line to the open quote.
    quarters
        .get(1)
        .add(
            LandingFile.Line.raw(
                "900004,"
                    + customer
                    + ","
                    + flight
                    + ",2024-06-20T10:00:00,2,\"99.00,EUR,CONFIRMED"));

    List<LandingFile> files = new ArrayList<>();
    for (int q = 0; q < 4; q++) {
      files.add(
          new LandingFile(
              "bookings", String.format(Locale.ROOT, "bookings-%04d.csv", q + 1), quarters.get(q)));
    }
    return files;
  }

  /** Mostly one or two seats, rarely up to nine. */
  private static int seats(Random random) {
    int r = random.nextInt(100);
    return r < 50 ? 1 : r < 80 ? 2 : r < 95 ? 3 + random.nextInt(2) : 5 + random.nextInt(5);
  }

  private static void plant(
      List<List<String>> rows, List<Integer> indexes, int column, String value) {
    indexes.forEach(i -> rows.get(i).set(column, value));
  }

  private static void insertMiddle(List<LandingFile.Line> lines, List<String> fields) {
    lines.add(lines.size() / 2, LandingFile.Line.of(fields));
  }

  private static List<Integer> shuffledIndexes(Random random, int count) {
    List<Integer> indexes = new ArrayList<>(IntStream.range(0, count).boxed().toList());
    Collections.shuffle(indexes, random);
    return indexes;
  }

  /** A time on a random day of the month's first 28 days. */
  private static LocalDateTime dayIn(Random random, int year, int month) {
    return LocalDateTime.of(year, month, 1 + random.nextInt(28), 0, 0)
        .plusSeconds(random.nextInt(24 * 3600));
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String other(Random random, String[] values, String notThis, String norThis) {
    String value;
    do {
      value = pick(random, values);
    } while (value.equals(notThis) || value.equals(norThis));
    return value;
  }

  /** Settings of a {@link FlightsGenerator}. */
  public static final class Builder {
    private long seed = 42;
    private int scale = 1;

    private Builder() {}

    /** The random seed; the same seed and scale give the same files. Default 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The size: scale 1 is about 200 customers, 20 airports, 150 flights and 3000 bookings; every
     * count grows linearly. Default 1.
     */
    public Builder scale(int scale) {
      this.scale = scale;
      return this;
    }

    public FlightsGenerator build() {
      if (scale < 1 || scale > 10_000) {
        throw new IllegalArgumentException(
            "Invalid scale "
                + scale
                + ": it must be between 1 and 10000 (1 is about 3000 bookings). Pass a scale in that range.");
      }
      return new FlightsGenerator(seed, scale);
    }
  }
}
