package io.lakehouseflow.transforms.expectation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SilverTableSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class QuarantineRouterTest {
  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: test
          sources:
            bookings:
              columns: {booking_id: bigint, fare: string}
          silver:
            bookings:
              source: bookings
              casts: {fare: "decimal(10,2)"}
              expectations:
                - {name: positive_fare, expr: "fare > 0", action: quarantine}
          """,
          "router-test.yaml");
  private static final SilverTableSpec SILVER = SPEC.silverTable("bookings");
  private static final OutputTag<Row> QUARANTINE =
      new OutputTag<>("quarantine", org.apache.flink.api.common.typeinfo.Types.GENERIC(Row.class));

  @Test
  void routesByColumnNameWhenTheLayersGainAColumn() throws Exception {
    // Bronze and silver each declared with one more column, placed before the existing lineage:
    // every column after it moves, and the router still fills each one by name.
    LayerColumn rescued = LayerColumn.metadata("_later_column", Types.StringType.get(), null);
    SilverLayout declared = SilverLayout.of(SPEC, SILVER);
    SilverLayout grown =
        new SilverLayout(
            insertBefore(declared.bronze(), MetadataColumns.CORRUPT_RECORD, rescued),
            insertBefore(declared.silver(), MetadataColumns.SOURCE_FILE, rescued),
            declared.quarantine());
    SilverQuery query = SilverQuery.of(SILVER, SPEC.source("bookings"), grown);
    assertThat(query.outputColumns())
        .containsExactly(
            "booking_id",
            "fare",
            "_later_column",
            "_corrupt_record",
            "_parse_error",
            "_source_file",
            "_record_number",
            "_ingested_at",
            "__failed_0",
            "__failed_1");

    Instant ingested = Instant.parse("2025-01-01T00:00:00Z");
    List<Row> silver = new ArrayList<>();
    List<Row> quarantined = new ArrayList<>();
    try (OneInputStreamOperatorTestHarness<Row, Row> harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(
                new QuarantineRouter(
                    "bookings",
                    "router-test.yaml",
                    query,
                    grown,
                    QUARANTINE,
                    RoutedRows.Names.of("router-test", query))))) {
      harness.open();
      harness.processElement(
          queryRow(
              query,
              Map.of("booking_id", 1L, "fare", "9.50", "_later_column", "{\"x\":1}"),
              "landing/bookings/a.csv",
              2L,
              ingested,
              false,
              false),
          0);
      harness.processElement(
          queryRow(
              query,
              Map.of("booking_id", 2L, "fare", "-1.00"),
              "landing/bookings/a.csv",
              3L,
              ingested,
              false,
              true),
          0);
      for (Object o : harness.getOutput()) {
        if (o instanceof StreamRecord<?> r) {
          silver.add((Row) r.getValue());
        }
      }
      harness.getSideOutput(QUARANTINE).forEach(r -> quarantined.add(r.getValue()));
    }

    LayerSchema silverLayout = grown.silver();
    assertThat(silver).hasSize(1);
    Row row = silver.get(0);
    assertThat(row.getArity()).isEqualTo(silverLayout.arity());
    assertThat(row.getField(silverLayout.position("booking_id"))).isEqualTo(1L);
    assertThat(row.getField(silverLayout.position("_later_column"))).isEqualTo("{\"x\":1}");
    assertThat(row.getField(silverLayout.position(MetadataColumns.SOURCE_FILE)))
        .isEqualTo("landing/bookings/a.csv");
    assertThat(row.getField(silverLayout.position(MetadataColumns.RECORD_NUMBER))).isEqualTo(2L);
    assertThat(row.getField(silverLayout.position(MetadataColumns.INGESTED_AT)))
        .isEqualTo(ingested);

    LayerSchema quarantineLayout = grown.quarantine();
    assertThat(quarantined).hasSize(1);
    Row bad = quarantined.get(0);
    assertThat(bad.getArity()).isEqualTo(quarantineLayout.arity());
    assertThat(bad.getField(quarantineLayout.position("booking_id"))).isEqualTo(2L);
    assertThat(bad.getField(quarantineLayout.position(MetadataColumns.FAILED_EXPECTATIONS)))
        .isEqualTo("positive_fare");
    assertThat(bad.getField(quarantineLayout.position(MetadataColumns.RECORD_NUMBER)))
        .isEqualTo(3L);
    assertThat(bad.getField(quarantineLayout.position(MetadataColumns.QUARANTINED_AT)))
        .isInstanceOf(Instant.class);
  }

  private static LayerSchema insertBefore(LayerSchema layout, String column, LayerColumn added) {
    List<LayerColumn> columns = new ArrayList<>(layout.columns());
    columns.add(layout.position(column), added);
    return LayerSchema.of(layout.table(), columns);
  }

  /** A row of {@code query}: the given values by name, lineage, and the two rule flags. */
  private static Row queryRow(
      SilverQuery query,
      Map<String, Object> values,
      String file,
      long line,
      Instant ingested,
      boolean castFailed,
      boolean expectationFailed) {
    Row row = new Row(query.outputColumns().size());
    values.forEach((name, value) -> row.setField(query.position(name), value));
    row.setField(query.position(MetadataColumns.SOURCE_FILE), file);
    row.setField(query.position(MetadataColumns.RECORD_NUMBER), line);
    row.setField(query.position(MetadataColumns.INGESTED_AT), ingested);
    row.setField(query.flagPosition(0), castFailed);
    row.setField(query.flagPosition(1), expectationFailed);
    return row;
  }
}
