package io.lakehouseflow.sampledata.flights;

import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.sampledata.LandingFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Computes what a correct pipeline makes of generated landing files, applying the flights spec's
 * column types and expectations in plain Java. Kept apart from the generator so that the figures
 * follow from the lines actually written, not from what the generator meant to plant.
 */
final class ExpectedFigures {
  /** {@code email LIKE '%_@_%'}: at least one character on each side of an @. */
  private static final Pattern VALID_EMAIL = Pattern.compile(".+@.+", Pattern.DOTALL);

  private static final Set<String> KNOWN_STATUSES = Set.of("CONFIRMED", "CANCELLED");

  private final PipelineSpec spec;
  private final Map<String, List<LandingFile>> files;

  ExpectedFigures(PipelineSpec spec, Map<String, List<LandingFile>> files) {
    this.spec = spec;
    this.files = files;
  }

  GeneratedSample compute(
      Path landingRoot, Map<String, List<Path>> written, long twiceChangedId, long lateChangedId) {
    Map<String, Integer> rows = new LinkedHashMap<>();
    Map<String, Integer> malformed = new LinkedHashMap<>();
    Map<String, Integer> duplicates = new LinkedHashMap<>();
    for (String source : files.keySet()) {
      rows.put(source, (int) lines(source).count());
      malformed.put(source, (int) lines(source).filter(l -> parsed(source, l) == null).count());
      duplicates.put(source, allParsedRows(source).size() - parsedRows(source).size());
    }

    List<List<String>> bookings = parsedRows("bookings");
    int seats = column("bookings", "seats");
    int fare = column("bookings", "fare");
    int status = column("bookings", "status");
    int bookingId = column("bookings", "booking_id");
    List<List<String>> validBookings =
        bookings.stream()
            .filter(b -> positive(b.get(fare)) && inRange(b.get(seats), 1, 9))
            .toList();
    Set<String> ids = new HashSet<>();
    for (List<String> booking : validBookings) {
      if (!ids.add(booking.get(bookingId))) {
        throw new IllegalStateException(
            "Generated two valid bookings with booking_id "
                + booking.get(bookingId)
                + ": the fact's grain would not be unique");
      }
    }
    int unknownStatus =
        (int) validBookings.stream().filter(b -> !KNOWN_STATUSES.contains(b.get(status))).count();

    int email = column("customers", "email");
    List<List<String>> customers = parsedRows("customers");
    List<List<String>> validCustomers =
        customers.stream().filter(c -> VALID_EMAIL.matcher(c.get(email)).matches()).toList();
    Map<Long, List<LocalDateTime>> versions = customerVersions(validCustomers);

    int origin = column("flights", "origin");
    int destination = column("flights", "destination");
    List<List<String>> flights = parsedRows("flights");
    List<List<String>> keptFlights =
        flights.stream().filter(f -> !Objects.equals(f.get(origin), f.get(destination))).toList();

    // Silver table names equal their source names in the flights spec.
    Map<String, Integer> silverRows = new LinkedHashMap<>();
    silverRows.put("customers", validCustomers.size());
    silverRows.put("airports", parsedRows("airports").size());
    silverRows.put("flights", keptFlights.size());
    silverRows.put("bookings", validBookings.size());

    return new GeneratedSample(
        landingRoot,
        written,
        rows,
        malformed,
        duplicates,
        silverRows,
        validBookings.size(),
        bookings.size() - validBookings.size(),
        unknownStatus,
        customers.size() - validCustomers.size(),
        versions.size(),
        versions.values().stream().mapToInt(List::size).sum(),
        new CustomerHistory(twiceChangedId, versions.get(twiceChangedId)),
        new CustomerHistory(lateChangedId, versions.get(lateChangedId)),
        distinct(parsedRows("airports"), column("airports", "airport_code")),
        distinct(keptFlights, column("flights", "flight_id")),
        flights.size() - keptFlights.size());
  }

