package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A table's documentation from the spec's {@code docs:} section: what the table is for and what its
 * columns mean, in the words of the people who own it. Shown by {@code lakehouse docs} beside what
 * the spec's declarations say; it changes no table and no job.
 *
 * @param description what the table holds, or empty
 * @param columns descriptions by column name, in declaration order
 */
public record TableDoc(String description, Map<String, String> columns) implements Serializable {
  public TableDoc {
    Objects.requireNonNull(description, "description");
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }
}
