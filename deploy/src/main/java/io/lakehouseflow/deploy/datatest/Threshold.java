package io.lakehouseflow.deploy.datatest;

import io.lakehouseflow.core.spec.DataTestSpec.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A test of one number a query computes: a row count within bounds, or the age of a table's newest
 * timestamp within a warning and an error limit.
 */
public sealed interface Threshold {

  /** The query computing the number: one row, one column. */
  String sql();

  /** The worst severity this test can report. */
  Severity severity();

  /** The verdict on {@code value} (the query's one value, possibly NULL), at {@code now}. */
  Verdict judge(Object value, Instant now);

  /** A threshold's verdict: passed, or failed with a severity and why. */
  record Verdict(Optional<Severity> failed, String observed) {
    static Verdict pass(String observed) {
      return new Verdict(Optional.empty(), observed);
    }

    static Verdict fail(Severity severity, String observed) {
      return new Verdict(Optional.of(severity), observed);
    }
  }

  /** The table's row count is at least {@code min} and at most {@code max}. */
  record RowCount(String sql, Long min, Long max, Severity severity) implements Threshold {
    @Override
    public Verdict judge(Object value, Instant now) {
      long rows = ((Number) value).longValue();
      String observed = rows + " rows";
      if (min != null && rows < min) {
        return Verdict.fail(severity, observed + ", fewer than " + min);
      }
      if (max != null && rows > max) {
        return Verdict.fail(severity, observed + ", more than " + max);
      }
      return Verdict.pass(observed);
    }
  }

  /**
   * The newest value of a timestamp column is at most {@code warnAfter} (else a warning) and {@code
   * errorAfter} (else an error) old. An empty table has no newest value and fails as stale.
   */
  record Freshness(String sql, Duration warnAfter, Duration errorAfter) implements Threshold {
    @Override
    public Severity severity() {
      return errorAfter == null ? Severity.WARN : Severity.ERROR;
    }

    @Override
    public Verdict judge(Object value, Instant now) {
      Optional<Instant> newest = instant(value);
      if (newest.isEmpty()) {
        return Verdict.fail(severity(), "no rows, so no newest value");
      }
      Duration age = Duration.between(newest.get(), now);
      String observed = "newest " + newest.get() + ", " + age.toSeconds() + " s old";
      if (errorAfter != null && age.compareTo(errorAfter) > 0) {
        return Verdict.fail(Severity.ERROR, observed + ", older than " + errorAfter);
      }
      if (warnAfter != null && age.compareTo(warnAfter) > 0) {
        return Verdict.fail(Severity.WARN, observed + ", older than " + warnAfter);
      }
      return Verdict.pass(observed);
    }

    /** A timestamp without a zone counts as UTC, as every timestamp the pipeline writes is. */
    private static Optional<Instant> instant(Object value) {
      if (value instanceof Instant i) {
        return Optional.of(i);
      }
      if (value instanceof LocalDateTime t) {
        return Optional.of(t.toInstant(ZoneOffset.UTC));
      }
      if (value instanceof OffsetDateTime t) {
        return Optional.of(t.toInstant());
      }
      if (value == null) {
        return Optional.empty();
      }
      throw new IllegalArgumentException(
          "Cannot judge the freshness of a "
              + value.getClass().getSimpleName()
              + " value ("
              + value
              + "): test a timestamp column, such as _ingested_at.");
    }
  }
}
