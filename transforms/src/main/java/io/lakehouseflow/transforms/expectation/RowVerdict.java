package io.lakehouseflow.transforms.expectation;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.spec.ExpectationAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happens to one bronze row, given which rules it failed. Corrupt rows and rows with a failed
 * cast are quarantined before any FAIL rule is considered: their NULLs are artifacts of the failed
 * parse or cast, not data, so they must not stop the pipeline.
 *
 * @param destination where the row goes
 * @param failedRules the names of every failed rule, in rule order (casts, then expectations)
 * @param fatalRule the first failed FAIL rule of a row that parsed and cast cleanly
 */
public record RowVerdict(
    Destination destination, List<String> failedRules, Optional<Rule> fatalRule) {

  /** Where a row goes. */
  public enum Destination {
    SILVER,
    QUARANTINE,
    DROPPED
  }

  public RowVerdict {
    failedRules = List.copyOf(failedRules);
  }

  /** The verdict of a corrupt bronze row: quarantined under the rule {@code corrupt_record}. */
  public static RowVerdict corrupt() {
    return new RowVerdict(
        Destination.QUARANTINE, List.of(MetadataColumns.CORRUPT_RECORD_RULE), Optional.empty());
  }

  /**
   * The verdict of a parsed row; {@code failed[i]} tells whether it failed {@code rules.get(i)}.
   */
  public static RowVerdict of(List<Rule> rules, boolean[] failed) {
    if (failed.length != rules.size()) {
      throw new IllegalArgumentException(
          "Invalid rule outcomes: " + failed.length + " outcomes for " + rules.size() + " rules");
    }
    List<String> names = new ArrayList<>();
    boolean castFailed = false;
    boolean quarantine = false;
    boolean drop = false;
    Rule fatal = null;
    for (int i = 0; i < failed.length; i++) {
      if (!failed[i]) {
        continue;
      }
      Rule rule = rules.get(i);
      names.add(rule.name());
      castFailed |= rule.isCast();
      quarantine |= rule.action() == ExpectationAction.QUARANTINE;
      drop |= rule.action() == ExpectationAction.DROP;
      // Cast rules come first. A value that did not cast is NULL in the expectations after it,
      // so only a cast rule of its own with on_error: fail stops the job for it.
      if (rule.action() == ExpectationAction.FAIL
          && fatal == null
          && (rule.isCast() || !castFailed)) {
        fatal = rule;
      }
    }
    Destination destination =
        quarantine ? Destination.QUARANTINE : drop ? Destination.DROPPED : Destination.SILVER;
    return new RowVerdict(destination, names, Optional.ofNullable(fatal));
  }

  /** The value of {@code _failed_expectations}: the failed rule names, comma-separated. */
  public String failedExpectations() {
    return String.join(",", failedRules);
  }
}
