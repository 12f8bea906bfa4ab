package io.lakehouseflow.sampledata.rides;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link RidesGenerator} wrote and the outcome a correct pipeline must produce from it,
 * computed from the written lines by the rules of the rides spec.
 *
 * @param landingRoot the landing root the files were written under
 * @param files the written files per source, in write order (file name order)
 * @param rowsWritten data lines per source, headers excluded, malformed lines included
 * @param malformedLines lines per source that do not parse as the source's declared columns
 * @param tableRows the row count of every table of the pipeline, by its name ({@code bronze.trips},
 *     {@code silver.trips}, {@code silver.trips_quarantine}, {@code gold.dim_driver}, {@code
 *     gold.fact_trip}, {@code gold.dim_date}, ...); quarantine counts include the malformed lines
 *     (rule {@code corrupt_record}); silver and quarantine counts leave out the {@code
 *     duplicateRows}
 * @param droppedRows rows per silver table left out by a {@code drop} expectation
 * @param warnedRows rows per silver table in silver although a {@code warn} expectation failed
 * @param duplicateRows rows per silver table dropped as exact copies of a kept row ({@code dedup}):
 *     the {@code duplicates} of {@code silver._quality_metrics}; 0 for a table without dedup
 * @param currentCustomers customers with a current version in {@code gold.dim_customer}
 * @param currentDrivers drivers with a current version in {@code gold.dim_driver}
 * @param deletedDriverVersions versions of {@code gold.dim_driver} closed by a delete
 * @param tripsWithoutDriver rows of {@code gold.fact_trip} whose {@code driver_sk} is -1: requested
 *     while their driver was deleted
 * @param tripsWithUnknownPickup rows of {@code gold.fact_trip} whose {@code pickup_sk} is -1
 * @param correctedPayments rows of {@code gold.fact_payment} whose winning revision is above 1
 * @param fareTotal the sum of {@code fare_total} over {@code gold.fact_trip}
 * @param paymentTotal the sum of {@code amount} over {@code gold.fact_payment}, corrections applied
 * @param changedDriver a driver changed twice, one change arriving late (three versions)
 * @param returningDriver a driver deleted and inserted again (two versions, the first deleted)
 */
public record GeneratedRides(
    Path landingRoot,
    Map<String, List<Path>> files,
    Map<String, Integer> rowsWritten,
    Map<String, Integer> malformedLines,
    Map<String, Long> tableRows,
    Map<String, Long> droppedRows,
    Map<String, Long> warnedRows,
    Map<String, Long> duplicateRows,
    long currentCustomers,
    long currentDrivers,
    long deletedDriverVersions,
    long tripsWithoutDriver,
    long tripsWithUnknownPickup,
    long correctedPayments,
    BigDecimal fareTotal,
    BigDecimal paymentTotal,
    long changedDriver,
    long returningDriver) {

  public GeneratedRides {
    Map<String, List<Path>> filesCopy = new LinkedHashMap<>();
    files.forEach((source, paths) -> filesCopy.put(source, List.copyOf(paths)));
    files = Collections.unmodifiableMap(filesCopy);
    rowsWritten = Collections.unmodifiableMap(new LinkedHashMap<>(rowsWritten));
    malformedLines = Collections.unmodifiableMap(new LinkedHashMap<>(malformedLines));
    tableRows = Collections.unmodifiableMap(new LinkedHashMap<>(tableRows));
    droppedRows = Collections.unmodifiableMap(new LinkedHashMap<>(droppedRows));
    warnedRows = Collections.unmodifiableMap(new LinkedHashMap<>(warnedRows));
    duplicateRows = Collections.unmodifiableMap(new LinkedHashMap<>(duplicateRows));
  }

  /** The expected rows of one table, such as {@code gold.fact_trip}. */
  public long rows(String table) {
    Long rows = tableRows.get(table);
    if (rows == null) {
      throw new IllegalArgumentException(
          "The rides sample has no table " + table + " (tables: " + tableRows.keySet() + ")");
    }
    return rows;
  }

  /** Rows of {@code gold.fact_trip}: valid trips, one per trip_id. */
  public long validTrips() {
    return rows("gold.fact_trip");
  }

  /** Rows of {@code gold.fact_payment}: valid payments, one per payment_id after corrections. */
  public long validPayments() {
    return rows("gold.fact_payment");
  }

  /** Rows of {@code gold.dim_customer}: every SCD2 version. */
  public long customerVersions() {
    return rows("gold.dim_customer");
  }

  /** Rows of {@code gold.dim_driver}: every SCD2 version, deleted ones included. */
  public long driverVersions() {
    return rows("gold.dim_driver");
  }

  /** Data lines of one source, as written; 0 for an unknown source. */
  public int rowsWritten(String source) {
    return rowsWritten.getOrDefault(source, 0);
  }

  /** Malformed lines of one source; 0 for an unknown source. */
  public int malformedLines(String source) {
    return malformedLines.getOrDefault(source, 0);
  }
}
