package io.lakehouseflow.modeling.flow;

import io.lakehouseflow.modeling.change.ChangeLayout;
import io.lakehouseflow.modeling.fact.FactModel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
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
 *
 * <p>With a state TTL (streaming only), a grain key that has not changed for the TTL of processing
 * time is forgotten: its lookups are withdrawn, the assembler is told to forget it too, and all its
 * state here is cleared, while its gold row stays as it is. A later change of the key then starts
 * afresh, so its revisions restart above any revision the key had before (they are derived from the
 * processing clock), and answers to the forgotten revisions can never be mistaken for new ones.
 */
final class FactWinner extends KeyedProcessFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  /**
   * The assembler's input: grain key text, revision, whether the fact lives, its gold row (with a
   * TTL, a deleted fact's row too, for its key), and whether the key is forgotten.
   */
  static TypeInformation<Row> changeType(TypeInformation<Row> goldRow) {
    return Types.ROW_NAMED(
        new String[] {"grain", "revision", "live", "row", "forget"},
        Types.STRING,
        Types.LONG,
        Types.BOOLEAN,
        goldRow,
        Types.BOOLEAN);
  }

  /** The job accumulator counting the grain keys of fact {@code fact} the TTL forgot. */
  static String forgottenAccumulator(String fact) {
    return "gold-forgotten-" + fact;
  }

  /** Revisions of a key restarted after a TTL: the processing time in ms times this. */
  private static final long REVISIONS_PER_MILLISECOND = 1000;

  private final FactModel model;
  private final Publication publication;
  private final TypeInformation<Row> silverType;
  private final List<OutputTag<Row>> lookups;
  private final OutputTag<Row> dates;
  private final long ttlMillis;

  private transient ValueState<Row> winner;
  private transient ValueState<Row> published;
  private transient ValueState<Long> revision;
  private transient ValueState<Long> touched;
  private transient ValueState<Long> expiry;
  private transient LongCounter forgotten;

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
    this.ttlMillis = publication.ttl(model.spec()).map(Duration::toMillis).orElse(0L);
  }

  @Override
  public void open(OpenContext context) {
    winner = getRuntimeContext().getState(new ValueStateDescriptor<>("winner", silverType));
    published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", silverType));
    revision = getRuntimeContext().getState(new ValueStateDescriptor<>("revision", Types.LONG));
    touched = getRuntimeContext().getState(new ValueStateDescriptor<>("touched", Types.LONG));
    expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Types.LONG));
    forgotten = new LongCounter();
    getRuntimeContext().addAccumulator(forgottenAccumulator(model.spec().name()), forgotten);
  }

  @Override
  public void processElement(Row change, Context ctx, Collector<Row> out) throws Exception {
    if (ttlMillis > 0) {
      touch(ctx);
    }
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
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      expire(timestamp, ctx, out);
    } else {
      publish(ctx.getCurrentKey(), ctx, out);
    }
  }

  /** Notes a change of the key now, and makes sure a timer will check its expiry. */
  private void touch(Context ctx) throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    touched.update(now);
    if (expiry.value() == null) {
      // One timer per key at a time: a key changed often would otherwise hold one per change.
      ctx.timerService().registerProcessingTimeTimer(now + ttlMillis);
      expiry.update(now + ttlMillis);
    }
  }

  private void expire(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    Long last = touched.value();
    if (last == null) {
      return;
    }
    if (last + ttlMillis > timestamp) {
      ctx.timerService().registerProcessingTimeTimer(last + ttlMillis);
      expiry.update(last + ttlMillis);
      return;
    }
    String grain = ctx.getCurrentKey();
    long rev = nextRevision(ctx);
    Row before = published.value();
    if (before != null && !model.layout().isDelete(before)) {
      for (int i = 0; i < lookups.size(); i++) {
        String key = model.referenceKey(before, i);
        if (key != null) {
          ctx.output(lookups.get(i), Messages.lookup(key, grain, rev, null, false));
        }
      }
    }
    out.collect(Row.of(grain, rev, false, null, true));
    winner.clear();
    published.clear();
    revision.clear();
    touched.clear();
    expiry.clear();
    forgotten.add(1);
  }

  private long nextRevision(Context ctx) throws Exception {
    Long last = revision.value();
    if (last != null) {
      return last + 1;
    }
    // A key forgotten by the TTL had revisions up to about (its first change's time) * 1000 +
    // its changes since, and was forgotten a TTL (a second or more) after its last change, so
    // restarting at now * 1000 stays above them: a late answer to a forgotten revision is then
    // older than every new one. Without a TTL nothing is forgotten and revisions start at 1.
    return ttlMillis > 0
        ? ctx.timerService().currentProcessingTime() * REVISIONS_PER_MILLISECOND
        : 1;
  }

  private void publish(String grain, Context ctx, Collector<Row> out) throws Exception {
    Row now = winner.value();
    Row before = published.value();
    if (before != null && GoldRows.sameValues(before, now)) {
      return;
    }
    long rev = nextRevision(ctx);
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
    // With a TTL the assembler may have forgotten the row a delete removes: it needs the key.
    boolean keyed = live || ttlMillis > 0;
    out.collect(Row.of(grain, rev, live, keyed ? model.goldRow(now) : null, false));
  }
}
