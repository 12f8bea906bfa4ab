package io.lakehouseflow.deploy.datatest;

import io.lakehouseflow.core.spec.DataTestSpec.Severity;
import io.lakehouseflow.deploy.datatest.DataTestResult.Status;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs data tests as batch Flink SQL over the tables' current snapshots. The failing-row counts of
 * several rule tests are computed by one statement (one Flink job; a few per statement, since a
 * statement takes a bounded number of table inputs); a test that fails then gets a second query for
 * a sample of its rows. A statement that cannot run is retried test by test, so one broken test (a
 * column that does not exist) is reported on its own and the others still run.
 */
public final class DataTestRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DataTestRunner.class);

  /** Rule tests counted per statement; each reads one or two tables. */
  private static final int TESTS_PER_STATEMENT = 8;

  private static final int SAMPLE_ROWS = 3;

  private final SqlQuery query;

  public DataTestRunner(SqlQuery query) {
    this.query = query;
  }

  /** Runs {@code tests} at {@code now} (which only freshness tests read), in their order. */
  public List<DataTestResult> run(List<DataTest> tests, Instant now) {
    List<DataTest> rules = tests.stream().filter(t -> t.failingRows().isPresent()).toList();
    List<Optional<Long>> counts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int from = 0; from < rules.size(); from += TESTS_PER_STATEMENT) {
      List<DataTest> chunk =
          rules.subList(from, Math.min(rules.size(), from + TESTS_PER_STATEMENT));
      count(chunk, counts, problems);
    }
    List<DataTestResult> results = new ArrayList<>();
    int rule = 0;
    for (DataTest test : tests) {
      if (test.threshold().isPresent()) {
        results.add(threshold(test, now));
        continue;
      }
      Optional<Long> failing = counts.get(rule);
      String problem = problems.get(rule);
      rule++;
      if (failing.isEmpty()) {
        results.add(new DataTestResult(test, Status.ERROR, 0, List.of(), problem));
      } else if (failing.get() == 0) {
        results.add(new DataTestResult(test, Status.PASS, 0, List.of(), ""));
      } else {
        results.add(
            new DataTestResult(
                test,
                test.severity() == Severity.WARN ? Status.WARN : Status.FAIL,
                failing.get(),
                sample(test),
                ""));
      }
    }
    return results;
  }

  private void count(List<DataTest> chunk, List<Optional<Long>> counts, List<String> problems) {
    try {
      for (Long count :
          query.counts(chunk.stream().map(DataTestRunner::countOf).toArray(String[]::new))) {
        counts.add(Optional.of(count));
        problems.add("");
      }
    } catch (Exception together) {
      LOG.debug(
          "Counting {} tests at once failed; counting them one by one", chunk.size(), together);
      for (DataTest test : chunk) {
        try {
          counts.add(Optional.of(query.counts(countOf(test)).get(0)));
          problems.add("");
        } catch (Exception e) {
          counts.add(Optional.empty());
          problems.add(
              message(e)
                  + " (declared at "
                  + test.declaredAt()
                  + "; the query: "
                  + test.failingRows().get()
                  + ")");
        }
      }
    }
  }

  private static String countOf(DataTest test) {
    return "SELECT COUNT(*) FROM (" + test.failingRows().orElseThrow() + ") failing";
  }

  private List<String> sample(DataTest test) {
    try {
      SqlQuery.Result rows =
          query.execute(
              "SELECT * FROM ("
                  + test.failingRows().orElseThrow()
                  + ") failing LIMIT "
                  + SAMPLE_ROWS);
      List<String> sample = new ArrayList<>();
      for (Row row : rows.rows()) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < rows.columns().size(); i++) {
          text.append(i == 0 ? "" : ", ")
              .append(rows.columns().get(i))
              .append('=')
              .append(row.getField(i));
        }
        sample.add(text.append(')').toString());
      }
      return sample;
    } catch (Exception e) {
      return List.of("(no sample: " + message(e) + ")");
    }
  }

  private DataTestResult threshold(DataTest test, Instant now) {
    Threshold threshold = test.threshold().orElseThrow();
    try {
      Object value = query.execute(threshold.sql()).rows().get(0).getField(0);
      Threshold.Verdict verdict = threshold.judge(value, now);
      if (verdict.failed().isEmpty()) {
        return new DataTestResult(test, Status.PASS, 0, List.of(), verdict.observed());
      }
      Status status = verdict.failed().get() == Severity.WARN ? Status.WARN : Status.FAIL;
      return new DataTestResult(test, status, 1, List.of(), verdict.observed());
    } catch (Exception e) {
      return new DataTestResult(
          test,
          Status.ERROR,
          0,
          List.of(),
          message(e) + " (declared at " + test.declaredAt() + ")");
    }
  }

  private static String message(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
