package io.lakehouseflow.deploy.verify;

/**
 * What {@code lakehouse verify} found about one table.
 *
 * @param verdict whether it holds, waits for a run, or is broken
 * @param table the table, like {@code silver.bookings}
 * @param message what was counted and compared
 */
public record Finding(Verdict verdict, String table, String message) {

  /** How a table stands. */
  public enum Verdict {
    /** Every row it should hold, once. */
    OK,
    /** Nothing lost or doubled, but input newer than its last run waits for the next run. */
    PENDING,
    /** A row lost, doubled or of unknown origin. */
    PROBLEM
  }

  public static Finding ok(String table, String message) {
    return new Finding(Verdict.OK, table, message);
  }

  public static Finding pending(String table, String message) {
    return new Finding(Verdict.PENDING, table, message);
  }

  public static Finding problem(String table, String message) {
    return new Finding(Verdict.PROBLEM, table, message);
  }

  @Override
  public String toString() {
    return verdict + " " + table + ": " + message;
  }
}
