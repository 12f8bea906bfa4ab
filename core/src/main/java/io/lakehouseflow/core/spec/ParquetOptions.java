package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a Parquet source is read: top-level columns matched to the declared ones by name, each value
 * by the file's own type. Parquet compresses its pages itself (the codec is in the file), so it has
 * no compression option.
 *
 * @param nested how groups, lists and maps reach their columns
 */
public record ParquetOptions(JsonNested nested) implements Serializable {
  public static final ParquetOptions DEFAULT = new ParquetOptions(JsonNested.STRING);

  public ParquetOptions {
    Objects.requireNonNull(nested, "nested");
  }
}
