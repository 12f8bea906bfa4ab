package io.lakehouseflow.modeling.flow;

import io.lakehouseflow.modeling.fact.FactModel;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Puts each fact row together, partitioned by grain key: the winner's gold row (from {@link
 * FactWinner}) and one surrogate key per reference (from the {@link ReferenceLookup}s). A row is
 * published once every reference has answered the winner's current revision; answers to older
 * revisions, which may arrive late from the lookup of a key the fact has left, are ignored. Until
 * then the row published before stays, so gold always holds a complete row.
 *
 * <p>State per grain key: the latest fact change, the latest answer per reference and the row
 * published, all constant in size. With a state TTL, a key {@link FactWinner} forgets is forgotten
 * here too; the fact's sink then upserts, because a later change of a forgotten key finds no
 * published row to retract, and a delete of it removes the row by its key.
 */
final class FactAssembler extends KeyedCoProcessFunction<String, Row, Row, Row> {
  private static final long serialVersionUID = 1L;

  private static final TypeInformation<Row> ANSWERS =
      Types.ROW_NAMED(
          new String[] {"revisions", "sks"},
          Types.OBJECT_ARRAY(Types.LONG),
          Types.OBJECT_ARRAY(Types.LONG));

  private final FactModel model;
  private final Publication publication;
  private final TypeInformation<Row> changeType;
  private final TypeInformation<Row> goldType;

  private transient ValueState<Row> fact;
  private transient ValueState<Row> answers;
  private transient ValueState<Row> published;
  private final long ttlMillis;

  FactAssembler(
      FactModel model,
      Publication publication,
      TypeInformation<Row> changeType,
      TypeInformation<Row> goldType) {
    this.model = model;
    this.publication = publication;
    this.changeType = changeType;
    this.goldType = goldType;
    this.ttlMillis = publication.ttl(model.spec()).map(Duration::toMillis).orElse(0L);
  }

  @Override
  public void open(OpenContext context) {
    fact = getRuntimeContext().getState(new ValueStateDescriptor<>("fact", changeType));
    answers = getRuntimeContext().getState(new ValueStateDescriptor<>("answers", ANSWERS));
    published = getRuntimeContext().getState(new ValueStateDescriptor<>("published", goldType));
  }

  /** A new winner of the grain key. */
  @Override
  public void processElement1(Row change, Context ctx, Collector<Row> out) throws Exception {
    Row current = fact.value();
    if (current != null && (Long) current.getField(1) >= (Long) change.getField(1)) {
      return;
    }
    if ((Boolean) change.getField(4)) {
      fact.clear();
      answers.clear();
      published.clear();
      return;
    }
    fact.update(change);
    afterInput(ctx, out);
  }

  /** A reference's surrogate key for some revision of the fact. */
  @Override
  public void processElement2(Row resolved, Context ctx, Collector<Row> out) throws Exception {
    int n = model.references().size();
    Row known = answers.value();
    Long[] revisions = known == null ? new Long[n] : (Long[]) known.getField(0);
    Long[] sks = known == null ? new Long[n] : (Long[]) known.getField(1);
    int reference = (Integer) resolved.getField(1);
    long revision = (Long) resolved.getField(2);
    if (revisions[reference] != null && revisions[reference] > revision) {
      return;
    }
    revisions[reference] = revision;
    sks[reference] = (Long) resolved.getField(3);
    answers.update(Row.of(revisions, sks));
    if (ttlMillis > 0 && fact.value() == null) {
      // A late answer to a key forgotten just now would otherwise stay here for ever.
      ctx.timerService()
          .registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + ttlMillis);
    }
    afterInput(ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      if (fact.value() == null) {
        answers.clear();
      }
    } else {
      publish(out);
    }
  }

  private void afterInput(Context ctx, Collector<Row> out) throws Exception {
    if (publication == Publication.EVERY_ROW) {
      publish(out);
    } else {
      ctx.timerService().registerEventTimeTimer(Publication.END_OF_INPUT);
    }
  }

  private void publish(Collector<Row> out) throws Exception {
    Row change = fact.value();
    if (change == null) {
      return; // answers before the fact itself: wait for it
    }
    Row before = published.value();
    if (!(Boolean) change.getField(2)) {
      if (GoldRows.replace(before, null, out)) {
        published.clear();
      } else if (ttlMillis > 0) {
        // Perhaps published before it was forgotten: removed by key, a no-op if it never was.
        out.collect(GoldRows.withKind((Row) change.getField(3), RowKind.DELETE));
      }
      return;
    }
    Row row = Row.copy((Row) change.getField(3));
    long revision = (Long) change.getField(1);
    Row known = answers.value();
    for (int i = 0; i < model.references().size(); i++) {
      int position = model.surrogateKeyPosition(i);
      if (row.getField(position) != null) {
        continue; // a NULL reference: -1 without a lookup
      }
      Long[] revisions = known == null ? null : (Long[]) known.getField(0);
      if (revisions == null || revisions[i] == null || revisions[i] != revision) {
        return; // this revision's answer is still on its way
      }
      row.setField(position, ((Long[]) known.getField(1))[i]);
    }
    if (GoldRows.replace(before, row, out)) {
      published.update(row);
    }
  }
}
