package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a JSON Lines source is read: one JSON object per line, in UTF-8 (RFC 8259), its top-level
 * fields matched to the declared columns by name.
 *
 * @param compression how the files are compressed
 * @param nested how nested objects and arrays reach their columns
 */
public record JsonOptions(Compression compression, JsonNested nested) implements Serializable {
  public static final JsonOptions DEFAULT = new JsonOptions(Compression.AUTO, JsonNested.STRING);

  public JsonOptions {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(nested, "nested");
  }
}
