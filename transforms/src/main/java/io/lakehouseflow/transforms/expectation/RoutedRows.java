package io.lakehouseflow.transforms.expectation;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.spec.ExpectationAction;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * How many rows one router read and where it sent them, counted with Flink accumulators, so a
 * finished batch job reports the totals of all its parallel routers. The conservation check of an
 * available-now silver run compares them with what bronze held and what the sinks committed, and
 * the quality metrics table records them.
 *
 * @param read rows the read took from bronze: the router's and the exact duplicates dropped before
 *     it
 * @param duplicates rows dropped as exact duplicates of a row kept within the table's dedup window
 * @param silver rows sent to the silver table
 * @param quarantined rows sent to the quarantine table
 * @param dropped rows dropped by a {@code drop} rule
 * @param warned rows sent to silver that failed a {@code warn} rule
 * @param failed per rule (casts, expectations, {@code corrupt_record}), the rows that failed it
 */
public record RoutedRows(
    long read,
    long duplicates,
    long silver,
    long quarantined,
    long dropped,
    long warned,
    Map<String, Long> failed) {

  public RoutedRows {
    failed = Map.copyOf(failed);
  }

  /** Whether every row read went somewhere, once. */
  public boolean balances() {
    return read == duplicates + silver + quarantined + dropped;
  }

  /**
   * The accumulator names of one router, unique within a job.
   *
   * @param prefix what every name starts with
   * @param rules the rules whose failures are counted, in rule order, with their actions
   */
  public record Names(String prefix, Map<String, ExpectationAction> rules) implements Serializable {
    private static final long serialVersionUID = 2L;

    public Names {
      rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** The names of one router checking {@code query}'s rules, corrupt records first. */
    public static Names of(String prefix, SilverQuery query) {
      Map<String, ExpectationAction> rules = new LinkedHashMap<>();
      rules.put(MetadataColumns.CORRUPT_RECORD_RULE, ExpectationAction.QUARANTINE);
      query.rules().forEach(rule -> rules.put(rule.name(), rule.action()));
      return new Names(prefix, rules);
    }

    /** Registers this router's accumulators in {@code context}. */
    Counters register(RuntimeContext context) {
      Map<String, LongCounter> failed = new LinkedHashMap<>();
      rules.keySet().forEach(rule -> failed.put(rule, new LongCounter()));
      Counters counters =
          new Counters(
              new LongCounter(),
              new LongCounter(),
              new LongCounter(),
              new LongCounter(),
              new LongCounter(),
              failed);
      context.addAccumulator(prefix + ".read", counters.read());
      context.addAccumulator(prefix + ".silver", counters.silver());
      context.addAccumulator(prefix + ".quarantined", counters.quarantined());
      context.addAccumulator(prefix + ".dropped", counters.dropped());
      context.addAccumulator(prefix + ".warned", counters.warned());
      failed.forEach((rule, counter) -> context.addAccumulator(ruleAccumulator(rule), counter));
      return counters;
    }

    /**
     * Registers the accumulator of the rows dropped as exact duplicates before this router, in
     * {@code context} of the operator that drops them.
     */
    public LongCounter registerDuplicates(RuntimeContext context) {
      LongCounter duplicates = new LongCounter();
      context.addAccumulator(prefix + ".duplicates", duplicates);
      return duplicates;
    }

    /** The totals of a finished job; a router that received no row reports zeros. */
    public RoutedRows of(JobExecutionResult result) {
      Map<String, Object> all = result.getAllAccumulatorResults();
      Map<String, Long> failed = new LinkedHashMap<>();
      rules.keySet().forEach(rule -> failed.put(rule, count(all, ruleAccumulator(rule))));
      long duplicates = count(all, prefix + ".duplicates");
      return new RoutedRows(
          count(all, prefix + ".read") + duplicates,
          duplicates,
          count(all, prefix + ".silver"),
          count(all, prefix + ".quarantined"),
          count(all, prefix + ".dropped"),
          count(all, prefix + ".warned"),
          failed);
    }

    private String ruleAccumulator(String rule) {
      return prefix + ".failed." + rule;
    }

    private static long count(Map<String, Object> all, String name) {
      Object value = all.get(name);
      return value == null ? 0 : ((Number) value).longValue();
    }
  }

  /** The live counters of one parallel router instance. */
  record Counters(
      LongCounter read,
      LongCounter silver,
      LongCounter quarantined,
      LongCounter dropped,
      LongCounter warned,
      Map<String, LongCounter> failed)
      implements Serializable {}
}
