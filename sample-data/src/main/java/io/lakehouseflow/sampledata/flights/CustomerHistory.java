package io.lakehouseflow.sampledata.flights;

import java.time.LocalDateTime;
import java.util.List;

/**
 * The expected SCD2 history of one customer: the {@code valid_from} of each version of {@code
 * gold.dim_customer}, oldest first.
 */
public record CustomerHistory(long customerId, List<LocalDateTime> validFrom) {
  public CustomerHistory {
    validFrom = List.copyOf(validFrom);
  }

  public int versions() {
    return validFrom.size();
  }
}
