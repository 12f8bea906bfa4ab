package io.lakehouseflow.transforms.quality;

import io.lakehouseflow.transforms.dedup.StreamingDuplicates;
import io.lakehouseflow.transforms.expectation.RoutedRows;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

/**
 * Runs {@link StreamingDuplicates} in a continuous silver run and, before each checkpoint barrier,
 * sends the duplicates it dropped since the previous one to the side output {@code tallies}, for
 * the same reason as {@link TallyingRouter}: the rows it dropped never reach the router.
 */
public final class TallyingDuplicates extends KeyedProcessOperator<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String silverTable;
  private final OutputTag<Row> tallies;

  public TallyingDuplicates(
      StreamingDuplicates duplicates, String silverTable, OutputTag<Row> tallies) {
    super(duplicates);
    this.silverTable = silverTable;
    this.tallies = tallies;
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    RoutedRows tally = ((StreamingDuplicates) userFunction).takeTally();
    if (!tally.isEmpty()) {
      output.collect(tallies, new StreamRecord<>(QualityTally.of(silverTable, tally)));
    }
  }
}
