package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A data test the spec declares on one table under {@code tests:}, as dbt users know them: a query
 * for the rows that break a rule; the test passes when there are none. Built-in tests (keys, SCD2
 * integrity, fact references) need no declaration; these are the ones a user adds.
 */
public sealed interface DataTestSpec extends Serializable {

  /** How a failing test counts: an error fails {@code lakehouse test}, a warning is reported. */
  enum Severity {
    ERROR,
    WARN
  }

  /** The table tested, {@code layer.name} ({@code silver.bookings}, {@code gold.fact_booking}). */
  String table();

  Severity severity();

  /** Where the spec declares it, for messages ({@code tests.gold.fact_booking[0]}). */
  String path();

  /** No two rows share the values of {@code columns}. */
  record Unique(String table, List<String> columns, Severity severity, String path)
      implements DataTestSpec {
    public Unique {
      columns = List.copyOf(columns);
    }
  }

  /** No row holds NULL in any of {@code columns}. */
  record NotNull(String table, List<String> columns, Severity severity, String path)
      implements DataTestSpec {
    public NotNull {
      columns = List.copyOf(columns);
    }
  }

  /** Every non-NULL value of {@code column} is one of {@code values} (compared as text). */
  record AcceptedValues(
      String table, String column, List<String> values, Severity severity, String path)
      implements DataTestSpec {
    public AcceptedValues {
      values = List.copyOf(values);
    }
  }

  /**
   * Every non-NULL value of {@code column} exists as {@code field} of table {@code to}, except
   * those in {@code allowed} (a fact's {@code -1} for "no version covers it").
   */
  record Relationship(
      String table,
      String column,
      String to,
      String field,
      List<String> allowed,
      Severity severity,
      String path)
      implements DataTestSpec {
    public Relationship {
      allowed = List.copyOf(allowed);
    }
  }

  /** The table holds at least {@code min} and at most {@code max} rows (either may be absent). */
  record RowCount(String table, Long min, Long max, Severity severity, String path)
      implements DataTestSpec {
    public Optional<Long> minimum() {
      return Optional.ofNullable(min);
    }

    public Optional<Long> maximum() {
      return Optional.ofNullable(max);
    }
  }

  /**
   * The newest value of timestamp column {@code column} is at most {@code warnAfter} (a warning) or
   * {@code errorAfter} (an error) old when the test runs; either may be absent. The one test whose
   * outcome depends on the clock, by definition.
   */
  record Freshness(
      String table, String column, Duration warnAfter, Duration errorAfter, String path)
      implements DataTestSpec {
    @Override
    public Severity severity() {
      return errorAfter == null ? Severity.WARN : Severity.ERROR;
    }
  }

  /** A query of the user's (Flink SQL) that returns the rows breaking a rule: none to pass. */
  record CustomSql(String table, String name, String query, Severity severity, String path)
      implements DataTestSpec {
    public CustomSql {
      Objects.requireNonNull(query, "query");
    }
  }
}
