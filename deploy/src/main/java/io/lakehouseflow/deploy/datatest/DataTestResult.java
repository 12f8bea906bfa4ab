package io.lakehouseflow.deploy.datatest;

import java.util.List;

/**
 * What one data test found.
 *
 * @param failingRows the rows that break the rule (for a threshold test, 1 when it failed)
 * @param sample a few of them, as text, or what the threshold test observed
 * @param detail for a test that could not run, why
 */
public record DataTestResult(
    DataTest test, Status status, long failingRows, List<String> sample, String detail) {

  /** A test's outcome; {@link #FAIL} and {@link #ERROR} fail the run. */
  public enum Status {
    PASS,
    WARN,
    FAIL,
    /** The test's query could not run (a column it names does not exist, say). */
    ERROR
  }

  public DataTestResult {
    sample = List.copyOf(sample);
  }

  public boolean failsTheRun() {
    return status == Status.FAIL || status == Status.ERROR;
  }

  /** One line for a terminal: {@code FAIL gold.fact_booking unique(booking_id): 2 failing rows}. */
  public String line() {
    String head = String.format("%-5s %s", status, test.describe());
    return switch (status) {
      case PASS -> head + (detail.isEmpty() ? "" : ": " + detail);
      case ERROR -> head + ": could not run: " + detail;
      case WARN, FAIL ->
          head
              + ": "
              + (test.threshold().isPresent()
                  ? detail
                  : failingRows
                      + (failingRows == 1 ? " failing row" : " failing rows")
                      + (sample.isEmpty() ? "" : ", e.g. " + String.join("; ", sample)));
    };
  }
}
