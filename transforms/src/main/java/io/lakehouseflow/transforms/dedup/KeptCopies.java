package io.lakehouseflow.transforms.dedup;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;
import static io.lakehouseflow.core.catalog.MetadataColumns.INGESTED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.RECORD_NUMBER;
import static io.lakehouseflow.core.catalog.MetadataColumns.SOURCE_FILE;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.transforms.expectation.SilverLayout;
import io.lakehouseflow.transforms.expectation.SilverQuery;
import io.lakehouseflow.transforms.progress.BronzeRange;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkReadOptions;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The copies earlier available-now runs kept, which a run must know to drop their duplicates
 * without holding state between runs: the rows of the silver and quarantine tables (as of their
 * current snapshots) ingested at most the window before the earliest bronze row of the range read.
 * Older rows cannot be within the window of a new one, so the read is bounded by the window, not by
 * the tables' size. Corrupt records are never copies, so quarantine's are left out.
 */
public final class KeptCopies {
  private KeptCopies() {}

  /**
   * The query of the kept copies, in {@link #columns} layout. When no earlier run kept anything
   * (the range starts at bronze's beginning, or both tables are empty) it selects no row, which the
   * planner turns into an empty input.
   *
   * @param kept the silver table, then its quarantine table, by name
   * @param dataColumns the silver data columns, in table order
   */
  public static String sql(
      Table bronze,
      BronzeRange range,
      Map<TableIdentifier, Table> kept,
      List<String> dataColumns,
      Duration window) {
    if (range.consumed().isEmpty() || range.isEmpty()) {
      return selectFrom(dataColumns, kept.keySet().iterator().next()) + " WHERE FALSE";
    }
    return select(kept, dataColumns, earliestIngested(bronze, range).map(t -> t.minus(window)));
  }

  /** The silver table and the quarantine table of {@code layout}, whose rows are kept copies. */
  public static Map<TableIdentifier, Table> tables(LakehouseCatalog catalog, SilverLayout layout) {
    Map<TableIdentifier, Table> tables = new LinkedHashMap<>();
    for (TableIdentifier id : List.of(layout.silver().table(), layout.quarantine().table())) {
      tables.put(id, catalog.loadTable(id));
    }
    return tables;
  }

  /**
   * The rows of the {@code kept} tables (as of their current snapshots) ingested at or after {@code
   * since} (all when empty), in {@link #columns} layout.
   */
  public static String select(
      Map<TableIdentifier, Table> kept, List<String> dataColumns, Optional<Instant> since) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<TableIdentifier, Table> target : kept.entrySet()) {
      Table table = target.getValue();
      Snapshot snapshot = table.currentSnapshot();
      if (snapshot == null) {
        continue;
      }
      List<String> conditions = new ArrayList<>();
      if (table.schema().findField(CORRUPT_RECORD) != null) {
        conditions.add(SilverQuery.quote(CORRUPT_RECORD) + " IS NULL");
      }
      // Epoch milliseconds, rounded down: a bound at most a millisecond early only reads more.
      since.ifPresent(
          t ->
              conditions.add(
                  SilverQuery.quote(INGESTED_AT)
                      + " >= TO_TIMESTAMP_LTZ("
                      + t.toEpochMilli()
                      + ", 3)"));
      parts.add(
          selectFrom(dataColumns, target.getKey())
              + SqlQuoting.optionsHint(
                  Map.of(FlinkReadOptions.SNAPSHOT_ID.key(), Long.toString(snapshot.snapshotId())))
              + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)));
    }
    if (parts.isEmpty()) {
      return selectFrom(dataColumns, kept.keySet().iterator().next()) + " WHERE FALSE";
    }
    return String.join(" UNION ALL ", parts);
  }

  /** {@code SELECT <data columns>, <lineage> FROM <table>}: the {@link #columns} layout. */
  private static String selectFrom(List<String> dataColumns, TableIdentifier table) {
    List<String> selected = new ArrayList<>();
    dataColumns.forEach(c -> selected.add(SilverQuery.quote(c)));
    List.of(INGESTED_AT, SOURCE_FILE, RECORD_NUMBER)
        .forEach(c -> selected.add(SilverQuery.quote(c)));
    return "SELECT " + String.join(", ", selected) + " FROM " + TableNames.sql(table);
  }

  /** Where a row of {@link #sql} holds what deduplication reads. */
  public static CopyColumns columns(int dataColumns) {
    return CopyColumns.withoutCorruptRecord(
        dataColumns, dataColumns, dataColumns + 1, dataColumns + 2);
  }

  /**
   * The earliest {@code _ingested_at} of the bronze rows in {@code range}, from the lower bounds
   * Iceberg keeps per data file (no data is read); empty when a file has none.
   */
  static Optional<Instant> earliestIngested(Table bronze, BronzeRange range) {
    Types.NestedField column = bronze.schema().findField(INGESTED_AT);
    if (column == null) {
      return Optional.empty();
    }
    Instant earliest = null;
    for (Snapshot snapshot :
        SnapshotUtil.ancestorsBetween(
            range.current().get(), range.consumed().get(), bronze::snapshot)) {
      if (!DataOperations.APPEND.equals(snapshot.operation())) {
        continue;
      }
      for (DataFile file : snapshot.addedDataFiles(bronze.io())) {
        ByteBuffer bound =
            file.lowerBounds() == null ? null : file.lowerBounds().get(column.fieldId());
        if (bound == null) {
          return Optional.empty();
        }
        long micros = Conversions.<Long>fromByteBuffer(column.type(), bound);
        Instant ingested = Instant.EPOCH.plusNanos(micros * 1000);
        if (earliest == null || ingested.isBefore(earliest)) {
          earliest = ingested;
        }
      }
    }
    return Optional.ofNullable(earliest);
  }
}
