package io.lakehouseflow.core.config;

/** How long a job runs. */
public enum RunMode {
  /** Process everything available now, commit, and finish. */
  AVAILABLE_NOW,
  /** Keep watching for new input; commit on every checkpoint. */
  CONTINUOUS;

  /** The CLI spelling: {@code available-now}, {@code continuous}. */
  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
