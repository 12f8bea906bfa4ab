package io.lakehouseflow.sampledata.rides;

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
 * Generates landing CSV files for the rides pipeline: customers, drivers (a CDC export with
 * deletes), vehicles, locations, trips and payments (with corrections), each in several files, with
 * the cases a lakehouse must handle planted in them: changes arriving late, exact duplicate lines,
 * re-exports that change nothing tracked, text needing standardization, rows failing each
 * expectation and lines that do not parse. The same seed and scale always give byte-identical
 * files.
 */
public final class RidesGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(RidesGenerator.class);

  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  /** When every initial customer, driver, vehicle and location version is valid from. */
  static final LocalDateTime INITIAL = LocalDateTime.of(2024, 1, 1, 0, 0);

  private static final String[] FIRST_NAMES = {
    "Ava", "Ben", "Chloe", "Daan", "Eva", "Felix", "Greta", "Hamza", "Ines", "Jakub",
    "Kim", "Lars", "Maya", "Nico", "Olga", "Pieter", "Rosa", "Sami", "Tess", "Yara"
  };
  private static final String[] LAST_NAMES = {
    "Visser", "Schmidt", "Martin", "Bianchi", "Peeters", "Meijer", "Horvath", "Santos", "Lind",
    "Nowak", "Brown", "Perez", "Smit", "Wagner", "Laurent", "Ferreira", "Hansen", "Kovac"
  };
  private static final String[] CITIES = {"Amsterdam", "Rotterdam", "Utrecht", "The Hague"};
  private static final String[] TIERS = {"BASIC", "PLUS", "PREMIUM"};

  /** Tiers as apps and exports write them; silver trims and upper-cases them. */
  private static final String[][] TIER_SPELLINGS = {
    {"BASIC", "basic", " Basic"}, {"PLUS", "plus ", "Plus"}, {"PREMIUM", "premium", " PREMIUM "}
  };

  private static final String[][] VEHICLE_MODELS = {
    {"Toyota", "Prius"},
    {"Tesla", "Model 3"},
    {"Kia", "Niro"},
    {"Skoda", "Octavia"},
    {"Mercedes", "E-Class"},
    {"Volkswagen", "ID.4"},
    {"Hyundai", "Ioniq 5"}
  };
  private static final String[] ZONES = {
    "Centrum",
    "Noord",
    "Oost",
    "West",
    "Zuid",
    "Airport",
    "Station",
    "Harbour",
    "University",
    "Old Town"
  };
  private static final String[] METHOD_SPELLINGS = {"CARD", "card", " Card", "CASH", "WALLET"};

  /** Planted cases; a fixed number at every scale so they stay easy to find. */
  private static final int LATE_DRIVER_CHANGES = 2;

  private static final int DUPLICATE_LINES = 3;
  private static final int INVALID_EMAILS = 3;
  private static final int LATE_TRIPS = 20;

  private final long seed;
  private final int scale;

  private RidesGenerator(long seed, int scale) {
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
   * returns what was written with the outcome the rides pipeline must produce from it.
   */
  public GeneratedRides generate(Path landingRoot) {
    PipelineSpec spec = RidesSample.spec();
    Map<String, List<LandingFile>> files = new LinkedHashMap<>();
    files.put("customers", customers(new Random(seed)));
    Drivers drivers = drivers(new Random(seed + 1));
    files.put("drivers", drivers.files());
    files.put("vehicles", vehicles(new Random(seed + 2)));
    files.put("locations", locations(new Random(seed + 3)));
    Trips trips = trips(new Random(seed + 4));
    files.put("trips", trips.files());
    files.put("payments", payments(new Random(seed + 5), trips.completed()));

    Map<String, List<Path>> written = new LinkedHashMap<>();
    files.forEach(
        (source, sourceFiles) -> {
          List<String> header =
              spec.source(source).columns().stream().map(ColumnSpec::name).toList();
          written.put(
              source, sourceFiles.stream().map(f -> f.writeTo(landingRoot, header)).toList());
        });
    GeneratedRides sample =
        new RidesExpectedFigures(spec, files)
            .compute(landingRoot, written, drivers.changedId(), drivers.returningId());
    LOG.info(
        "Generated rides sample (seed {}, scale {}) under {}: rows {}, malformed {}, expected {}",
        seed,
        scale,
        landingRoot,
        sample.rowsWritten(),
        sample.malformedLines(),
        sample.tableRows());
    return sample;
  }

  private int customerCount() {
    return 100 * scale;
  }

  private int driverCount() {
    return 40 * scale;
  }

  private int locationCount() {
    return 25 * scale;
  }

  // ---------------------------------------------------------------- customers

  private record Customer(long id, String name, String email, int tier, String city) {
    List<String> fields(String tierText, LocalDateTime at) {
      return List.of(String.valueOf(id), name, email, tierText, city, TIMESTAMP.format(at));
    }
  }

  /**
   * An initial snapshot and two change files. A fifth of the customers move up a tier or to another
   * city (versions), some only correct their email (absorbed in place: email is not tracked), a few
   * give an email that fails {@code valid_email}.
   */
  private List<LandingFile> customers(Random random) {
    int count = customerCount();
    List<Customer> initial = new ArrayList<>();
    for (long id = 1; id <= count; id++) {
      String first = pick(random, FIRST_NAMES);
      String last = pick(random, LAST_NAMES);
      int tier = random.nextInt(10) < 7 ? 0 : random.nextInt(10) < 7 ? 1 : 2;
      initial.add(
          new Customer(
              id,
              first + " " + last,
              stem(first, last) + id + "@example.com",
              tier,
              pick(random, CITIES)));
    }
    List<LandingFile.Line> first = new ArrayList<>();
    for (Customer c : initial) {
      first.add(LandingFile.Line.of(c.fields(spelling(random, c.tier()), INITIAL)));
    }
    List<Customer> order = shuffled(random, initial);
    int changers = count / 5;
    List<List<String>> second = new ArrayList<>();
    List<List<String>> third = new ArrayList<>();
    for (int i = 0; i < changers; i++) {
      Customer c = order.get(i);
      Customer spring =
          i % 2 == 0
              ? new Customer(c.id(), c.name(), c.email(), (c.tier() + 1) % 3, c.city())
              : new Customer(
                  c.id(), c.name(), c.email(), c.tier(), other(random, CITIES, c.city()));
      second.add(spring.fields(spelling(random, spring.tier()), dayIn(random, 4)));
      if (i < changers / 3) {
        Customer autumn =
            new Customer(c.id(), c.name(), c.email(), (spring.tier() + 1) % 3, spring.city());
        third.add(autumn.fields(spelling(random, autumn.tier()), dayIn(random, 9)));
      }
    }
    // Email corrections only: the version keeps its place, its email changes.
    for (int i = changers; i < changers + 4; i++) {
      Customer c = order.get(i);
      Customer corrected = new Customer(c.id(), c.name(), "new." + c.email(), c.tier(), c.city());
      second.add(corrected.fields(TIERS[c.tier()], dayIn(random, 6)));
    }
    for (int i = changers + 4; i < changers + 4 + INVALID_EMAILS; i++) {
      Customer c = order.get(i);
      Customer invalid =
          new Customer(c.id(), c.name(), c.email().replace("@", " at "), c.tier(), c.city());
      third.add(invalid.fields(TIERS[c.tier()], dayIn(random, 7)));
    }
    List<LandingFile.Line> secondLines = sortedByTime(second, 5);
    secondLines.add(
        secondLines.size() / 2,
        LandingFile.Line.of(List.of(String.valueOf(count + 1), "Field Missing", "m@example.com")));
    List<LandingFile.Line> thirdLines = sortedByTime(third, 5);
    // An at-least-once export sends some spring changes again, byte for byte.
    secondLines.subList(0, DUPLICATE_LINES).stream().toList().forEach(thirdLines::add);
    return List.of(
        new LandingFile("customers", "customers-0001.csv", first),
        new LandingFile("customers", "customers-0002.csv", secondLines),
        new LandingFile("customers", "customers-0003.csv", thirdLines));
  }

  private static String spelling(Random random, int tier) {
    return pick(random, TIER_SPELLINGS[tier]);
  }

  // ---------------------------------------------------------------- drivers

  private record Driver(long id, String name, BigDecimal rating, String status, String city) {
    List<String> fields(String op, String statusText, LocalDateTime at) {
      return List.of(
          String.valueOf(id),
          op,
          name,
          rating.toPlainString(),
          statusText,
          city,
          TIMESTAMP.format(at));
    }

    List<String> fields(String op, LocalDateTime at) {
      return fields(op, status, at);
    }

    Driver withRating(BigDecimal value) {
      return new Driver(id, name, value, status, city);
    }

    Driver withStatus(String value) {
      return new Driver(id, name, rating, value, city);
    }
  }

  private record Drivers(List<LandingFile> files, long changedId, long returningId) {}

  /**
   * A CDC export: inserts, then updates of rating and status (some twice, two of them with the
   * older change in the later file), re-exports changing nothing tracked, two drivers who leave
   * (deletes) of whom one comes back, and rows failing each silver rule.
   */
  private Drivers drivers(Random random) {
    int count = driverCount();
    List<Driver> initial = new ArrayList<>();
    List<LandingFile.Line> first = new ArrayList<>();
    for (long id = 1; id <= count; id++) {
      Driver d =
          new Driver(
              id,
              pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES),
              rating(random),
              "ACTIVE",
              pick(random, CITIES));
      initial.add(d);
      // The driver app writes the status as a code or in any case; silver maps it to ACTIVE.
      String status = pick(random, new String[] {"ACTIVE", "A", " active", "Active "});
      first.add(LandingFile.Line.of(d.fields("I", status, INITIAL)));
    }
    List<Driver> order = shuffled(random, initial);
    int changers = count / 4;
    List<List<String>> second = new ArrayList<>();
    List<List<String>> third = new ArrayList<>();
    for (int i = 0; i < changers; i++) {
      Driver d = order.get(i);
      Driver spring =
          i % 2 == 0 ? d.withRating(otherRating(random, d.rating())) : d.withStatus("SUSPENDED");
      List<String> springLine = spring.fields("U", dayIn(random, 4));
      if (i >= changers / 2) {
        second.add(springLine);
        continue;
      }
      Driver summer =
          spring.status().equals("SUSPENDED")
              ? spring.withStatus("ACTIVE")
              : spring.withRating(otherRating(random, spring.rating()));
      // The suspension code as the back office types it.
      List<String> summerLine =
          summer.fields(
              "U", summer.status().equals("ACTIVE") ? "a" : summer.status(), dayIn(random, 8));
      boolean late = i < LATE_DRIVER_CHANGES;
      (late ? third : second).add(springLine);
      (late ? second : third).add(summerLine);
    }
    // Re-exports: the same tracked values at a later time, and a name correction (not tracked).
    for (int i = changers; i < changers + 3; i++) {
      Driver d = order.get(i);
      second.add(d.fields("U", dayIn(random, 5)));
    }
    Driver renamed = order.get(changers + 3);
    second.add(
        new Driver(
                renamed.id(), renamed.name() + "-Jones", renamed.rating(), "ACTIVE", renamed.city())
            .fields("U", dayIn(random, 5)));
    // Two drivers leave in June; the first comes back in October.
    Driver returning = order.get(changers + 4);
    Driver leaving = order.get(changers + 5);
    second.add(returning.fields("D", dayIn(random, 6)));
    second.add(leaving.fields("D", dayIn(random, 6)));
    third.add(returning.fields("I", dayIn(random, 10)));
    // Rows failing a rule: a rating that is no number, one out of range, an unknown operation.
    List<String> notANumber =
        new ArrayList<>(order.get(changers + 6).fields("U", dayIn(random, 7)));
    notANumber.set(3, "four");
    second.add(notANumber);
    List<String> outOfRange =
        new ArrayList<>(order.get(changers + 7).fields("U", dayIn(random, 7)));
    outOfRange.set(3, "7.50");
    second.add(outOfRange);
    third.add(order.get(changers + 8).fields("X", dayIn(random, 9)));

    List<LandingFile.Line> secondLines = sortedByTime(second, 6);
    List<LandingFile.Line> thirdLines = sortedByTime(third, 6);
    secondLines.subList(0, 2).stream().toList().forEach(thirdLines::add);
    thirdLines.add(
        thirdLines.size() / 2,
        LandingFile.Line.of(
            List.of(
                "D-" + (count + 1),
                "I",
                "Letter Id",
                "4.50",
                "ACTIVE",
                "Utrecht",
                TIMESTAMP.format(dayIn(random, 9)))));
    return new Drivers(
        List.of(
            new LandingFile("drivers", "drivers-0001.csv", first),
            new LandingFile("drivers", "drivers-0002.csv", secondLines),
            new LandingFile("drivers", "drivers-0003.csv", thirdLines)),
        order.get(0).id(),
        returning.id());
  }

  private static BigDecimal rating(Random random) {
    return BigDecimal.valueOf(400 + random.nextInt(101), 2);
  }

  private static BigDecimal otherRating(Random random, BigDecimal current) {
    BigDecimal value;
    do {
      value = BigDecimal.valueOf(300 + random.nextInt(201), 2);
    } while (value.compareTo(current) == 0);
    return value;
  }

  // ---------------------------------------------------------------- vehicles and locations

  /**
   * One vehicle per driver (vehicle_id = driver_id), plates typed by hand; a second file
   * re-registers two plates, misses a plate and has a seat count that is no number.
   */
  private List<LandingFile> vehicles(Random random) {
    int count = driverCount();
    List<LandingFile.Line> first = new ArrayList<>();
    for (int id = 1; id <= count; id++) {
      String[] model = pick(random, VEHICLE_MODELS);
      // An unknown seat count is left empty: silver assumes 4.
      String seats = random.nextInt(5) == 0 ? "" : String.valueOf(4 + random.nextInt(4));
      first.add(
          LandingFile.Line.of(
              List.of(
                  String.valueOf(id),
                  plate(random),
                  model[0],
                  model[1],
                  seats,
                  TIMESTAMP.format(INITIAL))));
    }
    List<LandingFile.Line> second = new ArrayList<>();
    for (int id : shuffledIndexes(random, count).subList(0, 2)) {
      List<String> row = new ArrayList<>(first.get(id).fields());
      row.set(1, plate(random));
      row.set(5, TIMESTAMP.format(dayIn(random, 5)));
      second.add(LandingFile.Line.of(row));
    }
    second.add(
        LandingFile.Line.of(
            List.of(
                String.valueOf(count + 1),
                "",
                "Kia",
                "Niro",
                "5",
                TIMESTAMP.format(dayIn(random, 6)))));
    second.add(
        LandingFile.Line.of(
            List.of(
                String.valueOf(count + 2),
                plate(random),
                "Kia",
                "Niro",
                "four",
                TIMESTAMP.format(dayIn(random, 6)))));
    return List.of(
        new LandingFile("vehicles", "vehicles-0001.csv", first),
        new LandingFile("vehicles", "vehicles-0002.csv", second));
  }

  private static String plate(Random random) {
    String letters = "bdfghjklnprstxz";
    StringBuilder plate = new StringBuilder(random.nextBoolean() ? " " : "");
    plate.append(letters.charAt(random.nextInt(letters.length())));
    plate.append(letters.charAt(random.nextInt(letters.length())));
    plate.append('-').append(100 + random.nextInt(900)).append('-');
    plate.append(letters.charAt(random.nextInt(letters.length())));
    return plate.append(random.nextBoolean() ? "  " : "").toString();
  }

  /** Pickup and dropoff zones; a second file renames two of them. */
  private List<LandingFile> locations(Random random) {
    int count = locationCount();
    List<LandingFile.Line> first = new ArrayList<>();
    for (int id = 1; id <= count; id++) {
      String city = CITIES[(id - 1) % CITIES.length];
      String zone = city + " " + ZONES[(id - 1) / CITIES.length % ZONES.length];
      if (id > CITIES.length * ZONES.length) {
        zone += " " + ((id - 1) / (CITIES.length * ZONES.length) + 1);
      }
      first.add(
          LandingFile.Line.of(List.of(String.valueOf(id), zone, city, TIMESTAMP.format(INITIAL))));
    }
    List<LandingFile.Line> second = new ArrayList<>();
    for (int index : shuffledIndexes(random, count).subList(0, 2)) {
      List<String> row = new ArrayList<>(first.get(index).fields());
      row.set(1, row.get(1) + " (renamed)");
      row.set(3, TIMESTAMP.format(dayIn(random, 3)));
      second.add(LandingFile.Line.of(row));
    }
    return List.of(
        new LandingFile("locations", "locations-0001.csv", first),
        new LandingFile("locations", "locations-0002.csv", second));
  }

  // ---------------------------------------------------------------- trips and payments

  private record Trips(List<LandingFile> files, List<List<String>> completed) {}

  /** Trip columns by position, as declared in the spec's {@code sources.trips}. */
  private static final int TRIP_ID = 0;

  private static final int PICKUP = 4;
  private static final int DROPOFF = 5;
  private static final int REQUESTED_AT = 6;
  private static final int BASE_FARE = 8;
  private static final int SURGE_FEE = 9;
  private static final int STATUS = 10;

  /**
   * One file per quarter of {@code requested_at} and a fifth file of trips that arrived late from
   * the first three quarters. Trip ids rise with {@code requested_at}.
   */
  private Trips trips(Random random) {
    int count = 1500 * scale;
    int seconds = 364 * 24 * 3600;
    List<LocalDateTime> requested = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requested.add(LocalDateTime.of(2024, 1, 2, 0, 0).plusSeconds(random.nextInt(seconds)));
    }
    Collections.sort(requested);
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long driver = 1 + random.nextInt(driverCount());
      int pickup = 1 + random.nextInt(locationCount());
      int dropoff = 1 + (pickup + random.nextInt(locationCount() - 1)) % locationCount();
      BigDecimal distance = BigDecimal.valueOf(80 + random.nextInt(2900), 2);
      BigDecimal base =
          new BigDecimal("2.50")
              .add(distance.multiply(new BigDecimal("1.35")))
              .setScale(2, RoundingMode.HALF_UP);
      String surge =
          random.nextInt(10) < 7
              ? ""
              : BigDecimal.valueOf(50 + random.nextInt(950), 2).toPlainString();
      int status = random.nextInt(20);
      rows.add(
          new ArrayList<>(
              List.of(
                  String.valueOf(700_001 + i),
                  String.valueOf(1 + random.nextInt(customerCount())),
                  String.valueOf(driver),
                  String.valueOf(driver),
                  String.valueOf(pickup),
                  String.valueOf(dropoff),
                  TIMESTAMP.format(requested.get(i)),
                  distance.toPlainString(),
                  base.toPlainString(),
                  surge,
                  status < 2 ? "CANCELLED" : status < 4 ? " completed" : "COMPLETED")));
    }
    List<Integer> planted = shuffledIndexes(random, count);
    plant(rows, planted.subList(0, 2), BASE_FARE, "0");
    plant(rows, planted.subList(2, 4), BASE_FARE, "-3.00");
    plant(rows, planted.subList(4, 6), BASE_FARE, "abc");
    plant(rows, planted.subList(6, 7), SURGE_FEE, "x1");
    for (int i : planted.subList(7, 10)) {
      rows.get(i).set(DROPOFF, rows.get(i).get(PICKUP));
    }
    plant(rows, planted.subList(10, 14), STATUS, "PENDING");
    plant(rows, planted.subList(14, 16), PICKUP, "9999");

    List<List<String>> completed =
        rows.stream().filter(r -> r.get(STATUS).trim().equalsIgnoreCase("COMPLETED")).toList();

    List<List<LandingFile.Line>> files = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      files.add(new ArrayList<>());
    }
    List<Integer> late =
        shuffledIndexes(random, count * 3 / 4).subList(0, LATE_TRIPS).stream().sorted().toList();
    for (int i = 0; i < count; i++) {
      List<String> row = rows.get(i);
      int quarter = (LocalDateTime.parse(row.get(REQUESTED_AT)).getMonthValue() - 1) / 3;
      files.get(late.contains(i) ? 4 : quarter).add(LandingFile.Line.of(row));
    }
    // A re-sent batch: exact copies of trips already delivered.
    files.get(0).subList(0, 5).stream().toList().forEach(files.get(2)::add);
    String driver = "1";
    insertMiddle(
        files.get(0),
        List.of(
            "T-900001",
            "1",
            driver,
            driver,
            "1",
            "2",
            "2024-02-10T10:00:00",
            "3.10",
            "6.70",
            "",
            "COMPLETED"));
    insertMiddle(
        files.get(1),
        List.of("900002", "1", driver, driver, "1", "2", "2024-05-10T10:00:00", "3.10"));
    // Last in its file, so a parser can lose no more than this line to the open quote.
    files
        .get(3)
        .add(LandingFile.Line.raw("900003,1,1,1,1,2,2024-11-10T10:00:00,3.10,\"6.70,,COMPLETED"));

    List<LandingFile> landing = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      landing.add(
          new LandingFile(
              "trips", String.format(Locale.ROOT, "trips-%04d.csv", f + 1), files.get(f)));
    }
    return new Trips(landing, completed);
  }

  /**
   * One payment per completed trip, 30 to 90 minutes after the request, per quarter; then two
   * correction files: a tenth of the payments re-sent with a higher revision, some twice with the
   * newer revision in the earlier file, one correction failing {@code positive_amount}.
   */
  private List<LandingFile> payments(Random random, List<List<String>> trips) {
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < trips.size(); i++) {
      List<String> trip = trips.get(i);
      BigDecimal amount = amount(trip);
      rows.add(
          new ArrayList<>(
              List.of(
                  String.valueOf(500_001 + i),
                  trip.get(TRIP_ID),
                  trip.get(1),
                  TIMESTAMP.format(
                      LocalDateTime.parse(trip.get(REQUESTED_AT))
                          .plusMinutes(30 + random.nextInt(61))),
                  amount == null ? "12.00" : amount.toPlainString(),
                  pick(random, METHOD_SPELLINGS),
                  "1")));
    }
    List<Integer> planted = shuffledIndexes(random, rows.size());
    plant(rows, planted.subList(0, 2), 4, "0.00");
    plant(rows, planted.subList(2, 4), 5, "BITCOIN");

    List<List<LandingFile.Line>> files = new ArrayList<>();
    for (int f = 0; f < 6; f++) {
      files.add(new ArrayList<>());
    }
    for (List<String> row : rows) {
      LocalDateTime paidAt = LocalDateTime.parse(row.get(3));
      // A trip late on 31 December is paid in the new year: it still belongs to the last file.
      int quarter = paidAt.getYear() > 2024 ? 3 : (paidAt.getMonthValue() - 1) / 3;
      files.get(quarter).add(LandingFile.Line.of(row));
    }
    List<Integer> corrected =
        planted.subList(4, 4 + Math.max(10, rows.size() / 10)).stream().sorted().toList();
    for (int n = 0; n < corrected.size(); n++) {
      List<String> original = rows.get(corrected.get(n));
      List<String> second = revision(original, 2, new BigDecimal("1.50"));
      if (n < 3) {
        // Revision 3 arrives before revision 2: the greatest revision still wins.
        files.get(4).add(LandingFile.Line.of(revision(original, 3, new BigDecimal("2.75"))));
        files.get(5).add(LandingFile.Line.of(second));
      } else if (n == 3) {
        List<String> negative = new ArrayList<>(second);
        negative.set(4, "-5.00");
        files.get(4).add(LandingFile.Line.of(negative));
      } else {
        files.get(4).add(LandingFile.Line.of(second));
      }
    }
    files.get(4).subList(0, DUPLICATE_LINES).stream().toList().forEach(files.get(5)::add);
    List<String> any = rows.get(0);
    insertMiddle(
        files.get(1),
        List.of("900001", any.get(1), any.get(2), "2024-05-02T10:00:00", "9.00", "CARD", "two"));
    insertMiddle(files.get(2), List.of("900002", any.get(1), any.get(2), "2024-08-02T10:00:00"));

    List<LandingFile> landing = new ArrayList<>();
    for (int f = 0; f < 6; f++) {
      landing.add(
          new LandingFile(
              "payments", String.format(Locale.ROOT, "payments-%04d.csv", f + 1), files.get(f)));
    }
    return landing;
  }

  /** base_fare + surge_fee of a trip as written, or null when a planted value is no number. */
  private static BigDecimal amount(List<String> trip) {
    try {
      BigDecimal surge =
          trip.get(SURGE_FEE).isEmpty() ? BigDecimal.ZERO : new BigDecimal(trip.get(SURGE_FEE));
      return new BigDecimal(trip.get(BASE_FARE)).add(surge);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A correction: the same payment with a tip added, at a higher revision. */
  private static List<String> revision(List<String> payment, int revision, BigDecimal tip) {
    List<String> row = new ArrayList<>(payment);
    row.set(4, new BigDecimal(payment.get(4)).add(tip).toPlainString());
    row.set(6, String.valueOf(revision));
    return row;
  }

  // ---------------------------------------------------------------- helpers

  private static String stem(String first, String last) {
    return (first + "." + last).toLowerCase(Locale.ROOT);
  }

  /** Lines ordered by the timestamp at {@code timeColumn}, as an export by change time. */
  private static List<LandingFile.Line> sortedByTime(List<List<String>> rows, int timeColumn) {
    List<List<String>> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(r -> r.get(timeColumn)));
    return new ArrayList<>(sorted.stream().map(LandingFile.Line::of).toList());
  }

  private static void plant(
      List<List<String>> rows, List<Integer> indexes, int column, String value) {
    indexes.forEach(i -> rows.get(i).set(column, value));
  }

  private static void insertMiddle(List<LandingFile.Line> lines, List<String> fields) {
    lines.add(lines.size() / 2, LandingFile.Line.of(fields));
  }

  private static <T> List<T> shuffled(Random random, List<T> values) {
    List<T> copy = new ArrayList<>(values);
    Collections.shuffle(copy, random);
    return copy;
  }

  private static List<Integer> shuffledIndexes(Random random, int count) {
    return shuffled(random, IntStream.range(0, count).boxed().toList());
  }

  /** A time on one of the first 28 days of a month of 2024. */
  private static LocalDateTime dayIn(Random random, int month) {
    return LocalDateTime.of(2024, month, 1 + random.nextInt(28), 0, 0)
        .plusSeconds(random.nextInt(24 * 3600));
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String other(Random random, String[] values, String notThis) {
    String value;
    do {
      value = pick(random, values);
    } while (value.equals(notThis));
    return value;
  }

  /** Settings of a {@link RidesGenerator}. */
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
     * The size: scale 1 is 100 customers, 40 drivers and vehicles, 25 locations, 1500 trips and
     * about 1450 payments; every count grows linearly. Default 1.
     */
    public Builder scale(int scale) {
      this.scale = scale;
      return this;
    }

    public RidesGenerator build() {
      if (scale < 1 || scale > 10_000) {
        throw new IllegalArgumentException(
            "Invalid scale "
                + scale
                + ": it must be between 1 and 10000 (1 is 1500 trips). Pass a scale in that range.");
      }
      return new RidesGenerator(seed, scale);
    }
  }
}
