package io.lakehouseflow.transforms.expectation;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;
import static io.lakehouseflow.core.catalog.MetadataColumns.FAILED_EXPECTATIONS;
import static io.lakehouseflow.core.catalog.MetadataColumns.QUARANTINED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.RECORD_NUMBER;
import static io.lakehouseflow.core.catalog.MetadataColumns.SOURCE_FILE;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.metrics.TableMetrics;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
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
 * <p>Output rows are built in the layouts of the silver and quarantine tables: each column is
 * copied by name from the query's row, except {@code _failed_expectations} and {@code
 * _quarantined_at}, which the verdict sets.
 */
public final class QuarantineRouter extends ProcessFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Marks an output column the router computes rather than copies. */
  private static final int FAILED_EXPECTATIONS_VALUE = -1;

  private static final int QUARANTINED_AT_VALUE = -2;

  private final String silverTable;
  private final String specLocation;
  private final List<Rule> rules;
  private final int[] flags;
  private final int corruptRecord;
  private final int sourceFile;
  private final int recordNumber;
  private final int[] silverFrom;
  private final int[] quarantineFrom;
  private final OutputTag<Row> quarantine;
  private final RoutedRows.Names accounting;

  private transient Counter silverRows;
  private transient Counter quarantinedRows;
  private transient Counter droppedRows;
  private transient Counter warnedRows;
  private transient RoutedRows.Counters routed;
  private transient RoutedRows tallied;

  /**
   * @param silverTable the silver table name, for messages
   * @param specLocation where the spec was read from, for messages
   * @param query the query whose rows this routes
   * @param layout the layouts of the silver and quarantine tables written
   * @param quarantine the side output of quarantined rows
   * @param accounting the accumulators counting this router's rows, for the conservation check
   */
  public QuarantineRouter(
      String silverTable,
      String specLocation,
      SilverQuery query,
      SilverLayout layout,
      OutputTag<Row> quarantine,
      RoutedRows.Names accounting) {
    this.silverTable = silverTable;
    this.specLocation = specLocation;
    this.rules = List.copyOf(query.rules());
    this.flags = new int[rules.size()];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = query.flagPosition(i);
    }
    this.corruptRecord = query.position(CORRUPT_RECORD);
    this.sourceFile = query.position(SOURCE_FILE);
    this.recordNumber = query.position(RECORD_NUMBER);
    this.silverFrom = sources(query, layout.silver());
    this.quarantineFrom = sources(query, layout.quarantine());
    this.quarantine = quarantine;
    this.accounting = accounting;
  }

  /** For each column of {@code target}, the query column it is copied from, or what computes it. */
  private static int[] sources(SilverQuery query, LayerSchema target) {
    List<String> columns = target.columnNames();
    int[] from = new int[columns.size()];
    for (int i = 0; i < from.length; i++) {
      from[i] =
          switch (columns.get(i)) {
            case FAILED_EXPECTATIONS -> FAILED_EXPECTATIONS_VALUE;
            case QUARANTINED_AT -> QUARANTINED_AT_VALUE;
            default -> query.position(columns.get(i));
          };
    }
    return from;
  }

  @Override
  public void open(OpenContext openContext) {
    // Under the silver table's lakehouse group, as the rows its sink receives (TableMetrics), so
    // a dashboard reads what the expectations did per table: rows_dropped, rows_quarantined
    // (corrupt rows included) and rows_warned (kept, with a failed warn rule).
    MetricGroup metrics =
        TableMetrics.of(
            getRuntimeContext().getMetricGroup(),
            "silver",
            TableNames.silver(silverTable).toString());
    silverRows = metrics.counter("rows_kept");
    quarantinedRows = metrics.counter("rows_quarantined");
    droppedRows = metrics.counter("rows_dropped");
    warnedRows = metrics.counter("rows_warned");
    routed = accounting.register(getRuntimeContext());
    tallied = RoutedRows.none();
  }

  /**
   * The rows this instance routed since the previous call (or since it started), for the quality
   * metrics of a continuous run's checkpoint.
   */
  public RoutedRows takeTally() {
    RoutedRows now = routed.current();
    RoutedRows since = now.minus(tallied);
    tallied = now;
    return since;
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Row> out) {
    routed.read().add(1L);
    RowVerdict verdict =
        row.getField(corruptRecord) != null ? RowVerdict.corrupt() : verdictOf(row);
    if (verdict.fatalRule().isPresent()) {
      throw new SuppressRestartsException(
          ExpectationFailedException.of(
              verdict.fatalRule().get(),
              silverTable,
              (String) row.getField(sourceFile),
              (Long) row.getField(recordNumber),
              specLocation));
    }
    for (String rule : verdict.failedRules()) {
      LongCounter failed = routed.failed().get(rule);
      if (failed != null) {
        failed.add(1L);
      }
    }
    switch (verdict.destination()) {
      case SILVER -> {
        out.collect(project(row, silverFrom, verdict));
        silverRows.inc();
        routed.silver().add(1L);
        if (!verdict.failedRules().isEmpty()) {
          warnedRows.inc();
          routed.warned().add(1L);
        }
      }
      case QUARANTINE -> {
        ctx.output(quarantine, project(row, quarantineFrom, verdict));
        quarantinedRows.inc();
        routed.quarantined().add(1L);
      }
      case DROPPED -> {
        droppedRows.inc();
        routed.dropped().add(1L);
      }
    }
  }

  private RowVerdict verdictOf(Row row) {
    boolean[] failed = new boolean[flags.length];
    for (int i = 0; i < failed.length; i++) {
      failed[i] = Boolean.TRUE.equals(row.getField(flags[i]));
    }
    return RowVerdict.of(rules, failed);
  }

  private static Row project(Row row, int[] from, RowVerdict verdict) {
    Row target = new Row(from.length);
    for (int i = 0; i < from.length; i++) {
      target.setField(
          i,
          switch (from[i]) {
            case FAILED_EXPECTATIONS_VALUE -> verdict.failedExpectations();
            case QUARANTINED_AT_VALUE -> Instant.now();
            default -> row.getField(from[i]);
          });
    }
    return target;
  }
}
