package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
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
 * @param upserts further values that upsert, such as Debezium's {@code r} (a snapshot read)
 */
public record ChangeOperation(
    String column, String insert, String update, String delete, List<String> upserts)
    implements Serializable {

  /** The built-in silver rule that quarantines a row holding none of {@link #values()}. */
  public static final String KNOWN_OPERATION_RULE = "known_operation";

  /** The values Debezium-style and most CDC exports use. */
  public static final String DEFAULT_INSERT = "I";

  public static final String DEFAULT_UPDATE = "U";
  public static final String DEFAULT_DELETE = "D";

  public ChangeOperation {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(insert, "insert");
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(delete, "delete");
    upserts = List.copyOf(upserts);
  }

  /** An operation column with the three values only. */
  public ChangeOperation(String column, String insert, String update, String delete) {
    this(column, insert, update, delete, List.of());
  }

  /**
   * Every value the column may hold: insert, update, delete and the further upserts. Silver
   * quarantines a row holding another value (rule {@code known_operation}); NULL is an upsert.
   */
  public List<String> values() {
    List<String> values = new ArrayList<>(List.of(insert, update, delete));
    upserts.stream().filter(v -> !values.contains(v)).forEach(values::add);
    return List.copyOf(values);
  }

  /** The same operation read from {@code silverColumn}, the column's name after renames. */
  public ChangeOperation renamed(String silverColumn) {
    return new ChangeOperation(silverColumn, insert, update, delete, upserts);
  }

  /** Whether {@code value} of the operation column marks a delete. */
  public boolean isDelete(String value) {
    return delete.equals(value);
  }
}
