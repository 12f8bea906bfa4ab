package io.lakehouseflow.transforms.quality;

import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.transforms.expectation.RoutedRows;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

/**
 * The quality metrics of a continuous silver run, one set per checkpoint: sums the {@link
 * QualityTally tallies} of every router and duplicates operator per silver table and, before the
 * checkpoint barrier, emits the rows of {@code silver._quality_metrics} for that checkpoint (see
 * {@link MetricRows}), to be written by an Iceberg sink that commits with the checkpoint.
 *
 * <p>Runs with parallelism 1. With aligned checkpoints every tally of checkpoint {@code n} arrives
 * before its barrier, so the rows emitted count exactly the rows that silver, quarantine and the
 * drop and dedup rules took in that checkpoint. Sums are not kept in state: after a restore the
 * upstream operators recount what is replayed.
 */
public final class CheckpointQualityMetrics extends AbstractStreamOperator<Row>
    implements OneInputStreamOperator<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Map<String, Map<String, ExpectationAction>> rules;
  private final List<String> columns;

  private transient Map<String, RoutedRows> pending;

  /**
   * @param rules per silver table ({@code silver.<name>}), its rules with their actions
   * @param columns the columns of the metrics table, in the order of the rows the sink takes
   */
  public CheckpointQualityMetrics(
      Map<String, Map<String, ExpectationAction>> rules, List<String> columns) {
    this.rules = new HashMap<>();
    rules.forEach((table, tableRules) -> this.rules.put(table, new LinkedHashMap<>(tableRules)));
    this.columns = List.copyOf(columns);
  }

  @Override
  public void open() throws Exception {
    super.open();
    pending = new LinkedHashMap<>();
  }

  @Override
  public void processElement(StreamRecord<Row> element) {
    Row tally = element.getValue();
    pending.merge(QualityTally.silverTable(tally), QualityTally.routed(tally), RoutedRows::plus);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    if (pending.isEmpty()) {
      return;
    }
    Map<String, Object> commit = new HashMap<>();
    commit.put("job_id", getRuntimeContext().getJobInfo().getJobId().toString());
    commit.put("checkpoint_id", checkpointId);
    commit.put("recorded_at", Instant.now());
    pending.forEach(
        (table, routed) -> {
          for (Map<String, Object> fields :
              MetricRows.of(table, routed, rules.getOrDefault(table, Map.of()), commit)) {
            Row row = new Row(columns.size());
            for (int i = 0; i < row.getArity(); i++) {
              row.setField(i, fields.get(columns.get(i)));
            }
            output.collect(new StreamRecord<>(row));
          }
        });
    pending.clear();
  }
}
