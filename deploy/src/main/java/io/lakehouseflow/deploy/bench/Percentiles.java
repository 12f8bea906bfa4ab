package io.lakehouseflow.deploy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Min, median, p95 and max of latencies in milliseconds, by nearest rank. */
record Percentiles(long min, long median, long p95, long max) {
  static Percentiles of(List<Long> millis) {
    if (millis.isEmpty()) {
      throw new IllegalArgumentException("No latencies to summarise");
    }
    List<Long> sorted = new ArrayList<>(millis);
    sorted.sort(Long::compare);
    return new Percentiles(
        sorted.get(0), rank(sorted, 0.5), rank(sorted, 0.95), sorted.get(sorted.size() - 1));
  }

  private static long rank(List<Long> sorted, double quantile) {
    int rank = (int) Math.ceil(quantile * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "min %,d ms, median %,d ms, p95 %,d ms, max %,d ms", min, median, p95, max);
  }
}
