package io.lakehouseflow.modeling.flow;

import io.lakehouseflow.modeling.dimension.VersionSpan;
import io.lakehouseflow.modeling.fact.FactModel;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Resolves one dimension reference of one fact, partitioned by the referenced natural key: it keeps
 * the key's spans (from the dimension) and the facts that currently refer to the key, and answers
 * each fact with the surrogate key of the row whose span covers its event time, {@code -1} when
 * none does. When the spans change (a late or corrected dimension change) it answers again every
 * fact whose key changed, so facts placed before their dimension data are corrected.
 *
 * <p>State per dimension key: its spans and one entry per fact referring to it (revision, event
 * time, last answer). A change of the spans costs a pass over the key's facts.
 */
final class ReferenceLookup extends KeyedCoProcessFunction<String, Row, Row, Row> {
  private static final long serialVersionUID = 1L;

  private static final TypeInformation<Row> FACT =
      Types.ROW_NAMED(
          new String[] {"revision", "event_time", "answer"},
          Types.LONG,
          Types.LOCAL_DATE_TIME,
          Types.LONG);

  private final int reference;
  private final Publication publication;

  private transient ValueState<Row> spans;
  private transient MapState<String, Row> facts;

  ReferenceLookup(int reference, Publication publication) {
    this.reference = reference;
    this.publication = publication;
  }

  @Override
  public void open(OpenContext context) {
    spans = getRuntimeContext().getState(new ValueStateDescriptor<>("spans", Messages.SPANS));
    facts = getRuntimeContext().getMapState(new MapStateDescriptor<>("facts", Types.STRING, FACT));
  }

  /** New spans of the key. */
  @Override
  public void processElement1(Row message, Context ctx, Collector<Row> out) throws Exception {
    spans.update(message);
    if (publication == Publication.EVERY_ROW) {
      answerAll(Messages.spans(message), out);
    } else {
      ctx.timerService().registerEventTimeTimer(Publication.END_OF_INPUT);
    }
  }

  /** A fact's lookup at this key, or its withdrawal. */
  @Override
  public void processElement2(Row lookup, Context ctx, Collector<Row> out) throws Exception {
    String grain = (String) lookup.getField(1);
    long revision = (Long) lookup.getField(2);
    boolean live = (Boolean) lookup.getField(4);
    Row known = facts.get(grain);
    if (known != null && (Long) known.getField(0) >= revision) {
      return;
    }
    if (!live) {
      facts.remove(grain);
      return;
    }
    Row fact = Row.of(revision, lookup.getField(3), null);
    if (publication == Publication.EVERY_ROW) {
      answer(grain, fact, currentSpans(), out);
    } else {
      facts.put(grain, fact);
      ctx.timerService().registerEventTimeTimer(Publication.END_OF_INPUT);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    answerAll(currentSpans(), out);
  }

  /** Answers every fact referring to the key whose answer {@code current} changes. */
  private void answerAll(List<VersionSpan> current, Collector<Row> out) throws Exception {
    // Copied first: answering updates the map being iterated.
    List<Map.Entry<String, Row>> entries = new ArrayList<>();
    facts.entries().forEach(entries::add);
    for (Map.Entry<String, Row> fact : entries) {
      answer(fact.getKey(), fact.getValue(), current, out);
    }
  }

  private List<VersionSpan> currentSpans() throws Exception {
    Row message = spans.value();
    return message == null ? List.of() : Messages.spans(message);
  }

  /** Sends the fact its surrogate key, unless it already has this answer for its revision. */
  private void answer(String grain, Row fact, List<VersionSpan> current, Collector<Row> out)
      throws Exception {
    LocalDateTime eventTime = (LocalDateTime) fact.getField(1);
    long sk = FactModel.UNKNOWN;
    for (VersionSpan span : current) {
      if (span.covers(eventTime)) {
        sk = span.surrogateKey();
        break;
      }
    }
    Long answered = (Long) fact.getField(2);
    if (answered != null && answered == sk) {
      return;
    }
    long revision = (Long) fact.getField(0);
    facts.put(grain, Row.of(revision, eventTime, sk));
    out.collect(Messages.resolved(grain, reference, revision, sk));
  }
}
