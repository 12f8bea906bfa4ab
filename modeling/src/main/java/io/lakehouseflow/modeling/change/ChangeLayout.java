package io.lakehouseflow.modeling.change;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.spec.ChangeOperation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.types.Row;

/**
 * Where a gold job finds the parts of one silver change in the rows it reads: the key, the sequence
 * value, the operation and the lineage, by position in {@link #columns()}.
 *
 * <p>Changes of one key are ordered by sequence value (NULL lowest), then by landing order: the
 * greater {@code _source_file}, then the greater {@code _record_number}, comes later. The order is
 * total and comes from the rows alone, so it never depends on when or in which order rows arrive.
 */
public final class ChangeLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> columns;
  private final int[] key;
  private final int sequence;
  private final int operation;
  private final ChangeOperation operationValues;
  private final int sourceFile;
  private final int recordNumber;

  private ChangeLayout(
      List<String> columns, List<String> key, String sequence, ChangeOperation operation) {
    this.columns = List.copyOf(columns);
    this.key = key.stream().mapToInt(this::position).toArray();
    this.sequence = sequence == null ? -1 : position(sequence);
    this.operationValues = operation;
    this.operation = operation == null ? -1 : position(operation.column());
    this.sourceFile = position(MetadataColumns.SOURCE_FILE);
    this.recordNumber = position(MetadataColumns.RECORD_NUMBER);
  }

  /**
   * The layout of rows holding {@code data} columns, then the operation column (when declared and
   * not among them), then the lineage columns.
   *
   * @param key the columns identifying what changes (a natural key or a grain)
   * @param sequence the column ordering changes of one key; {@code null} for landing order alone
   * @param operation the operation column and its values; {@code null} when every row is an upsert
   */
  public static ChangeLayout of(
      List<String> data, List<String> key, String sequence, ChangeOperation operation) {
    List<String> columns = new ArrayList<>(data);
    if (sequence != null && !columns.contains(sequence)) {
      columns.add(sequence);
    }
    if (operation != null && !columns.contains(operation.column())) {
      columns.add(operation.column());
    }
    columns.add(MetadataColumns.SOURCE_FILE);
    columns.add(MetadataColumns.RECORD_NUMBER);
    return new ChangeLayout(columns, key, sequence, operation);
  }

  /** The columns to read from silver, in row order. */
  public List<String> columns() {
    return columns;
  }

  /** The position of {@code column} in the rows. */
  public int position(String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException(
          "Cannot find column '" + column + "' among the gold job's columns " + columns);
    }
    return i;
  }

  /** The key text of a row, NULL when a key column is NULL. */
  public String key(Row row) {
    return NaturalKey.of(keyValues(row));
  }

  /** Whether no key column of the row is NULL, without building its key text. */
  public boolean hasKey(Row row) {
    for (int k : key) {
      if (row.getField(k) == null) {
        return false;
      }
    }
    return true;
  }

  /** The key values of a row, in key order. */
  public Object[] keyValues(Row row) {
    Object[] values = new Object[key.length];
    for (int i = 0; i < key.length; i++) {
      values[i] = row.getField(key[i]);
    }
    return values;
  }

  /** The sequence value, NULL when there is no sequence column or the row has none. */
  public Object sequence(Row row) {
    return sequence < 0 ? null : row.getField(sequence);
  }

  /** Whether the row deletes its key. */
  public boolean isDelete(Row row) {
    return operation >= 0 && operationValues.isDelete((String) row.getField(operation));
  }

  /** Where the row landed, as {@code file:line}, for messages. */
  public String lineage(Row row) {
    return row.getField(sourceFile) + ":" + row.getField(recordNumber);
  }

  /** The order of changes of one key: earliest first, the last one wins. */
  public Comparator<Row> order() {
    return (a, b) -> compare(a, b);
  }

  /** Negative when {@code a} comes before {@code b}, see the class comment. */
  public int compare(Row a, Row b) {
    int c = Values.compare(sequence(a), sequence(b));
    if (c == 0) {
      c =
          Objects.compare(
              (String) a.getField(sourceFile),
              (String) b.getField(sourceFile),
              Comparator.naturalOrder());
    }
    if (c == 0) {
      c = Long.compare((Long) a.getField(recordNumber), (Long) b.getField(recordNumber));
    }
    return c;
  }
}
