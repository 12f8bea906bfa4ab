package io.lakehouseflow.transforms.quality;

import io.lakehouseflow.transforms.expectation.RoutedRows;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * What one parallel operator of a continuous silver run routed or dropped between two checkpoints,
 * as a row on its way to {@link CheckpointQualityMetrics}: the silver table, then the counts of
 * {@link RoutedRows}. A row type rather than a Java class, so its serializer is Flink's own.
 */
public final class QualityTally {
  /** The row type of a tally. */
  public static final TypeInformation<Row> TYPE =
      Types.ROW_NAMED(
          new String[] {
            "silver_table",
            "read",
            "duplicates",
            "silver",
            "quarantined",
            "dropped",
            "warned",
            "failed"
          },
          Types.STRING,
          Types.LONG,
          Types.LONG,
          Types.LONG,
          Types.LONG,
          Types.LONG,
          Types.LONG,
          Types.MAP(Types.STRING, Types.LONG));

  private QualityTally() {}

  /** The tally row of {@code routed}, counted for {@code silverTable}. */
  public static Row of(String silverTable, RoutedRows routed) {
    return Row.of(
        silverTable,
        routed.read(),
        routed.duplicates(),
        routed.silver(),
        routed.quarantined(),
        routed.dropped(),
        routed.warned(),
        new LinkedHashMap<>(routed.failed()));
  }

  /** The silver table a tally row counts for. */
  static String silverTable(Row tally) {
    return (String) tally.getField(0);
  }

  /** The counts of a tally row. */
  @SuppressWarnings("unchecked")
  static RoutedRows routed(Row tally) {
    Map<String, Long> failed = (Map<String, Long>) tally.getField(7);
    return new RoutedRows(
        (Long) tally.getField(1),
        (Long) tally.getField(2),
        (Long) tally.getField(3),
        (Long) tally.getField(4),
        (Long) tally.getField(5),
        (Long) tally.getField(6),
        failed == null ? Map.of() : failed);
  }
}
