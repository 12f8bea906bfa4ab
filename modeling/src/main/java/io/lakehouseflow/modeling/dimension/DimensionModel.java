package io.lakehouseflow.modeling.dimension;

import io.lakehouseflow.core.spec.ChangeOperation;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.ScdType;
import io.lakehouseflow.modeling.change.ChangeLayout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * How one dimension turns the history of a key into its gold rows. The history is the key's
 * distinct changes (one per sequence value, the last in landing order), earliest first; the rows
 * are in the layout of {@code gold.dim_<name>}. The result depends on that history alone, so a
 * key's rows are the same whatever order its changes arrived in.
 */
public abstract class DimensionModel implements Serializable {
  private static final long serialVersionUID = 1L;

  protected final DimensionSpec spec;
  protected final ChangeLayout layout;
  protected final int[] attributes;

  DimensionModel(DimensionSpec spec, ChangeLayout layout) {
    this.spec = spec;
    this.layout = layout;
    this.attributes = spec.attributes().stream().mapToInt(layout::position).toArray();
  }

  /** The model of {@code spec}'s SCD type, reading changes laid out by {@code layout}. */
  public static DimensionModel of(DimensionSpec spec, ChangeLayout layout) {
    return spec.scd() == ScdType.TYPE_2
        ? new Scd2History(spec, layout)
        : new Scd1Member(spec, layout);
  }

  /** The changes a dimension reads from silver: key, attributes and sequence, with lineage. */
  public static ChangeLayout layout(DimensionSpec spec, ChangeOperation operation) {
    List<String> data = new ArrayList<>(spec.key());
    data.addAll(spec.attributes());
    data.add(spec.sequenceBy());
    return ChangeLayout.of(data, spec.key(), spec.sequenceBy(), operation);
  }

  /** The gold rows of one key, from its distinct changes earliest first. */
  public abstract List<Row> rows(List<Row> history);

  /**
   * The spans of time in which each gold row of a key is the one a fact refers to: {@code [from,
   * to)}, NULL bounds open. A type 1 member covers all time.
   */
  public abstract List<VersionSpan> spans(List<Row> rows);

  /** The position of the surrogate key in a gold row. */
  static final int SURROGATE_KEY = 0;

  /** The values of this dimension's gold columns, {@code sk, key..., attributes...} first. */
  Row head(long surrogateKey, Row change, Object[] attributeValues, int extra) {
    int keySize = spec.key().size();
    Row row = Row.withPositions(1 + keySize + attributes.length + extra);
    row.setField(SURROGATE_KEY, surrogateKey);
    Object[] key = layout.keyValues(change);
    for (int i = 0; i < keySize; i++) {
      row.setField(1 + i, key[i]);
    }
    for (int i = 0; i < attributes.length; i++) {
      row.setField(1 + keySize + i, attributeValues[i]);
    }
    return row;
  }

  int historyStart() {
    return 1 + spec.key().size() + attributes.length;
  }

  Object[] attributeValues(Row change) {
    Object[] values = new Object[attributes.length];
    for (int i = 0; i < attributes.length; i++) {
      values[i] = change.getField(attributes[i]);
    }
    return values;
  }
}
