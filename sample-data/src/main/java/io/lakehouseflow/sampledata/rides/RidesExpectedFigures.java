package io.lakehouseflow.sampledata.rides;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.sampledata.LandingFile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Computes what a correct pipeline makes of generated rides landing files, applying the rides
 * spec's column types, silver rules and the gold contract (README "Gold: the same rows whatever the
 * order") in plain Java. Kept apart from the generator so that the figures follow from the lines
 * actually written, not from what the generator meant to plant. The silver rules are written out
 * here per table: a change of the spec's rules must be made here too, and the tests comparing these
 * figures with gold fail until it is.
 */
final class RidesExpectedFigures {
  /** {@code email LIKE '%_@_%'}: at least one character on each side of an @. */
  private static final Pattern VALID_EMAIL = Pattern.compile(".+@.+", Pattern.DOTALL);

  private static final Set<String> OPERATIONS = Set.of("I", "U", "D");
  private static final Set<String> TRIP_STATUSES = Set.of("COMPLETED", "CANCELLED");
  private static final Set<String> METHODS = Set.of("CARD", "CASH", "WALLET");

  /** What silver does with a row. */
  private enum Outcome {
    PASSED,
    WARNED,
    DROPPED,
    QUARANTINED
  }

  /** A parsed row after the silver rules, with its outcome. */
  private record SilverRow(Map<String, Object> values, Outcome outcome) {
    Object get(String column) {
      return values.get(column);
    }

    boolean inSilver() {
      return outcome == Outcome.PASSED || outcome == Outcome.WARNED;
    }
  }

  /** One SCD2 version: valid from, valid to (null while open), closed by a delete. */
  private record Version(LocalDateTime from, LocalDateTime to, boolean deleted) {
    boolean covers(LocalDateTime time) {
      return !from.isAfter(time) && (to == null || time.isBefore(to));
    }
  }

  private final PipelineSpec spec;
  private final Map<String, List<LandingFile>> files;

  RidesExpectedFigures(PipelineSpec spec, Map<String, List<LandingFile>> files) {
    this.spec = spec;
    this.files = files;
  }

  GeneratedRides compute(
      Path landingRoot, Map<String, List<Path>> written, long changedDriver, long returningDriver) {
    Map<String, Integer> rows = new LinkedHashMap<>();
    Map<String, Integer> malformed = new LinkedHashMap<>();
    Map<String, Long> tableRows = new LinkedHashMap<>();
    Map<String, Long> dropped = new LinkedHashMap<>();
    Map<String, Long> warned = new LinkedHashMap<>();
    Map<String, Long> duplicates = new LinkedHashMap<>();
    Map<String, List<SilverRow>> silver = new LinkedHashMap<>();
    for (String source : files.keySet()) {
      List<LandingFile.Line> lines = lines(source);
      List<List<String>> parsed = new ArrayList<>();
      for (LandingFile.Line line : lines) {
        List<String> fields = parsed(source, line);
        if (fields != null) {
          parsed.add(fields);
        }
      }
      rows.put(source, lines.size());
      malformed.put(source, lines.size() - parsed.size());
      tableRows.put("bronze." + source, (long) lines.size());
      List<SilverRow> silverRows = parsed.stream().map(r -> silverRow(source, r)).toList();
      List<SilverRow> kept = withoutCopies(source, silverRows);
      duplicates.put(source, (long) (silverRows.size() - kept.size()));
      silver.put(source, kept);
    }
    // Silver table names equal their source names in the rides spec.
    for (String table : files.keySet()) {
      List<SilverRow> silverRows = silver.get(table);
      tableRows.put("silver." + table, silverRows.stream().filter(SilverRow::inSilver).count());
      tableRows.put(
          "silver." + table + "_quarantine",
          malformed.get(table) + count(silverRows, Outcome.QUARANTINED));
      dropped.put(table, count(silverRows, Outcome.DROPPED));
      warned.put(table, count(silverRows, Outcome.WARNED));
    }

    Map<Long, List<Version>> customers =
        scd2(inSilver(silver, "customers"), "customer_id", List.of("tier", "city"), r -> false);
    Map<Long, List<Version>> drivers =
        scd2(
            inSilver(silver, "drivers"),
            "driver_id",
            List.of("rating", "status"),
            r -> "D".equals(r.get("op")));
    Set<Long> vehicles = scd1Keys(inSilver(silver, "vehicles"), "vehicle_id");
    Set<Long> locations = scd1Keys(inSilver(silver, "locations"), "location_id");
    Map<Long, SilverRow> trips =
        factRows(inSilver(silver, "trips"), "trip_id", r -> Long.MIN_VALUE);
    Map<Long, SilverRow> payments =
        factRows(
            inSilver(silver, "payments"),
            "payment_id",
            r -> r.get("revision") == null ? Long.MIN_VALUE : ((Integer) r.get("revision")));

    tableRows.put("gold.dim_customer", versions(customers));
    tableRows.put("gold.dim_driver", versions(drivers));
    tableRows.put("gold.dim_vehicle", (long) vehicles.size());
    tableRows.put("gold.dim_location", (long) locations.size());
    tableRows.put("gold.fact_trip", (long) trips.size());
    tableRows.put("gold.fact_payment", (long) payments.size());
    Set<LocalDate> dates = new TreeSet<>();
    trips.values().forEach(t -> dates.add(((LocalDateTime) t.get("requested_at")).toLocalDate()));
    payments.values().forEach(p -> dates.add(((LocalDateTime) p.get("paid_at")).toLocalDate()));
    tableRows.put("gold.dim_date", (long) dates.size());

    long withoutDriver =
        trips.values().stream()
            .filter(
                t ->
                    drivers.getOrDefault((Long) t.get("driver_id"), List.of()).stream()
                        .noneMatch(v -> v.covers((LocalDateTime) t.get("requested_at"))))
            .count();
    long unknownPickup =
        trips.values().stream()
            .filter(t -> !locations.contains(t.get("pickup_location_id")))
            .count();
    long corrected =
        payments.values().stream().filter(p -> (Integer) p.get("revision") > 1).count();

    return new GeneratedRides(
        landingRoot,
        written,
        rows,
        malformed,
        tableRows,
        dropped,
        warned,
        duplicates,
        current(customers),
        current(drivers),
        drivers.values().stream().flatMap(List::stream).filter(Version::deleted).count(),
        withoutDriver,
        unknownPickup,
        corrected,
        sum(trips.values(), "fare_total"),
        sum(payments.values(), "amount"),
        requireVersions(drivers, changedDriver, 3),
        requireVersions(drivers, returningDriver, 2));
  }

