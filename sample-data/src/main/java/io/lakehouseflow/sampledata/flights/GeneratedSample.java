package io.lakehouseflow.sampledata.flights;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link FlightsGenerator} wrote and the outcome a correct pipeline must produce from it,
 * computed from the generated lines by the rules of the flights spec.
 *
 * @param landingRoot the landing root the files were written under
 * @param files the written files per source, in write order (file name order)
 * @param rowsWritten data lines per source, headers excluded, malformed lines included
 * @param malformedLines lines per source that do not parse as the source's declared columns (wrong
 *     field count, unterminated quote, non-numeric number, bad timestamp): kept raw in bronze
 * @param duplicateRows rows per silver table dropped as exact copies of a kept row ({@code dedup}):
 *     the {@code duplicates} of {@code silver._quality_metrics}; 0 without dedup
 * @param silverRows rows per silver table: parsed, not quarantined, not dropped by a rule, not a
 *     duplicate
 * @param validBookings bookings that parse and pass {@code positive_fare} and {@code
 *     seats_in_range}: the rows of {@code silver.bookings} and of {@code gold.fact_booking}, one
 *     per booking_id
 * @param quarantinedBookings bookings that parse but fail {@code positive_fare} or {@code
 *     seats_in_range}; the quarantine table may hold the malformed bookings too, under rule {@code
 *     corrupt_record}
 * @param unknownStatusBookings valid bookings failing the warn-only {@code known_status}
 * @param quarantinedCustomers customer rows that parse but fail {@code valid_email}
 * @param customerKeys distinct customers in {@code gold.dim_customer} (current versions)
 * @param customerVersions rows of {@code gold.dim_customer}: per customer, the distinct successive
 *     values of the tracked columns, ordered by {@code updated_at}, after dropping exact duplicate
 *     rows and changes of {@code updated_at} alone
 * @param twiceChangedCustomer a customer whose two changes arrived in order (3 versions)
 * @param lateChangedCustomer a customer with 3 versions whose older change arrived in a later file
 *     than its newer one
 * @param airportKeys rows of {@code gold.dim_airport}
 * @param flightKeys rows of {@code gold.dim_flight}: flights passing {@code distinct_airports}
 * @param droppedFlights flight rows dropped by {@code distinct_airports}
 */
public record GeneratedSample(
    Path landingRoot,
    Map<String, List<Path>> files,
    Map<String, Integer> rowsWritten,
    Map<String, Integer> malformedLines,
    Map<String, Integer> duplicateRows,
    Map<String, Integer> silverRows,
    int validBookings,
    int quarantinedBookings,
    int unknownStatusBookings,
    int quarantinedCustomers,
    int customerKeys,
    int customerVersions,
    CustomerHistory twiceChangedCustomer,
    CustomerHistory lateChangedCustomer,
    int airportKeys,
    int flightKeys,
    int droppedFlights) {

  public GeneratedSample {
    Map<String, List<Path>> filesCopy = new LinkedHashMap<>();
    files.forEach((source, paths) -> filesCopy.put(source, List.copyOf(paths)));
    files = Collections.unmodifiableMap(filesCopy);
    rowsWritten = Collections.unmodifiableMap(new LinkedHashMap<>(rowsWritten));
    malformedLines = Collections.unmodifiableMap(new LinkedHashMap<>(malformedLines));
    duplicateRows = Collections.unmodifiableMap(new LinkedHashMap<>(duplicateRows));
    silverRows = Collections.unmodifiableMap(new LinkedHashMap<>(silverRows));
  }

  /** Data lines of one source, as written; 0 for an unknown source. */
  public int rowsWritten(String source) {
    return rowsWritten.getOrDefault(source, 0);
  }

  /** Exact duplicates silver drops from one table; 0 for a table without dedup. */
  public int duplicateRows(String table) {
    return duplicateRows.getOrDefault(table, 0);
  }

  /** The expected rows of one silver table, such as {@code customers}. */
  public int silverRows(String table) {
    Integer rows = silverRows.get(table);
    if (rows == null) {
      throw new IllegalArgumentException(
          "The flights sample has no silver table "
              + table
              + " (tables: "
              + silverRows.keySet()
              + ")");
    }
    return rows;
  }

  /** Malformed lines of one source; 0 for an unknown source. */
  public int malformedLines(String source) {
    return malformedLines.getOrDefault(source, 0);
  }
}
