package io.lakehouseflow.core.spec;

/** What happens to a row that fails an expectation. */
public enum ExpectationAction {
  /** Keep the row in silver; count the failure. */
  WARN,
  /** Leave the row out of silver; count it. */
  DROP,
  /** Write the row to {@code silver.<table>_quarantine} with the failed rule names. */
  QUARANTINE,
  /** Fail the job, naming the rule and the row's source file and line. */
  FAIL
}
