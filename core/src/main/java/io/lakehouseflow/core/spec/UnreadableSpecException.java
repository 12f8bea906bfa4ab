package io.lakehouseflow.core.spec;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A pipeline spec file that cannot be read (missing, a directory, not permitted). Like an invalid
 * spec it is the caller's input to fix, so the CLI reports it the same way (exit code 2).
 */
public class UnreadableSpecException extends UncheckedIOException {
  public UnreadableSpecException(String message, IOException cause) {
    super(message, cause);
  }
}
