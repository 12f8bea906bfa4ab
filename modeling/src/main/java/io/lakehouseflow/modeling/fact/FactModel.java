package io.lakehouseflow.modeling.fact;

import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ChangeOperation;
import io.lakehouseflow.core.spec.DimensionReference;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.modeling.change.ChangeLayout;
import io.lakehouseflow.modeling.change.NaturalKey;
import io.lakehouseflow.modeling.change.Values;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.types.Row;

/**
 * How one fact table reads its silver changes and lays out its gold rows: {@code grain...,
 * <role>_sk..., date_sk, event time, measures, attributes}. A surrogate key is left NULL here when
 * a lookup must find it, and is {@code -1} at once when a reference column is NULL.
 */
public final class FactModel implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The surrogate key of an unknown dimension member, and the date key of an unknown date. */
  public static final long UNKNOWN = -1L;

  private final FactSpec spec;
  private final ChangeLayout layout;
  private final int[][] references;
  private final int eventTime;
  private final int[] grain;
  private final int[] data;

  private FactModel(FactSpec spec, ChangeLayout layout) {
    this.spec = spec;
    this.layout = layout;
    this.references = new int[spec.dimensions().size()][];
    for (int i = 0; i < references.length; i++) {
      references[i] =
          spec.dimensions().get(i).columns().stream().mapToInt(layout::position).toArray();
    }
    this.eventTime = layout.position(spec.eventTime());
    this.grain = spec.grain().stream().mapToInt(layout::position).toArray();
    this.data = LayerSchemas.factDataColumns(spec).stream().mapToInt(layout::position).toArray();
  }

  /** The model of {@code spec}, whose source may declare an operation column. */
  public static FactModel of(FactSpec spec, ChangeOperation operation) {
    Set<String> read = new LinkedHashSet<>(spec.grain());
    spec.dimensions().forEach(r -> read.addAll(r.columns()));
    read.addAll(LayerSchemas.factDataColumns(spec));
    return new FactModel(
        spec, ChangeLayout.of(new ArrayList<>(read), spec.grain(), spec.sequenceBy(), operation));
  }

  public FactSpec spec() {
    return spec;
  }

  public ChangeLayout layout() {
    return layout;
  }

  public List<DimensionReference> references() {
    return spec.dimensions();
  }

  /** The key text of reference {@code i} of a change, NULL when a reference column is NULL. */
  public String referenceKey(Row change, int i) {
    Object[] values = new Object[references[i].length];
    for (int c = 0; c < values.length; c++) {
      values[c] = change.getField(references[i][c]);
    }
    return NaturalKey.of(values);
  }

  /** Whether no column of reference {@code i} of a change is NULL. */
  private boolean hasReference(Row change, int i) {
    for (int c : references[i]) {
      if (change.getField(c) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * The event time of a change; a date counts as its midnight, a {@code timestamptz} as its UTC
   * time (so {@code date_sk} is its UTC date).
   */
  public LocalDateTime eventTime(Row change) {
    return Values.utcTime(change.getField(eventTime));
  }

  /** The event date as {@code yyyymmdd}, {@code -1} without event time. */
  public int dateKey(Row change) {
    LocalDateTime time = eventTime(change);
    if (time == null) {
      return (int) UNKNOWN;
    }
    return time.getYear() * 10000 + time.getMonthValue() * 100 + time.getDayOfMonth();
  }

  /** The gold row of a change, surrogate keys NULL where a lookup decides them. */
  public Row goldRow(Row change) {
    int refs = references.length;
    Row row = Row.withPositions(grain.length + refs + 1 + data.length);
    int p = 0;
    for (int g : grain) {
      row.setField(p++, change.getField(g));
    }
    for (int i = 0; i < refs; i++) {
      row.setField(p++, hasReference(change, i) ? null : UNKNOWN);
    }
    row.setField(p++, dateKey(change));
    for (int d : data) {
      row.setField(p++, change.getField(d));
    }
    return row;
  }

  /** The position of reference {@code i}'s surrogate key in a gold row. */
  public int surrogateKeyPosition(int i) {
    return grain.length + i;
  }
}
