package io.lakehouseflow.core.spec;

import java.util.Objects;

/**
 * One problem in a pipeline spec.
 *
 * @param file the spec file
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param path the YAML path, for example {@code silver.bookings.expectations[2]}
 * @param message what is wrong and how to fix it
 */
public record SpecError(String file, int line, int column, String path, String message)
    implements Comparable<SpecError> {

  public SpecError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public int compareTo(SpecError other) {
    int byLine = Integer.compare(line, other.line);
    return byLine != 0 ? byLine : Integer.compare(column, other.column);
  }

  /** {@code Invalid spec FILE:LINE:COL at PATH: MESSAGE}. */
  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line + ":" + column : file;
    return "Invalid spec " + where + (path.isEmpty() ? "" : " at " + path) + ": " + message;
  }
}
