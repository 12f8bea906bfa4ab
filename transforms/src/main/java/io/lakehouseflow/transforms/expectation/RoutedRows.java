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

  /** No row at all: nothing was read. */
  public static RoutedRows none() {
    return new RoutedRows(0, 0, 0, 0, 0, 0, Map.of());
  }

  /** Whether no row was read. */
  public boolean isEmpty() {
    return read == 0;
  }

  /** These counts and {@code other}'s together, rule by rule. */
  public RoutedRows plus(RoutedRows other) {
    return combine(other, 1);
  }

  /** What these counts hold beyond {@code earlier}, a count of the same rows taken before. */
  public RoutedRows minus(RoutedRows earlier) {
    return combine(earlier, -1);
  }

  private RoutedRows combine(RoutedRows other, long sign) {
    Map<String, Long> rules = new LinkedHashMap<>(failed);
    other.failed.forEach((rule, count) -> rules.merge(rule, sign * count, Long::sum));
    return new RoutedRows(
        read + sign * other.read,
        duplicates + sign * other.duplicates,
        silver + sign * other.silver,
        quarantined + sign * other.quarantined,
        dropped + sign * other.dropped,
        warned + sign * other.warned,
        rules);
  }

  /** Only the exact duplicates dropped before a router: {@code count} rows read and dropped. */
  public static RoutedRows duplicatesOnly(long count) {
    return new RoutedRows(count, count, 0, 0, 0, 0, Map.of());
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
      implements Serializable {

    /** What the counters hold now. */
    RoutedRows current() {
      Map<String, Long> rules = new LinkedHashMap<>();
      failed.forEach((rule, counter) -> rules.put(rule, counter.getLocalValue()));
      return new RoutedRows(
          read.getLocalValue(),
          0,
          silver.getLocalValue(),
          quarantined.getLocalValue(),
          dropped.getLocalValue(),
          warned.getLocalValue(),
          rules);
    }
  }
}