  // ---------------------------------------------------------------- silver

  /** The silver rules of the rides spec, table by table, in the README's order of rules. */
  private SilverRow silverRow(String table, List<String> fields) {
    Map<String, Object> row = typed(table, fields);
    List<Outcome> failed = new ArrayList<>();
    switch (table) {
      case "customers" -> {
        row.put("name", row.remove("full_name"));
        row.put("email", standardize(row.get("email"), "lower"));
        row.put("tier", standardize(row.get("tier"), "upper"));
        expect(failed, matches(VALID_EMAIL, row.get("email")), Outcome.QUARANTINED);
      }
      case "drivers" -> {
        row.put("name", row.remove("full_name"));
        String status = standardize(row.get("status"), "upper");
        row.put("status", Map.of("A", "ACTIVE", "S", "SUSPENDED").getOrDefault(status, status));
        Object op = row.get("op");
        expect(failed, op == null || OPERATIONS.contains(op), Outcome.QUARANTINED);
        BigDecimal rating = cast(row, "rating", 3, 2, failed);
        expect(
            failed,
            rating != null
                && rating.compareTo(BigDecimal.ONE) >= 0
                && rating.compareTo(BigDecimal.valueOf(5)) <= 0,
            Outcome.QUARANTINED);
      }
      case "vehicles" -> {
        row.put("plate", standardize(row.get("plate"), "upper"));
        if (row.get("seats") == null) {
          row.put("seats", 4);
        }
        expect(failed, row.get("plate") != null, Outcome.QUARANTINED);
      }
      case "locations" -> {}
      case "trips" -> {
        row.put("status", standardize(row.get("status"), "upper"));
        cast(row, "distance_km", 6, 2, failed);
        BigDecimal base = cast(row, "base_fare", 10, 2, failed);
        BigDecimal surge = cast(row, "surge_fee", 10, 2, failed);
        if (surge == null) {
          surge = new BigDecimal("0.00");
          row.put("surge_fee", surge);
        }
        row.put("fare_total", base == null ? null : decimal(base.add(surge), 10, 2));
        expect(failed, base != null && base.signum() > 0, Outcome.QUARANTINED);
        expect(
            failed,
            row.get("pickup_location_id") != null
                && row.get("dropoff_location_id") != null
                && !row.get("pickup_location_id").equals(row.get("dropoff_location_id")),
            Outcome.DROPPED);
        expect(failed, TRIP_STATUSES.contains(row.get("status")), Outcome.WARNED);
      }
      case "payments" -> {
        row.put("payment_method", standardize(row.get("payment_method"), "upper"));
        BigDecimal amount = cast(row, "amount", 10, 2, failed);
        expect(failed, amount != null && amount.signum() > 0, Outcome.QUARANTINED);
        expect(failed, METHODS.contains(row.get("payment_method")), Outcome.WARNED);
      }
      default -> throw new IllegalStateException("The rides figures know no silver table " + table);
    }
    if (failed.contains(Outcome.QUARANTINED) && failed.contains(Outcome.DROPPED)) {
      // Which of the two wins is the router's choice; the figures must not depend on it.
      throw new IllegalStateException(
          "Generated a " + table + " row failing both a drop and a quarantine rule: " + fields);
    }
    Outcome outcome =
        failed.contains(Outcome.QUARANTINED)
            ? Outcome.QUARANTINED
            : failed.contains(Outcome.DROPPED)
                ? Outcome.DROPPED
                : failed.contains(Outcome.WARNED) ? Outcome.WARNED : Outcome.PASSED;
    return new SilverRow(row, outcome);
  }

