package io.lakehouseflow.deploy.docs;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.deploy.datatest.TestResultsTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The latest result of each data test, read from {@code lakehouse.test_results} with Iceberg's own
 * reader (a table of one small row per test and run, so reading it whole is cheap).
 */
final class LastTestResults {
  /** One test's latest result, as {@code lakehouse test} recorded it. */
  record Result(
      String status, long failingRows, String sample, String detail, OffsetDateTime testedAt) {}

  private final Map<String, Result> byTest;

  private LastTestResults(Map<String, Result> byTest) {
    this.byTest = Map.copyOf(byTest);
  }

  /** No results: the docs of a pipeline whose tables are not read. */
  static LastTestResults none() {
    return new LastTestResults(Map.of());
  }

  /** The latest results in {@code catalog}; none when {@code lakehouse test} never ran. */
  static LastTestResults read(LakehouseCatalog catalog) {
    Map<String, Result> latest = new HashMap<>();
    if (!catalog.tableExists(TestResultsTable.TABLE)) {
      return new LastTestResults(latest);
    }
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(catalog.loadTable(TestResultsTable.TABLE)).build()) {
      for (Record row : rows) {
        Result result =
            new Result(
                text(row, "status"),
                row.getField("failing_rows") == null ? 0 : (Long) row.getField("failing_rows"),
                text(row, "sample"),
                text(row, "detail"),
                (OffsetDateTime) row.getField("tested_at"));
        latest.merge(
            key(text(row, "table_name"), text(row, "test")),
            result,
            (a, b) -> a.testedAt().isAfter(b.testedAt()) ? a : b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + TestResultsTable.TABLE, e);
    }
    return new LastTestResults(latest);
  }

  /** Whether any result was recorded. */
  boolean isEmpty() {
    return byTest.isEmpty();
  }

  /** The latest result of test {@code test} of {@code table}, if it ever ran. */
  Optional<Result> of(String table, String test) {
    return Optional.ofNullable(byTest.get(key(table, test)));
  }

  private static String key(String table, String test) {
    return table + " " + test;
  }

  private static String text(Record row, String field) {
    Object value = row.getField(field);
    return value == null ? "" : value.toString();
  }
}
