package io.lakehouseflow.transforms.expectation;

/**
 * A row failed an expectation whose action is {@code fail}: the silver job stops, naming the rule,
 * the table and the row's landing file and line.
 */
public final class ExpectationFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private ExpectationFailedException(String message) {
    super(message);
  }

  /** The failure of {@code rule} on silver table {@code silverTable} by the row at file:line. */
  public static ExpectationFailedException of(
      Rule rule, String silverTable, String sourceFile, Long recordNumber, String specLocation) {
    return new ExpectationFailedException(
        "Failed expectation '"
            + rule.name()
            + "' of silver."
            + silverTable
            + ": the row at "
            + sourceFile
            + " line "
            + recordNumber
            + (rule.isCast() ? " has a value that does not cast: " : " does not satisfy ")
            + rule.expression()
            + " (action fail). The row is in bronze already, so every run stops here until the"
            + " rule changes: change "
            + (rule.isCast() ? "on_error" : "the action")
            + " of "
            + rule.specPath()
            + " in "
            + specLocation
            + " to quarantine (keeps the row for inspection), drop or warn, and run again.");
  }
}
