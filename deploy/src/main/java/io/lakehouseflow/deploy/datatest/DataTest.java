package io.lakehouseflow.deploy.datatest;

import io.lakehouseflow.core.spec.DataTestSpec.Severity;
import java.util.Optional;

/**
 * One data test over one table: a Flink SQL query for the rows that break its rule (the test passes
 * when it returns none), or, for a threshold test, a query for one number and the verdict on it.
 *
 * @param table the table tested, {@code layer.name}
 * @param name the test as a user reads it, {@code unique(customer_sk)}
 * @param severity whether a failure is an error or a warning
 * @param failingRows the query returning the failing rows, for a rule test
 * @param threshold the number and its verdict, for a row-count or freshness test
 * @param declaredAt where the spec declares it, or {@code built-in}
 */
public record DataTest(
    String table,
    String name,
    Severity severity,
    Optional<String> failingRows,
    Optional<Threshold> threshold,
    String declaredAt) {

  /** A test of a rule: it fails on every row {@code sql} returns. */
  static DataTest rule(
      String table, String name, Severity severity, String sql, String declaredAt) {
    return new DataTest(table, name, severity, Optional.of(sql), Optional.empty(), declaredAt);
  }

  /** A test of a number: the one value {@code threshold}'s query returns decides. */
  static DataTest threshold(String table, String name, Threshold threshold, String declaredAt) {
    return new DataTest(
        table, name, threshold.severity(), Optional.empty(), Optional.of(threshold), declaredAt);
  }

  /** The test's full name, {@code gold.dim_customer unique(customer_sk)}. */
  public String describe() {
    return table + " " + name;
  }
}
