package io.lakehouseflow.modeling.dimension;

import io.lakehouseflow.core.spec.DeletePolicy;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.modeling.change.ChangeLayout;
import io.lakehouseflow.modeling.key.SurrogateKey;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * A type 1 dimension: one row per key, from its latest distinct change, with the sequence column
 * under its own name (for example {@code updated_at}). When the latest change is a delete, the
 * member leaves the dimension ({@code on_delete: remove}) or keeps the values of its latest upsert
 * with {@code is_deleted} ({@code on_delete: mark}). The surrogate key hashes the natural key only,
 * so it is stable across changes.
 */
final class Scd1Member extends DimensionModel {
  private static final long serialVersionUID = 1L;

  Scd1Member(DimensionSpec spec, ChangeLayout layout) {
    super(spec, layout);
  }

  @Override
  public List<Row> rows(List<Row> history) {
    if (history.isEmpty()) {
      return List.of();
    }
    Row latest = history.get(history.size() - 1);
    if (!layout.isDelete(latest)) {
      return List.of(row(latest, false));
    }
    if (spec.onDelete() == DeletePolicy.REMOVE) {
      return List.of();
    }
    for (int i = history.size() - 2; i >= 0; i--) {
      if (!layout.isDelete(history.get(i))) {
        return List.of(row(history.get(i), true));
      }
    }
    return List.of();
  }

  @Override
  public List<VersionSpan> spans(List<Row> rows) {
    return rows.stream()
        .map(r -> new VersionSpan((Long) r.getField(SURROGATE_KEY), null, null))
        .toList();
  }

  private Row row(Row change, boolean deleted) {
    Row row = head(SurrogateKey.of(layout.keyValues(change)), change, attributeValues(change), 2);
    row.setField(historyStart(), layout.sequence(change));
    row.setField(historyStart() + 1, deleted);
    return row;
  }
}
