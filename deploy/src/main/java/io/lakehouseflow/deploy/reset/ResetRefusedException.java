package io.lakehouseflow.deploy.reset;

/** A reset that was refused before it changed anything; the message says why and what to do. */
public class ResetRefusedException extends RuntimeException {
  ResetRefusedException(String message) {
    super(message);
  }
}
