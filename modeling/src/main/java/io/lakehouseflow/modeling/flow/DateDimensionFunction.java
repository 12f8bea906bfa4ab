package io.lakehouseflow.modeling.flow;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Maintains {@code gold.dim_date}: one row per date some fact row falls on. Each fact counts its
 * event date in (+1) and out (-1) as its winning row changes; a date's row exists while its count
 * is positive, so a rebuild and a stream over the same facts hold the same dates. State per date:
 * its count.
 */
final class DateDimensionFunction extends KeyedProcessFunction<Integer, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Publication publication;

  private transient ValueState<Long> count;
  private transient ValueState<Boolean> published;

  DateDimensionFunction(Publication publication) {
    this.publication = publication;
  }

  @Override
  public void open(OpenContext context) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    published =
        getRuntimeContext().getState(new ValueStateDescriptor<>("published", Types.BOOLEAN));
  }

  @Override
  public void processElement(Row dateCount, Context ctx, Collector<Row> out) throws Exception {
    long now = (count.value() == null ? 0 : count.value()) + (Integer) dateCount.getField(1);
    count.update(now);
    if (publication == Publication.EVERY_ROW) {
      publish(ctx.getCurrentKey(), out);
    } else {
      ctx.timerService().registerEventTimeTimer(Publication.END_OF_INPUT);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
    publish(ctx.getCurrentKey(), out);
  }

  private void publish(int dateSk, Collector<Row> out) throws Exception {
    boolean exists = count.value() != null && count.value() > 0;
    boolean was = Boolean.TRUE.equals(published.value());
    if (exists == was) {
      return;
    }
    published.update(exists);
    Row row = calendarDay(dateSk);
    row.setKind(exists ? RowKind.INSERT : RowKind.DELETE);
    out.collect(row);
  }

  /** The row of {@code gold.dim_date} for {@code yyyymmdd}, in {@code LayerSchemas} order. */
  static Row calendarDay(int dateSk) {
    LocalDate date = LocalDate.of(dateSk / 10000, dateSk / 100 % 100, dateSk % 100);
    DayOfWeek day = date.getDayOfWeek();
    return Row.of(
        dateSk,
        date,
        date.getYear(),
        (date.getMonthValue() - 1) / 3 + 1,
        date.getMonthValue(),
        date.getDayOfMonth(),
        day.getValue(),
        day.getDisplayName(TextStyle.FULL, Locale.ENGLISH),
        date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH),
        day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY);
  }
}