  /**
   * The {@code valid_from} of every SCD2 version per customer: exact duplicates are dropped, rows
   * are ordered by the sequence column, and a row starts a version only when a tracked column
   * differs from the version before.
   */
  private Map<Long, List<LocalDateTime>> customerVersions(List<List<String>> rows) {
    DimensionSpec dimension = spec.dimension("customer");
    List<String> silverColumns =
        spec.silverColumns(dimension.source()).stream().map(ColumnSpec::name).toList();
    int key = silverColumns.indexOf(dimension.key().get(0));
    int sequence = silverColumns.indexOf(dimension.sequenceBy());
    List<Integer> tracked = dimension.tracked().stream().map(silverColumns::indexOf).toList();

    Map<Long, Set<List<String>>> byKey = new TreeMap<>();
    for (List<String> row : rows) {
      byKey.computeIfAbsent(Long.parseLong(row.get(key)), k -> new LinkedHashSet<>()).add(row);
    }
    Map<Long, List<LocalDateTime>> versions = new TreeMap<>();
    byKey.forEach(
        (id, distinctRows) -> {
          List<List<String>> ordered = new ArrayList<>(distinctRows);
          ordered.sort(Comparator.comparing(r -> LocalDateTime.parse(r.get(sequence))));
          List<LocalDateTime> validFrom = new ArrayList<>();
          List<String> current = null;
          for (List<String> row : ordered) {
            List<String> values = tracked.stream().map(row::get).toList();
            if (!values.equals(current)) {
              validFrom.add(LocalDateTime.parse(row.get(sequence)));
              current = values;
            }
          }
          versions.put(id, validFrom);
        });
    return versions;
  }

  private java.util.stream.Stream<LandingFile.Line> lines(String source) {
    return files.get(source).stream().flatMap(f -> f.lines().stream());
  }

  /**
   * The parsed rows silver reads, without the later copies of a row when the table declares {@code
   * dedup}. The flights rules change no value of such a table (customers only renames), so equal
   * lines are equal silver rows; every line lands in one run, well within the window.
   */
  private List<List<String>> parsedRows(String source) {
    List<List<String>> rows = allParsedRows(source);
    if (spec.silverTable(source).deduplication().isEmpty()) {
      return rows;
    }
    return List.copyOf(new LinkedHashSet<>(rows));
  }

  private List<List<String>> allParsedRows(String source) {
    return lines(source).map(l -> parsed(source, l)).filter(Objects::nonNull).toList();
  }

  /** The line's fields when they parse as the source's declared columns, else null. */
  private List<String> parsed(String source, LandingFile.Line line) {
    SourceSpec sourceSpec = spec.source(source);
    if (line.isRaw() || line.fields().size() != sourceSpec.columns().size()) {
      return null;
    }
    for (int i = 0; i < line.fields().size(); i++) {
      if (!parses(line.fields().get(i), sourceSpec.columns().get(i))) {
        return null;
      }
    }
    return line.fields();
  }

  private static boolean parses(String value, ColumnSpec column) {
    if (value.isEmpty()) {
      return true; // an empty field is NULL
    }
    try {
      switch (column.type().kind()) {
        case INT -> Integer.parseInt(value);
        case BIGINT -> Long.parseLong(value);
        case DOUBLE -> Double.parseDouble(value);
        case DECIMAL -> new BigDecimal(value);
        case DATE -> LocalDate.parse(value);
        case TIMESTAMP -> LocalDateTime.parse(value);
        case BOOLEAN -> {
          if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            return false;
          }
        }
        case STRING -> {}
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private int column(String source, String name) {
    List<ColumnSpec> columns = spec.source(source).columns();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("The flights spec has no column " + source + "." + name);
  }

  /** {@code TRY_CAST(fare AS DECIMAL(10, 2)) > 0}: text that is no number fails. */
  private static boolean positive(String fare) {
    try {
      BigDecimal amount = new BigDecimal(fare);
      return amount.signum() > 0 && amount.precision() - amount.scale() <= 8;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean inRange(String number, int min, int max) {
    if (number.isEmpty()) {
      return false;
    }
    int value = Integer.parseInt(number);
    return value >= min && value <= max;
  }

  private static int distinct(List<List<String>> rows, int column) {
    return (int) rows.stream().map(r -> r.get(column)).distinct().count();
  }
}
