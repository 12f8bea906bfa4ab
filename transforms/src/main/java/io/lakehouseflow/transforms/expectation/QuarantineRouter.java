package io.lakehouseflow.transforms.expectation;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each row of a {@link SilverQuery} where its {@link RowVerdict} says: silver rows to the
 * main output, quarantined rows to the quarantine side output; dropped rows nowhere. A failed FAIL
 * rule stops the job without restarts, since replaying the same row would fail the same way.
 *
 * <p>Silver rows: data columns, {@code _source_file}, {@code _record_number}, {@code _ingested_at}.
 * Quarantine rows: data columns, {@code _corrupt_record}, {@code _parse_error}, {@code
 * _failed_expectations}, {@code _source_file}, {@code _record_number}, {@code _ingested_at}, {@code
 * _quarantined_at}.
 */
public final class QuarantineRouter extends ProcessFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String silverTable;
  private final String specLocation;
  private final List<Rule> rules;
  private final int dataColumns;
  private final OutputTag<Row> quarantine;

  private transient Counter silverRows;
  private transient Counter quarantinedRows;
  private transient Counter droppedRows;
  private transient Counter warnedRows;

  /**
   * @param silverTable the silver table name, for messages
   * @param specLocation where the spec was read from, for messages
   * @param query the query whose rows this routes
   * @param quarantine the side output of quarantined rows
   */
  public QuarantineRouter(
      String silverTable, String specLocation, SilverQuery query, OutputTag<Row> quarantine) {
    this.silverTable = silverTable;
    this.specLocation = specLocation;
    this.rules = List.copyOf(query.rules());
    this.dataColumns = query.dataColumnCount();
    this.quarantine = quarantine;
  }

  @Override
  public void open(OpenContext openContext) {
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    silverRows = metrics.counter("silverRows");
    quarantinedRows = metrics.counter("quarantinedRows");
    droppedRows = metrics.counter("droppedRows");
    warnedRows = metrics.counter("warnedRows");
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) {
    int meta = dataColumns;
    String corruptRecord = (String) row.getField(meta);
    Object parseError = row.getField(meta + 1);
    String sourceFile = (String) row.getField(meta + 2);
    Long recordNumber = (Long) row.getField(meta + 3);
    Object ingestedAt = row.getField(meta + 4);

    RowVerdict verdict = corruptRecord != null ? RowVerdict.corrupt() : verdictOf(row, meta + 5);
    if (verdict.fatalRule().isPresent()) {
      throw new SuppressRestartsException(
          ExpectationFailedException.of(
              verdict.fatalRule().get(), silverTable, sourceFile, recordNumber, specLocation));
    }
    switch (verdict.destination()) {
      case SILVER -> {
        Row silver = new Row(dataColumns + 3);
        copyData(row, silver);
        silver.setField(dataColumns, sourceFile);
        silver.setField(dataColumns + 1, recordNumber);
        silver.setField(dataColumns + 2, ingestedAt);
        out.collect(silver);
        silverRows.inc();
        if (!verdict.failedRules().isEmpty()) {
          warnedRows.inc();
        }
      }
      case QUARANTINE -> {
        Row quarantined = new Row(dataColumns + 7);
        copyData(row, quarantined);
        quarantined.setField(dataColumns, corruptRecord);
        quarantined.setField(dataColumns + 1, parseError);
        quarantined.setField(dataColumns + 2, verdict.failedExpectations());
        quarantined.setField(dataColumns + 3, sourceFile);
        quarantined.setField(dataColumns + 4, recordNumber);
        quarantined.setField(dataColumns + 5, ingestedAt);
        quarantined.setField(dataColumns + 6, Instant.now());
        ctx.output(quarantine, quarantined);
        quarantinedRows.inc();
      }
      case DROPPED -> droppedRows.inc();
    }
  }

  private RowVerdict verdictOf(Row row, int firstFlag) {
    boolean[] failed = new boolean[rules.size()];
    for (int i = 0; i < failed.length; i++) {
      failed[i] = Boolean.TRUE.equals(row.getField(firstFlag + i));
    }
    return RowVerdict.of(rules, failed);
  }

  private void copyData(Row from, Row to) {
    for (int i = 0; i < dataColumns; i++) {
      to.setField(i, from.getField(i));
    }
  }
}
