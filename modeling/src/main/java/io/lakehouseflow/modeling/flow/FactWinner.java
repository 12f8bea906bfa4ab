package io.lakehouseflow.modeling.flow;

import io.lakehouseflow.modeling.change.ChangeLayout;
import io.lakehouseflow.modeling.fact.FactModel;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the winning change of each grain key of one fact: the greatest by the fact's sequence
 * value, then landing order, so corrections override and exact re-sends collapse whatever their
 * arrival order. A delete can win too, and then the fact leaves gold. State per grain key: the
 * winner, the winner last published and a revision counter, all constant in size.
 *
 * <p>Publishing a new winner sends its gold row to the assembler (main output), one lookup per
 * dimension reference (withdrawing the lookup at the old key when the reference moved), and the
 * change of its event date to the date dimension. All carry the new revision.
 */
final class FactWinner extends KeyedProcessFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The assembler's input: grain key text, revision, whether the fact lives, its gold row. */
  static TypeInformation<Row> changeType(TypeInformation<Row> goldRow) {
    return Types.ROW_NAMED(
        new String[] {"grain", "revision", "live", "row"},
        Types.STRING,
        Types.LONG,
        Types.BOOLEAN,
        goldRow);
  }

  private final FactModel model;
  private final Publication publication;
  private final TypeInformation<Row> silverType;
  private final List<OutputTag<Row>> lookups;
  private final OutputTag<Row> dates;

  private transient ValueState<Row> winner;
  private transient ValueState<Row> published;
  private transient ValueState<Long> revision;

  FactWinner(
      FactModel model,
      Publication publication,
      TypeInformation<Row> silverType,
      List<OutputTag<Row>> lookups,
      OutputTag<Row> dates) {
    this.model = model;
    this.publication = publication;
    this.silverType = silverType;
    this.lookups = List.copyOf(lookups);
    this.dates = dates;
  }

  @Override
  public void open(OpenContext context) {
    winner = getRuntimeContext().getState(new ValueStateDescriptor<>("winner", silverType));
    published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", silverType));
    revision = getRuntimeContext().getState(new ValueStateDescriptor<>("revision", Types.LONG));
  }

  @Override
  public void processElement(Row change, Context ctx, Collector<Row> out) throws Exception {
    ChangeLayout layout = model.layout();
    Row current = winner.value();
    if (current != null && layout.compare(current, change) >= 0) {
      return;
    }
    winner.update(change);
    if (publication == Publication.EVERY_ROW) {
      publish(ctx.getCurrentKey(), ctx, out);
    } else {
      ctx.timerService().registerEventTimeTimer(Publication.END_OF_INPUT);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    publish(ctx.getCurrentKey(), ctx, out);
  }

  private void publish(String grain, Context ctx, Collector<Row> out) throws Exception {
    Row now = winner.value();
    Row before = published.value();
    if (before != null && GoldRows.sameValues(before, now)) {
      return;
    }
    long rev = revision.value() == null ? 1 : revision.value() + 1;
    revision.update(rev);
    published.update(now);

    ChangeLayout layout = model.layout();
    boolean wasLive = before != null && !layout.isDelete(before);
    boolean live = !layout.isDelete(now);
    for (int i = 0; i < lookups.size(); i++) {
      String oldKey = wasLive ? model.referenceKey(before, i) : null;
      String newKey = live ? model.referenceKey(now, i) : null;
      if (oldKey != null && !oldKey.equals(newKey)) {
        ctx.output(lookups.get(i), Messages.lookup(oldKey, grain, rev, null, false));
      }
      if (newKey != null) {
        ctx.output(lookups.get(i), Messages.lookup(newKey, grain, rev, model.eventTime(now), true));
      }
    }
    Integer oldDate = wasLive ? model.dateKey(before) : null;
    Integer newDate = live ? model.dateKey(now) : null;
    if (!Objects.equals(oldDate, newDate)) {
      if (oldDate != null && oldDate != FactModel.UNKNOWN) {
        ctx.output(dates, Messages.dateCount(oldDate, -1));
      }
      if (newDate != null && newDate != FactModel.UNKNOWN) {
        ctx.output(dates, Messages.dateCount(newDate, 1));
      }
    }
    out.collect(Row.of(grain, rev, live, live ? model.goldRow(now) : null));
  }
}
