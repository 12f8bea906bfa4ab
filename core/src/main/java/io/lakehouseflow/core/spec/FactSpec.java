package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A gold fact table, {@code gold.fact_<name>}: one row per grain key.
 *
 * @param name the fact name
 * @param source the silver table holding the events
 * @param grain the columns that identify one fact row
 * @param eventTime the column whose value picks the dimension version valid at the event
 * @param measures numeric columns carried as is
 * @param attributes other columns carried as is (degenerate dimensions)
 * @param dimensions references to dimensions, each replaced by the dimension's surrogate key
 * @param sequenceBy the column that orders copies of one grain key, the greatest wins; {@code null}
 *     when none is declared, and then the last copy in landing order (file name, then line) wins
 * @param stateTtl how long a grain key's state is kept after its last change in streaming gold;
 *     {@code null} (the default) keeps it for ever, which is what makes streaming gold equal a
 *     rebuild whatever arrives late
 */
public record FactSpec(
    String name,
    String source,
    List<String> grain,
    String eventTime,
    List<String> measures,
    List<String> attributes,
    List<DimensionReference> dimensions,
    String sequenceBy,
    Duration stateTtl)
    implements Serializable {

  public FactSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(eventTime, "eventTime");
    grain = List.copyOf(grain);
    measures = List.copyOf(measures);
    attributes = List.copyOf(attributes);
    dimensions = List.copyOf(dimensions);
  }

  /** The declared state TTL, if any: see README, "Gold state". */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(stateTtl);
  }

  /** The declared sequence column, if any. */
  public Optional<String> sequence() {
    return Optional.ofNullable(sequenceBy);
  }
}
