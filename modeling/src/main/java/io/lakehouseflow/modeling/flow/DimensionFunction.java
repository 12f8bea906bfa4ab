package io.lakehouseflow.modeling.flow;

import io.lakehouseflow.modeling.change.ChangeLayout;
import io.lakehouseflow.modeling.change.Values;
import io.lakehouseflow.modeling.dimension.DimensionModel;
import io.lakehouseflow.modeling.dimension.VersionSpan;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the history of each natural key of one dimension and publishes its gold rows: on every
 * change (streaming) or once per key (batch), the key's rows are recomputed from its history by the
 * {@link DimensionModel} and compared with those last published, so what reaches gold depends only
 * on the history, never on the order changes arrived in. The spans facts look up go to a side
 * output whenever they change.
 *
 * <p>State per key: its distinct changes (one per sequence value) and its published rows, both
 * linear in the key's number of changes; each change costs one pass over them.
 */
final class DimensionFunction extends KeyedProcessFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final DimensionModel model;
  private final ChangeLayout layout;
  private final Publication publication;
  private final TypeInformation<Row> changeType;
  private final TypeInformation<Row> goldType;
  private final OutputTag<Row> spans;

  private transient ListState<Row> history;
  private transient ListState<Row> published;

  DimensionFunction(
      DimensionModel model,
      ChangeLayout layout,
      Publication publication,
      TypeInformation<Row> changeType,
      TypeInformation<Row> goldType,
      OutputTag<Row> spans) {
    this.model = model;
    this.layout = layout;
    this.publication = publication;
    this.changeType = changeType;
    this.goldType = goldType;
    this.spans = spans;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    history = getRuntimeContext().getListState(new ListStateDescriptor<>("history", changeType));
    published = getRuntimeContext().getListState(new ListStateDescriptor<>("published", goldType));
  }

  @Override
  public void processElement(Row change, Context ctx, Collector<Row> out) throws Exception {
    List<Row> changes = list(history.get());
    if (!merge(changes, change)) {
      return;
    }
    history.update(changes);
    if (publication == Publication.EVERY_ROW) {
      publish(changes, ctx.getCurrentKey(), ctx, out);
    } else {
      ctx.timerService().registerEventTimeTimer(Publication.END_OF_INPUT);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    publish(list(history.get()), ctx.getCurrentKey(), ctx, out);
  }

  /**
   * Adds {@code change} to the sorted distinct changes: a change with the sequence value of one
   * already kept replaces it only when it is later in landing order. False when nothing changed.
   */
  private boolean merge(List<Row> changes, Row change) {
    Object sequence = layout.sequence(change);
    int i = 0;
    while (i < changes.size()) {
      Row kept = changes.get(i);
      int c = Values.compare(layout.sequence(kept), sequence);
      if (c == 0) {
        if (layout.compare(kept, change) >= 0) {
          return false;
        }
        changes.set(i, change);
        return true;
      }
      if (c > 0) {
        break;
      }
      i++;
    }
    changes.add(i, change);
    return true;
  }

  private void publish(List<Row> changes, String key, Context ctx, Collector<Row> out)
      throws Exception {
    List<Row> before = list(published.get());
    List<Row> now = model.rows(changes);
    if (!GoldRows.publish(before, now, 0, out)) {
      return;
    }
    published.update(now);
    List<VersionSpan> old = model.spans(before);
    List<VersionSpan> current = model.spans(now);
    if (!old.equals(current)) {
      ctx.output(spans, Messages.spans(key, current));
    }
  }

  private static List<Row> list(Iterable<Row> rows) {
    List<Row> out = new ArrayList<>();
    if (rows != null) {
      rows.forEach(out::add);
    }
    return out;
  }
}
