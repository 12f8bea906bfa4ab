package io.lakehouseflow.core.layer;

import java.io.Serializable;
import java.util.Objects;
import org.apache.iceberg.types.Type;

/**
 * One column of a layer table.
 *
 * @param name the column name
 * @param type its Iceberg type
 * @param role whether it holds data or is added by the pipeline, and whether it is part of the key
 * @param doc a description kept in the table's schema, or null
 */
public record LayerColumn(String name, Type type, Role role, String doc) implements Serializable {

  /** What a column is to its layer. */
  public enum Role {
    /** A key column of an upsert table: required, one of the table's identifier fields. */
    KEY,
    /** A data column, from the spec. */
    DATA,
    /** A column the pipeline adds (lineage, quality, history); named in {@code MetadataColumns}. */
    METADATA
  }

  public LayerColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(role, "role");
  }

  public static LayerColumn key(String name, Type type) {
    return new LayerColumn(name, type, Role.KEY, null);
  }

  public static LayerColumn data(String name, Type type) {
    return new LayerColumn(name, type, Role.DATA, null);
  }

  public static LayerColumn metadata(String name, Type type, String doc) {
    return new LayerColumn(name, type, Role.METADATA, doc);
  }
}
