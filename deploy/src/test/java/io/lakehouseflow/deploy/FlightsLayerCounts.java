package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.awaitility.core.ConditionFactory;

/**
 * The rows of every table of the flights pipeline, and how many of them are copies of another row
 * of the same table, read back from Iceberg directly (deletes applied, no Flink job). A row's
 * identity is its landing line ({@code _source_file}, {@code _record_number}) in bronze and silver,
 * its key in gold, so equal counts with no copies mean no row was lost and none doubled.
 */
record FlightsLayerCounts(Map<String, Long> rows, Map<String, Long> copies) {
  private static final String[] LINE = {"_source_file", "_record_number"};

  /** Every table and the columns that identify one of its rows. */
  private static final Map<TableIdentifier, String[]> TABLES = tables();

  private static Map<TableIdentifier, String[]> tables() {
    Map<TableIdentifier, String[]> tables = new LinkedHashMap<>();
    List<String> sources = List.of("customers", "airports", "flights", "bookings");
    sources.forEach(s -> tables.put(TableNames.bronze(s), LINE));
    sources.forEach(s -> tables.put(TableNames.silver(s), LINE));
    sources.forEach(s -> tables.put(TableNames.quarantine(s), LINE));
    tables.put(TableNames.dimension("customer"), new String[] {"customer_id", "valid_from"});
    tables.put(TableNames.dimension("airport"), new String[] {"airport_code"});
    tables.put(TableNames.dimension("flight"), new String[] {"flight_id"});
    tables.put(TableNames.fact("booking"), new String[] {"booking_id"});
    return tables;
  }

  /** Reads every table now; a table the run has not created yet counts 0 rows. */
  static FlightsLayerCounts of(LakehouseCatalog catalog) {
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, Long> copies = new LinkedHashMap<>();
    TABLES.forEach(
        (table, identity) -> {
          String name = table.toString();
          if (!catalog.tableExists(table)) {
            rows.put(name, 0L);
            return;
          }
          List<String> ids = TableContents.of(catalog, table).lines(identity);
          rows.put(name, (long) ids.size());
          Map<String, Integer> seen = new HashMap<>();
          ids.forEach(id -> seen.merge(id, 1, Integer::sum));
          long copied = seen.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
          if (copied > 0) {
            copies.put(name, copied);
          }
        });
    return new FlightsLayerCounts(rows, copies);
  }

  /**
   * The rows a correct pipeline holds after reading the generated {@code sample} and the {@code
   * landed} bookings, by the flights spec's rules, table by table.
   */
  static Map<String, Long> expected(GeneratedSample sample, LandedBookings landed) {
    Map<String, Long> rows = new LinkedHashMap<>();
    List<String> sources = List.of("customers", "airports", "flights", "bookings");
    for (String source : sources) {
      long extra = source.equals("bookings") ? landed.lines() : 0;
      rows.put(TableNames.bronze(source).toString(), sample.rowsWritten(source) + extra);
    }
    long validBookings = (long) sample.validBookings() + landed.valid();
    for (String table : List.of("customers", "airports", "flights")) {
      rows.put(TableNames.silver(table).toString(), (long) sample.silverRows(table));
    }
    rows.put(TableNames.silver("bookings").toString(), validBookings);
    rows.put(
        TableNames.quarantine("customers").toString(),
        (long) sample.quarantinedCustomers() + sample.malformedLines("customers"));
    rows.put(
        TableNames.quarantine("airports").toString(), (long) sample.malformedLines("airports"));
    rows.put(TableNames.quarantine("flights").toString(), (long) sample.malformedLines("flights"));
    rows.put(
        TableNames.quarantine("bookings").toString(),
        (long) sample.quarantinedBookings()
            + sample.malformedLines("bookings")
            + landed.quarantined()
            + landed.malformed());
    rows.put(TableNames.dimension("customer").toString(), (long) sample.customerVersions());
    rows.put(TableNames.dimension("airport").toString(), (long) sample.airportKeys());
    rows.put(TableNames.dimension("flight").toString(), (long) sample.flightKeys());
    rows.put(TableNames.fact("booking").toString(), validBookings);
    return rows;
  }

  /** Fails unless every table holds exactly {@code expected} rows and no copies. */
  void assertExact(Map<String, Long> expected, String what) {
    assertThat(rows).as("rows per table of %s", what).containsExactlyEntriesOf(expected);
    assertThat(copies).as("copied rows per table of %s", what).isEmpty();
  }

  /** Waits, with the deadline and checks of {@code condition}, until the counts are exact. */
  static void awaitExact(
      ConditionFactory condition,
      LakehouseCatalog catalog,
      Map<String, Long> expected,
      String what) {
    condition
        // Each poll reads every table: do not poll more often than the runs commit.
        .pollInterval(Duration.ofSeconds(3))
        .alias("every table of " + what + " holds exactly " + expected)
        .untilAsserted(() -> of(catalog).assertExact(expected, what));
  }
}
