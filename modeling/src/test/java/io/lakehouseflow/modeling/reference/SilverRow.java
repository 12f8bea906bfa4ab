package io.lakehouseflow.modeling.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One row of a silver table as {@link GoldReference} reads it: the data column values in silver
 * column order (NULL as {@code null}) and the row's lineage, which decides the landing order.
 *
 * @param values the data column values, as Iceberg's generic reader returns them
 * @param sourceFile the landing file, {@code _source_file}
 * @param recordNumber the 1-based line in the landing file, {@code _record_number}
 */
public record SilverRow(List<Object> values, String sourceFile, long recordNumber) {
  public SilverRow {
    values = Collections.unmodifiableList(new ArrayList<>(values));
    Objects.requireNonNull(sourceFile, "sourceFile");
  }

  @Override
  public String toString() {
    return sourceFile + ":" + recordNumber + " " + values;
  }
}