  /**
   * The rows of a table declaring {@code dedup}, without the later copies of a row: silver drops a
   * copy equal in every value after the column rules before any expectation, so a copy of a
   * quarantined row goes too. Every line of a sample lands in one run, well within the window, so
   * the first copy in landing order stands for the one kept.
   */
  private List<SilverRow> withoutCopies(String table, List<SilverRow> rows) {
    if (spec.silverTable(table).deduplication().isEmpty()) {
      return rows;
    }
    Set<Map<String, Object>> seen = new HashSet<>();
    return rows.stream().filter(r -> seen.add(r.values())).toList();
  }

  private static void expect(List<Outcome> failed, boolean passes, Outcome action) {
    if (!passes) {
      failed.add(action);
    }
  }

  /** {@code {trim: true, case: ...}}: trims spaces (SQL TRIM), then changes case. */
  private static String standardize(Object value, String letterCase) {
    if (value == null) {
      return null;
    }
    String text = ((String) value).replaceAll("^ +| +$", "");
    return letterCase.equals("upper")
        ? text.toUpperCase(Locale.ROOT)
        : text.toLowerCase(Locale.ROOT);
  }

  /** {@code TRY_CAST(column AS DECIMAL(p, s))}: text that is no number fails rule cast_column. */
  private static BigDecimal cast(
      Map<String, Object> row, String column, int precision, int scale, List<Outcome> failed) {
    Object value = row.get(column);
    if (value == null) {
      return null;
    }
    BigDecimal decimal;
    try {
      decimal = decimal(new BigDecimal(((String) value).trim()), precision, scale);
    } catch (NumberFormatException e) {
      decimal = null;
    }
    if (decimal == null) {
      failed.add(Outcome.QUARANTINED);
    }
    row.put(column, decimal);
    return decimal;
  }

  /** The value at the scale, or null when it does not fit the precision. */
  private static BigDecimal decimal(BigDecimal value, int precision, int scale) {
    BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
    return scaled.precision() - scaled.scale() > precision - scale ? null : scaled;
  }

  private static boolean matches(Pattern pattern, Object value) {
    return value != null && pattern.matcher((String) value).matches();
  }

  // ---------------------------------------------------------------- gold

  /**
   * The SCD2 versions per key: rows without key or sequence are left out; of rows with the same
   * sequence value the last landed wins; walking in sequence order, an upsert opens a version when
   * none is open or when a tracked value differs, and a delete closes the open one.
   */
  private static Map<Long, List<Version>> scd2(
      List<SilverRow> rows,
      String key,
      List<String> tracked,
      java.util.function.Predicate<SilverRow> isDelete) {
    Map<Long, TreeMap<LocalDateTime, SilverRow>> changes = new TreeMap<>();
    for (SilverRow row : rows) {
      Long id = (Long) row.get(key);
      LocalDateTime at = (LocalDateTime) row.get("updated_at");
      if (id != null && at != null) {
        changes.computeIfAbsent(id, k -> new TreeMap<>()).put(at, row);
      }
    }
    Map<Long, List<Version>> versions = new TreeMap<>();
    changes.forEach(
        (id, byTime) -> {
          List<Version> keyVersions = new ArrayList<>();
          LocalDateTime openFrom = null;
          List<Object> openValues = null;
          for (Map.Entry<LocalDateTime, SilverRow> change : byTime.entrySet()) {
            LocalDateTime at = change.getKey();
            SilverRow row = change.getValue();
            if (isDelete.test(row)) {
              if (openFrom != null) {
                keyVersions.add(new Version(openFrom, at, true));
                openFrom = null;
              }
              continue;
            }
            List<Object> values = tracked.stream().map(row::get).toList();
            if (openFrom == null) {
              openFrom = at;
            } else if (!values.equals(openValues)) {
              keyVersions.add(new Version(openFrom, at, false));
              openFrom = at;
            }
            openValues = values;
          }
          if (openFrom != null) {
            keyVersions.add(new Version(openFrom, null, false));
          }
          versions.put(id, keyVersions);
        });
    return versions;
  }

