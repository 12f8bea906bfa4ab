package io.lakehouseflow.modeling.dimension;

import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.modeling.change.ChangeLayout;
import io.lakehouseflow.modeling.change.Values;
import io.lakehouseflow.modeling.key.SurrogateKey;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * A type 2 dimension: the versions of one key, walking its distinct changes in sequence order.
 *
 * <ul>
 *   <li>An upsert with no open version (the first change, or the first after a delete) opens one at
 *       its sequence value, even when its tracked values equal the closed version's.
 *   <li>An upsert whose tracked values differ from the open version's closes it at its sequence
 *       value and opens a new one.
 *   <li>An upsert with the same tracked values is absorbed: the open version takes its untracked
 *       values (type 1 within the version).
 *   <li>A delete closes the open version at its sequence value with {@code is_deleted}; with no
 *       open version it changes nothing.
 * </ul>
 *
 * The surrogate key hashes the natural key and {@code valid_from}.
 */
final class Scd2History extends DimensionModel {
  private static final long serialVersionUID = 1L;

  /** Per attribute: whether a change of it opens a version. */
  private final boolean[] tracked;

  Scd2History(DimensionSpec spec, ChangeLayout layout) {
    super(spec, layout);
    tracked = new boolean[spec.attributes().size()];
    for (int i = 0; i < tracked.length; i++) {
      tracked[i] = spec.tracked().contains(spec.attributes().get(i));
    }
  }

  @Override
  public List<Row> rows(List<Row> history) {
    List<Row> versions = new ArrayList<>();
    Row opening = null;
    Object[] values = null;
    LocalDateTime from = null;
    for (Row change : history) {
      LocalDateTime at = Values.utcTime(layout.sequence(change));
      if (layout.isDelete(change)) {
        if (opening != null) {
          versions.add(version(opening, values, from, at, true));
          opening = null;
        }
        continue;
      }
      Object[] next = attributeValues(change);
      if (opening != null && !trackedValuesDiffer(values, next)) {
        for (int i = 0; i < next.length; i++) {
          if (!tracked[i]) {
            values[i] = next[i];
          }
        }
        continue;
      }
      if (opening != null) {
        versions.add(version(opening, values, from, at, false));
      }
      opening = change;
      values = next;
      from = at;
    }
    if (opening != null) {
      versions.add(version(opening, values, from, null, false));
    }
    return versions;
  }

  @Override
  public List<VersionSpan> spans(List<Row> rows) {
    int start = historyStart();
    return rows.stream()
        .map(
            r ->
                new VersionSpan(
                    (Long) r.getField(SURROGATE_KEY),
                    (LocalDateTime) r.getField(start),
                    (LocalDateTime) r.getField(start + 1)))
        .toList();
  }

  private boolean trackedValuesDiffer(Object[] open, Object[] next) {
    for (int i = 0; i < open.length; i++) {
      if (tracked[i] && !Values.same(open[i], next[i])) {
        return true;
      }
    }
    return false;
  }

  private Row version(
      Row opening, Object[] values, LocalDateTime from, LocalDateTime to, boolean deleted) {
    Object[] key = layout.keyValues(opening);
    Object[] hashed = new Object[key.length + 1];
    System.arraycopy(key, 0, hashed, 0, key.length);
    hashed[key.length] = from;
    Row row =
        head(SurrogateKey.of(hashed), opening, values.clone(), LayerSchemas.SCD2_HISTORY.size());
    int start = historyStart();
    row.setField(start, from);
    row.setField(start + 1, to);
    row.setField(start + 2, to == null);
    row.setField(start + 3, deleted);
    return row;
  }
}
