package io.lakehouseflow.modeling.dimension;

import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * When a dimension row is the one a fact refers to: from {@code from} (inclusive) to {@code to}
 * (exclusive), a NULL bound being open. A fact at event time {@code t} takes the row whose span
 * covers {@code t}.
 */
public record VersionSpan(long surrogateKey, LocalDateTime from, LocalDateTime to)
    implements Serializable {

  /** Whether a fact at {@code eventTime} refers to this row; a type 1 member covers all time. */
  public boolean covers(LocalDateTime eventTime) {
    if (from == null && to == null) {
      return true;
    }
    if (eventTime == null) {
      return false;
    }
    return (from == null || !eventTime.isBefore(from)) && (to == null || eventTime.isBefore(to));
  }
}
