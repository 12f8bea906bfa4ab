package io.lakehouseflow.modeling.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * The difference between the gold rows of a key last published and its rows now, as the changelog
 * an upsert sink applies: a DELETE per row gone, an UPDATE_AFTER per row new or changed, nothing
 * for rows unchanged. Rows are matched by the value at position {@code key} (the table's primary
 * key).
 */
final class GoldRows {
  private GoldRows() {}

  /** Emits the changes from {@code published} to {@code current}; true when there were any. */
  static boolean publish(List<Row> published, List<Row> current, int key, Collector<Row> out) {
    Map<Object, Row> before = new HashMap<>();
    published.forEach(r -> before.put(r.getField(key), r));
    boolean changed = false;
    for (Row row : current) {
      Row old = before.remove(row.getField(key));
      if (old == null || !sameValues(old, row)) {
        out.collect(withKind(row, RowKind.UPDATE_AFTER));
        changed = true;
      }
    }
    for (Row gone : before.values()) {
      out.collect(withKind(gone, RowKind.DELETE));
      changed = true;
    }
    return changed;
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

  static List<Row> insertOnly(List<Row> rows) {
    List<Row> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(withKind(r, RowKind.INSERT)));
    return out;
  }
}
