package io.lakehouseflow.transforms.dedup;

import io.lakehouseflow.transforms.expectation.RoutedRows;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Drops exact duplicates in an available-now (batch) run. Input 1 is the rows read from bronze,
 * input 2 the copies earlier runs kept in silver and quarantine within the window; both keyed by
 * {@link CopyColumns}. A batch job hands a keyed operator all rows of one key together, in no set
 * order, and fires the key's timers after its last row: so the copies of a row are gathered, and
 * decided at the timer, sorted by lineage, which makes the kept copy the same however the readers
 * interleaved.
 */
public final class SortedDuplicates extends KeyedCoProcessFunction<String, Row, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final DuplicateWindow window;
  private final CopyColumns arrivingColumns;
  private final CopyColumns keptColumns;
  private final TypeInformation<Row> rowType;
  private final RoutedRows.Names accounting;

  private transient ListState<Row> arriving;
  private transient ListState<RowCopy> kept;
  private transient LongCounter duplicates;
  private transient Counter duplicateRows;

  /**
   * @param window how far apart copies are duplicates
   * @param arrivingColumns the layout of the rows read from bronze (the silver query's)
   * @param keptColumns the layout of the kept copies read back
   * @param rowType the type of the rows read from bronze, for state
   * @param accounting the accumulators of the read, which count the duplicates
   */
  public SortedDuplicates(
      DuplicateWindow window,
      CopyColumns arrivingColumns,
      CopyColumns keptColumns,
      TypeInformation<Row> rowType,
      RoutedRows.Names accounting) {
    this.window = window;
    this.arrivingColumns = arrivingColumns;
    this.keptColumns = keptColumns;
    this.rowType = rowType;
    this.accounting = accounting;
  }

  @Override
  public void open(OpenContext openContext) {
    arriving = getRuntimeContext().getListState(new ListStateDescriptor<>("arriving", rowType));
    kept =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("kept", TypeInformation.of(RowCopy.class)));
    duplicates = accounting.registerDuplicates(getRuntimeContext());
    duplicateRows = getRuntimeContext().getMetricGroup().counter("duplicateRows");
  }

  @Override
  public void processElement1(Row row, Context ctx, Collector<Row> out) throws Exception {
    arriving.add(row);
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
  }

  @Override
  public void processElement2(Row row, Context ctx, Collector<Row> out) throws Exception {
    kept.add(keptColumns.copy(row));
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    List<Row> rows = new ArrayList<>();
    arriving.get().forEach(rows::add);
    if (!rows.isEmpty()) {
      List<RowCopy> copies = new ArrayList<>(rows.size());
      rows.forEach(row -> copies.add(arrivingColumns.copy(row)));
      List<RowCopy> earlier = new ArrayList<>();
      kept.get().forEach(earlier::add);
      boolean[] duplicate = window.duplicates(earlier, copies);
      for (int i = 0; i < duplicate.length; i++) {
        if (duplicate[i]) {
          duplicates.add(1L);
          duplicateRows.inc();
        } else {
          out.collect(rows.get(i));
        }
      }
    }
    arriving.clear();
    kept.clear();
  }
}
