package io.lakehouseflow.transforms.expectation;

import java.io.Serializable;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * How many rows one router read and where it sent them, counted with Flink accumulators, so a
 * finished batch job reports the totals of all its parallel routers. The conservation check of an
 * available-now silver run compares them with what bronze held and what the sinks committed.
 *
 * @param read rows the router received from bronze
 * @param silver rows sent to the silver table
 * @param quarantined rows sent to the quarantine table
 * @param dropped rows dropped by a {@code drop} rule
 */
public record RoutedRows(long read, long silver, long quarantined, long dropped) {

  /** Whether every row read went somewhere, once. */
  public boolean balances() {
    return read == silver + quarantined + dropped;
  }

  /** The accumulator names of one router, unique within a job. */
  public record Names(String prefix) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Registers this router's accumulators in {@code context}. */
    Counters register(RuntimeContext context) {
      Counters counters =
          new Counters(new LongCounter(), new LongCounter(), new LongCounter(), new LongCounter());
      context.addAccumulator(prefix + ".read", counters.read());
      context.addAccumulator(prefix + ".silver", counters.silver());
      context.addAccumulator(prefix + ".quarantined", counters.quarantined());
      context.addAccumulator(prefix + ".dropped", counters.dropped());
      return counters;
    }

    /** The totals of a finished job; a router that received no row reports zeros. */
    public RoutedRows of(JobExecutionResult result) {
      Map<String, Object> all = result.getAllAccumulatorResults();
      return new RoutedRows(
          count(all, ".read"),
          count(all, ".silver"),
          count(all, ".quarantined"),
          count(all, ".dropped"));
    }

    private long count(Map<String, Object> all, String suffix) {
      Object value = all.get(prefix + suffix);
      return value == null ? 0 : ((Number) value).longValue();
    }
  }

  /** The live counters of one parallel router instance. */
  record Counters(
      LongCounter read, LongCounter silver, LongCounter quarantined, LongCounter dropped)
      implements Serializable {}
}
