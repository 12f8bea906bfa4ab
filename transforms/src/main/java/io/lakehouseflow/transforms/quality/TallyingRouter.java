package io.lakehouseflow.transforms.quality;

import io.lakehouseflow.transforms.expectation.QuarantineRouter;
import io.lakehouseflow.transforms.expectation.RoutedRows;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

/**
 * Runs a {@link QuarantineRouter} in a continuous silver run and, before each checkpoint barrier,
 * sends what it routed since the previous one to the side output {@code tallies}. Emitted before
 * the barrier, a tally belongs to the same checkpoint as the rows it counts, and so to the same
 * Iceberg commit: a restore replays both or neither.
 */
public final class TallyingRouter extends ProcessOperator<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String silverTable;
  private final OutputTag<Row> tallies;

  public TallyingRouter(QuarantineRouter router, String silverTable, OutputTag<Row> tallies) {
    super(router);
    this.silverTable = silverTable;
    this.tallies = tallies;
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    RoutedRows tally = ((QuarantineRouter) userFunction).takeTally();
    if (!tally.isEmpty()) {
      output.collect(tallies, new StreamRecord<>(QualityTally.of(silverTable, tally)));
    }
  }
}
