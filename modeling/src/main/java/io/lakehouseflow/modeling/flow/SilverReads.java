package io.lakehouseflow.modeling.flow;

import io.lakehouseflow.modeling.change.ChangeLayout;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Counts the silver rows one gold operator has read, ever, and passes on those with a complete key
 * (and sequence value, for a dimension). The count lives in checkpointed state, so after a restore
 * it continues from what the restored state had consumed; it is published as an accumulator, which
 * lets an available-now run see when the job has read everything silver held at its start (the
 * {@code total-records} of silver's snapshot then, silver being append-only).
 */
final class SilverReads extends RichFlatMapFunction<Row, Row> implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  private final String accumulator;
  private final ChangeLayout layout;
  private final boolean needsSequence;

  private transient ListState<Long> state;
  private transient long restored;
  private transient LongCounter rows;

  SilverReads(String accumulator, ChangeLayout layout, boolean needsSequence) {
    this.accumulator = accumulator;
    this.layout = layout;
    this.needsSequence = needsSequence;
  }

  /** Counts every row and passes every row on: a SQL model reads silver as it is. */
  static SilverReads everyRow(String accumulator) {
    return new SilverReads(accumulator, null, false);
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    state =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("rows-read", Types.LONG));
    restored = 0;
    for (Long count : state.get()) {
      restored += count;
    }
  }

  @Override
  public void open(OpenContext context) {
    rows = new LongCounter(restored);
    getRuntimeContext().addAccumulator(accumulator, rows);
  }

  @Override
  public void flatMap(Row row, Collector<Row> out) {
    rows.add(1);
    if (layout == null
        || (layout.hasKey(row) && (!needsSequence || layout.sequence(row) != null))) {
      out.collect(row);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    state.update(java.util.List.of(rows.getLocalValue()));
  }
}
