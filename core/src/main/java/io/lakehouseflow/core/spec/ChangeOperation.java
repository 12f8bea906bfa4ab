package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * The change-data-capture operation column of a source: which column says whether a record inserts,
 * updates or deletes its key, and the values that mean each. Silver carries the column (under its
 * silver name); gold closes a dimension version or removes a fact on a delete and treats every
 * other value as an upsert.
 *
 * @param column the source column holding the operation
 * @param insert the value of an insert, such as {@code I}
 * @param update the value of an update, such as {@code U}
 * @param delete the value of a delete, such as {@code D}
 */
public record ChangeOperation(String column, String insert, String update, String delete)
    implements Serializable {

  /** The values Debezium-style and most CDC exports use. */
  public static final String DEFAULT_INSERT = "I";

  public static final String DEFAULT_UPDATE = "U";
  public static final String DEFAULT_DELETE = "D";

  public ChangeOperation {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(insert, "insert");
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(delete, "delete");
  }

  /** The same operation read from {@code silverColumn}, the column's name after renames. */
  public ChangeOperation renamed(String silverColumn) {
    return new ChangeOperation(silverColumn, insert, update, delete);
  }

  /** Whether {@code value} of the operation column marks a delete. */
  public boolean isDelete(String value) {
    return delete.equals(value);
  }
}
