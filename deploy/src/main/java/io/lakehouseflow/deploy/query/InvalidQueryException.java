package io.lakehouseflow.deploy.query;

/**
 * A statement that cannot run over the lakehouse: a syntax error, an unknown table or column, or no
 * tables yet. The message names the position and the fix; the CLI prints it as is (exit 2).
 */
public class InvalidQueryException extends RuntimeException {
  InvalidQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
