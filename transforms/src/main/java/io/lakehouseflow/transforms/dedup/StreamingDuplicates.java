package io.lakehouseflow.transforms.dedup;

import io.lakehouseflow.transforms.expectation.RoutedRows;
import java.time.Instant;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Drops exact duplicates in a continuous run: per row digest it remembers when the kept copy was
 * ingested, and drops a later copy within the window of it. Rows reach it in bronze's commit order,
 * so the first copy read is the one kept. The memory is Flink keyed state, checkpointed with the
 * job, and expires the window after it was written (Flink's state TTL counts processing time), so
 * it holds the rows of one window at most.
 */
public final class StreamingDuplicates extends KeyedProcessFunction<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final DuplicateWindow window;
  private final CopyColumns columns;
  private final RoutedRows.Names accounting;

  private transient ValueState<Instant> keptAt;
  private transient LongCounter duplicates;
  private transient Counter duplicateRows;
  private transient long tallied;

  public StreamingDuplicates(
      DuplicateWindow window, CopyColumns columns, RoutedRows.Names accounting) {
    this.window = window;
    this.columns = columns;
    this.accounting = accounting;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<Instant> descriptor = new ValueStateDescriptor<>("keptAt", Types.INSTANT);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(window.window())
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    keptAt = getRuntimeContext().getState(descriptor);
    duplicates = accounting.registerDuplicates(getRuntimeContext());
    duplicateRows = getRuntimeContext().getMetricGroup().counter("duplicateRows");
    tallied = 0;
  }

  /**
   * The duplicates this instance dropped since the previous call (or since it started), for the
   * quality metrics of a continuous run's checkpoint.
   */
  public RoutedRows takeTally() {
    long now = duplicates.getLocalValue();
    RoutedRows since = RoutedRows.duplicatesOnly(now - tallied);
    tallied = now;
    return since;
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
    Instant ingestedAt = columns.copy(row).ingestedAt();
    Instant kept = keptAt.value();
    if (kept != null && window.covers(kept, ingestedAt)) {
      duplicates.add(1L);
      duplicateRows.inc();
      return;
    }
    if (kept == null || ingestedAt.isAfter(kept)) {
      keptAt.update(ingestedAt);
    }
    out.collect(row);
  }
}