  /** SCD1 members without deletes: every key with a sequence value has a row. */
  private static Set<Long> scd1Keys(List<SilverRow> rows, String key) {
    Set<Long> keys = new HashSet<>();
    for (SilverRow row : rows) {
      if (row.get(key) != null && row.get("updated_at") != null) {
        keys.add((Long) row.get(key));
      }
    }
    return keys;
  }

  /** One row per grain key: the greatest sequence value, then the last landed. */
  private static Map<Long, SilverRow> factRows(
      List<SilverRow> rows, String grain, Function<SilverRow, Long> sequence) {
    Map<Long, SilverRow> winners = new TreeMap<>();
    for (SilverRow row : rows) {
      Long id = (Long) row.get(grain);
      if (id == null) {
        continue;
      }
      SilverRow current = winners.get(id);
      if (current == null || sequence.apply(row) >= sequence.apply(current)) {
        winners.put(id, row);
      }
    }
    return winners;
  }

  private static long versions(Map<Long, List<Version>> versions) {
    return versions.values().stream().mapToLong(List::size).sum();
  }

  private static long current(Map<Long, List<Version>> versions) {
    return versions.values().stream()
        .filter(v -> !v.isEmpty() && v.get(v.size() - 1).to() == null)
        .count();
  }

  private static long requireVersions(Map<Long, List<Version>> versions, long id, int expected) {
    int actual = versions.getOrDefault(id, List.of()).size();
    if (actual != expected) {
      throw new IllegalStateException(
          "Driver " + id + " was meant to have " + expected + " versions but has " + actual);
    }
    return id;
  }

  private static BigDecimal sum(Iterable<SilverRow> rows, String column) {
    BigDecimal total = new BigDecimal("0.00");
    for (SilverRow row : rows) {
      if (row.get(column) != null) {
        total = total.add((BigDecimal) row.get(column));
      }
    }
    return total;
  }

  private static long count(List<SilverRow> rows, Outcome outcome) {
    return rows.stream().filter(r -> r.outcome() == outcome).count();
  }

  private static List<SilverRow> inSilver(Map<String, List<SilverRow>> silver, String table) {
    return silver.get(table).stream().filter(SilverRow::inSilver).toList();
  }

  // ---------------------------------------------------------------- bronze

  /** Lines of a source in landing order: file name, then line. */
  private List<LandingFile.Line> lines(String source) {
    return files.get(source).stream()
        .sorted(Comparator.comparing(LandingFile::fileName))
        .flatMap(f -> f.lines().stream())
        .toList();
  }

  /** Values typed as the source declares them, by column name. */
  private Map<String, Object> typed(String source, List<String> fields) {
    List<ColumnSpec> columns = spec.source(source).columns();
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      row.put(columns.get(i).name(), value(fields.get(i), columns.get(i)));
    }
    return row;
  }

  /** The line's fields when they parse as the source's declared columns, else null. */
  private List<String> parsed(String source, LandingFile.Line line) {
    SourceSpec sourceSpec = spec.source(source);
    if (line.isRaw() || line.fields().size() != sourceSpec.columns().size()) {
      return null;
    }
    for (int i = 0; i < line.fields().size(); i++) {
      try {
        value(line.fields().get(i), sourceSpec.columns().get(i));
      } catch (NumberFormatException | DateTimeParseException e) {
        return null;
      }
    }
    return line.fields();
  }

  /** A field as its declared type; an empty field is NULL. */
  private static Object value(String text, ColumnSpec column) {
    if (text.isEmpty()) {
      return null;
    }
    return switch (column.type().kind()) {
      case INT -> Integer.parseInt(text);
      case BIGINT -> Long.parseLong(text);
      case TIMESTAMP -> LocalDateTime.parse(text);
      case STRING -> text;
      default ->
          throw new IllegalStateException(
              "The rides figures do not read " + column.type() + " column " + column.name());
    };
  }
}
