package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * How an Avro source is read: the top-level fields of each container file's record schema matched
 * to the declared columns by name, each value by the file's own type. A container file compresses
 * its blocks itself (the codec is in its header), so it has no compression option.
 *
 * @param nested how records, arrays, maps and unions of several types reach their columns
 */
public record AvroOptions(JsonNested nested) implements Serializable {
  public static final AvroOptions DEFAULT = new AvroOptions(JsonNested.STRING);

  public AvroOptions {
    Objects.requireNonNull(nested, "nested");
  }
}
