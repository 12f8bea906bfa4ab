package io.lakehouseflow.modeling.flow;

import io.lakehouseflow.core.spec.FactSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * When a gold operator publishes what a change did to a key. Streaming jobs publish after every
 * input row, so gold follows silver row by row; batch rebuilds publish once per key, after its last
 * row (a batch job's event-time timer at the end of input fires key by key), so a rebuild writes
 * only final rows and never retracts.
 */
public enum Publication {
  EVERY_ROW,
  END_OF_KEY;

  /** The time of the end-of-key timer of batch jobs. */
  public static final long END_OF_INPUT = Long.MAX_VALUE;

  /**
   * The state TTL a fact's operators apply: the declared one when streaming; none in a batch
   * rebuild, which keeps state only while it runs and so has nothing to expire.
   */
  public Optional<Duration> ttl(FactSpec fact) {
    return this == EVERY_ROW ? fact.ttl() : Optional.empty();
  }
}
