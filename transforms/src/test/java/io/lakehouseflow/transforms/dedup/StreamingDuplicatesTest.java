package io.lakehouseflow.transforms.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.transforms.expectation.RoutedRows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/**
 * The continuous path of dedup: copies within the window of the kept one are dropped, also after a
 * restore from a checkpoint; a copy beyond it is kept; corrupt records are never copies; the memory
 * of a kept row expires the window after it was written (processing time), as README says.
 */
class StreamingDuplicatesTest {
  private static final Instant T0 = Instant.parse("2025-02-06T08:00:00Z");
  private static final DuplicateWindow HOUR = new DuplicateWindow(Duration.ofHours(1));

  /** order_id, customer, _ingested_at, _source_file, _record_number, _corrupt_record. */
  private static final CopyColumns COLUMNS = new CopyColumns(2, 2, 3, 4, 5);

  @Test
  void dropsCopiesWithinTheWindowAcrossARestore() throws Exception {
    OperatorSubtaskState checkpoint;
    try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness = harness()) {
      harness.open();
      harness.processElement(record(row(1, "ann", 0, "a.csv", 1)));
      harness.processElement(record(row(1, "ann", 30, "b.csv", 1)));
      harness.processElement(record(row(1, "bob", 30, "b.csv", 2)));
      harness.processElement(record(corrupt(40, "b.csv", 3)));
      harness.processElement(record(corrupt(40, "b.csv", 4)));
      assertThat(lineage(harness)).containsExactly("a.csv:1", "b.csv:2", "b.csv:3", "b.csv:4");
      checkpoint = harness.snapshot(1, 1);
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> restored = harness()) {
      restored.initializeState(checkpoint);
      restored.open();
      restored.processElement(record(row(1, "ann", 50, "c.csv", 1)));
      // Beyond the hour of a.csv's copy: kept, and the start of a window of its own.
      restored.processElement(record(row(1, "ann", 61, "d.csv", 1)));
      restored.processElement(record(row(1, "ann", 100, "e.csv", 1)));
      assertThat(lineage(restored)).containsExactly("d.csv:1");
    }
  }

  @Test
  void theMemoryOfAKeptRowExpiresTheWindowAfterItWasWritten() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness = harness()) {
      harness.open();
      harness.setStateTtlProcessingTime(0);
      harness.processElement(record(row(1, "ann", 0, "a.csv", 1)));
      harness.setStateTtlProcessingTime(Duration.ofHours(1).toMillis() + 1);
      harness.processElement(record(row(1, "ann", 30, "b.csv", 1)));
      assertThat(lineage(harness)).containsExactly("a.csv:1", "b.csv:1");
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new StreamingDuplicates(HOUR, COLUMNS, new RoutedRows.Names("dedup-test", Map.of()))),
        COLUMNS,
        Types.STRING);
  }

  private static List<String> lineage(KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h) {
    return h.extractOutputValues().stream().map(r -> r.getField(3) + ":" + r.getField(4)).toList();
  }

  private static Row row(long orderId, String customer, int minute, String file, long line) {
    return Row.of(orderId, customer, T0.plus(Duration.ofMinutes(minute)), file, line, null);
  }

  private static Row corrupt(int minute, String file, long line) {
    return Row.of(null, null, T0.plus(Duration.ofMinutes(minute)), file, line, "x,y");
  }

  private static StreamRecord<Row> record(Row row) {
    return new StreamRecord<>(row);
  }
}
