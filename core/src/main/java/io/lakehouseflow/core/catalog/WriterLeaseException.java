package io.lakehouseflow.core.catalog;

/** A run was refused because another live run writes one of its tables; the message names it. */
public final class WriterLeaseException extends RuntimeException {
  public WriterLeaseException(String message) {
    super(message);
  }
}
