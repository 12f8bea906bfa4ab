package io.lakehouseflow.modeling.flow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * The difference between the gold rows of a key last published and its rows now, as an exact
 * changelog: INSERT for a new row, UPDATE_BEFORE (the old row) and UPDATE_AFTER for a changed one,
 * DELETE for a row gone, nothing for rows unchanged. Rows are matched by the value at position
 * {@code key} (the table's primary key). Because each operator knows what it published, the sink
 * needs no upsert mode, which would write an equality delete before every row, new ones included.
 */
final class GoldRows {
  private GoldRows() {}

  /** Emits the changes from {@code published} to {@code current}; true when there were any. */
  static boolean publish(List<Row> published, List<Row> current, int key, Collector<Row> out) {
    Map<Object, Row> before = new HashMap<>();
    published.forEach(r -> before.put(r.getField(key), r));
    boolean changed = false;
    for (Row row : current) {
      changed |= replace(before.remove(row.getField(key)), row, out);
    }
    for (Row gone : before.values()) {
      changed |= replace(gone, null, out);
    }
    return changed;
  }

  /**
   * Emits the change from {@code before} to {@code after} of one primary key, either NULL for no
   * row; true when they differ.
   */
  static boolean replace(Row before, Row after, Collector<Row> out) {
    if (before == null && after == null) {
      return false;
    }
    if (before == null) {
      out.collect(withKind(after, RowKind.INSERT));
    } else if (after == null) {
      out.collect(withKind(before, RowKind.DELETE));
    } else if (!sameValues(before, after)) {
      out.collect(withKind(before, RowKind.UPDATE_BEFORE));
      out.collect(withKind(after, RowKind.UPDATE_AFTER));
    } else {
      return false;
    }
    return true;
  }

  static Row withKind(Row row, RowKind kind) {
    Row copy = Row.copy(row);
    copy.setKind(kind);
    return copy;
  }

  static boolean sameValues(Row a, Row b) {
    if (a.getArity() != b.getArity()) {
      return false;
    }
    for (int i = 0; i < a.getArity(); i++) {
      if (!Objects.deepEquals(a.getField(i), b.getField(i))) {
        return false;
      }
    }
    return true;
  }
}
