package io.lakehouseflow.core.testing;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The rows of one Iceberg table as a test reads them back: every live row of the current snapshot,
 * or of a given one, with equality and position deletes applied, in a stable order; and the table's
 * snapshots. Reads with Iceberg's generic reader, so no Flink job runs and a poll is cheap.
 *
 * <pre>{@code
 * TableContents.of(catalog, TableNames.silver("bookings")).lines("booking_id", "fare_amount")
 * TableContents.of(catalog, id).atSnapshot(snapshotId).values()
 * }</pre>
 *
 * <p>Rows are sorted by every column in schema order unless {@link #sortedBy} names the columns to
 * sort by; values compare in their natural order, NULL first. Each call reads the table again.
 */
public final class TableContents {
  private final Table table;
  private final Long snapshotId;
  private final List<String> sortColumns;

  private TableContents(Table table, Long snapshotId, List<String> sortColumns) {
    this.table = table;
    this.snapshotId = snapshotId;
    this.sortColumns = List.copyOf(sortColumns);
  }

  /** The current contents of table {@code id}, loaded from {@code catalog} now. */
  public static TableContents of(LakehouseCatalog catalog, TableIdentifier id) {
    return of(catalog.loadTable(id));
  }

  /** The current contents of {@code table}, refreshed now. */
  public static TableContents of(Table table) {
    table.refresh();
    return new TableContents(table, null, List.of());
  }

  /** The contents as of snapshot {@code id}, which must be one of {@link #snapshots()}. */
  public TableContents atSnapshot(long id) {
    if (table.snapshot(id) == null) {
      throw new IllegalArgumentException(
          "Cannot read snapshot "
              + id
              + " of "
              + table.name()
              + ": it is not one of its snapshots "
              + snapshots().stream().map(Snapshot::snapshotId).toList());
    }
    return new TableContents(table, id, sortColumns);
  }

  /** The same contents, sorted by {@code columns} (then by every column, for a total order). */
  public TableContents sortedBy(String... columns) {
    for (String column : columns) {
      if (schema().findField(column) == null) {
        throw new IllegalArgumentException(
            "Cannot sort "
                + table.name()
                + " by '"
                + column
                + "': no such column (columns: "
                + columnNames()
                + ")");
      }
    }
    return new TableContents(table, snapshotId, Arrays.asList(columns));
  }

  /** The schema of the snapshot read: the table's schema when that snapshot was written. */
  public Schema schema() {
    if (snapshotId == null) {
      return table.schema();
    }
    Integer schemaId = table.snapshot(snapshotId).schemaId();
    return schemaId == null ? table.schema() : table.schemas().get(schemaId);
  }

  /** Every live row, holding exactly the schema's columns. */
  public List<Record> records() {
    Schema schema = schema();
    IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table);
    if (snapshotId != null) {
      scan = scan.useSnapshot(snapshotId);
    }
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = scan.build()) {
      for (Record r : records) {
        // Rows of files with deletes carry reader columns (_pos) beyond the schema; drop them.
        GenericRecord row = GenericRecord.create(schema);
        for (Types.NestedField field : schema.columns()) {
          row.setField(field.name(), r.getField(field.name()));
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + table.name() + " back", e);
    }
    rows.sort(order(schema));
    return rows;
  }

  /** Every live row as its values in schema order (NULL as {@code null}). */
  public List<List<Object>> values() {
    return records().stream()
        .map(r -> Arrays.asList(valuesOf(r, columnNames())))
        .collect(Collectors.toList());
  }

  /** Every live row as column name to value, in schema order. */
  public List<Map<String, Object>> maps() {
    List<String> columns = columnNames();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Record r : records()) {
      Map<String, Object> row = new LinkedHashMap<>();
      columns.forEach(c -> row.put(c, r.getField(c)));
      rows.add(row);
    }
    return rows;
  }

  /** Every live row as the values of {@code columns} joined by {@code |}; NULL as {@code null}. */
  public List<String> lines(String... columns) {
    return records().stream()
        .map(
            r ->
                Arrays.stream(valuesOf(r, List.of(columns)))
                    .map(String::valueOf)
                    .collect(Collectors.joining("|")))
        .collect(Collectors.toList());
  }

  /** The number of live rows. */
  public int size() {
    return records().size();
  }

  /** The table's snapshots in commit order, oldest first. */
  public List<Snapshot> snapshots() {
    return StreamSupport.stream(table.snapshots().spliterator(), false).toList();
  }

  /** The table's current snapshot; empty while nothing was committed. */
  public Optional<Snapshot> currentSnapshot() {
    return Optional.ofNullable(table.currentSnapshot());
  }

  private List<String> columnNames() {
    return schema().columns().stream().map(Types.NestedField::name).toList();
  }

  private static Object[] valuesOf(Record r, List<String> columns) {
    return columns.stream().map(r::getField).toArray();
  }

  private Comparator<Record> order(Schema schema) {
    List<String> keys = new ArrayList<>(sortColumns);
    schema.columns().stream().map(Types.NestedField::name).forEach(keys::add);
    Comparator<Record> order = (a, b) -> 0;
    for (String key : keys) {
      order = order.thenComparing(r -> r.getField(key), TableContents::compareValues);
    }
    return order;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Comparable && a.getClass().equals(b.getClass())) {
      return ((Comparable) a).compareTo(b);
    }
    return Objects.toString(a).compareTo(Objects.toString(b));
  }
}
