package io.lakehouseflow.deploy.lineage;

import java.util.Objects;

/**
 * One box of the lineage graph: a landing directory or a table.
 *
 * @param id the table's name ({@code silver.bookings}), or {@code landing.<source>} for a landing
 *     directory; unique in its graph
 * @param kind what it is, which decides its column in the drawing
 * @param label what the drawing shows: the table's name, or the directory's path
 * @param description what it holds, in words, derived from the spec
 */
public record LineageNode(String id, Kind kind, String label, String description) {

  /** What a node is. The order is the order of the drawing's columns, upstream first. */
  public enum Kind {
    LANDING(0),
    BRONZE(1),
    SILVER(2),
    QUARANTINE(2),
    QUALITY_METRICS(2),
    DIMENSION(3),
    DATE_DIMENSION(3),
    FACT(4),
    /** A SQL model kept as a gold table. */
    MODEL(5),
    /** A SQL model kept as a view only: computed inside the gold job, never written. */
    MODEL_VIEW(5),
    TEST_RESULTS(6);

    private final int column;

    Kind(int column) {
      this.column = column;
    }

    /**
     * The drawing's column of this kind: landing 0, bronze 1, silver 2, dimensions 3, facts 4, SQL
     * models 5.
     */
    public int column() {
      return column;
    }

    /** Whether nodes of this kind are Iceberg tables (all but landing directories and views). */
    public boolean isTable() {
      return this != LANDING && this != MODEL_VIEW;
    }
  }

  public LineageNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(description, "description");
  }
}
