package io.lakehouseflow.deploy.datatest;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.datatest.DataTestResult.Status;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code lakehouse test} as a library call: runs a pipeline's data tests (all, or those of the
 * selected tables), prints a line per test and a summary, and records the results in {@link
 * TestResultsTable#TABLE}.
 */
public final class PipelineTests {
  private PipelineTests() {}

  /**
   * Runs the tests of {@code spec} on the tables under {@code layout}; {@code select} names the
   * tables to test ({@code layer.name}), empty for all.
   *
   * @throws IllegalArgumentException when {@code select} names a table no test covers
   */
  public static List<DataTestResult> run(
      PipelineSpec spec, DataLayout layout, Set<String> select, PrintStream out) {
    List<DataTest> all = DataTests.of(spec);
    List<DataTest> tests =
        select.isEmpty() ? all : all.stream().filter(t -> select.contains(t.table())).toList();
    Set<String> tested = new TreeSet<>(all.stream().map(DataTest::table).toList());
    for (String table : select) {
      if (!tested.contains(table)) {
        throw new IllegalArgumentException(
            "Cannot select table '"
                + table
                + "': no test of pipeline "
                + spec.name()
                + " covers it. Tested tables: "
                + String.join(", ", tested)
                + ".");
      }
    }
    Instant now = Instant.now();
    String runId = UUID.randomUUID().toString();
    try (LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), layout)) {
      List<DataTestResult> results = new DataTestRunner(SqlQuery.over(catalog)).run(tests, now);
      results.forEach(r -> out.println(r.line()));
      out.println(
          summary(results) + " Results in " + TestResultsTable.TABLE + " (run " + runId + ").");
      TestResultsTable.record(catalog, runId, now, results);
      return results;
    }
  }

  /** {@code 14 tests: 12 passed, 1 warned, 1 failed, 0 could not run.} */
  static String summary(List<DataTestResult> results) {
    return results.size()
        + (results.size() == 1 ? " test: " : " tests: ")
        + count(results, Status.PASS)
        + " passed, "
        + count(results, Status.WARN)
        + " warned, "
        + count(results, Status.FAIL)
        + " failed, "
        + count(results, Status.ERROR)
        + " could not run.";
  }

  private static long count(List<DataTestResult> results, Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }
}
