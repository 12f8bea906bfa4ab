package io.lakehouseflow.deploy.lineage;

import java.util.Objects;

/**
 * An arrow of the lineage graph: {@code to} is built from, or checks, {@code from}.
 *
 * @param from the upstream node's id
 * @param to the downstream node's id
 * @param relation how {@code to} uses {@code from}
 */
public record LineageEdge(String from, String to, Relation relation) {

  /** How a node uses the node upstream of it. */
  public enum Relation {
    /** Bronze appends every record of a landing directory. */
    INGESTS,
    /** Silver cleans and checks a bronze table. */
    CLEANS,
    /** A quarantine table holds the bronze rows its silver table's rules rejected. */
    QUARANTINES,
    /** The quality metrics count where each silver table's bronze rows went. */
    MEASURES,
    /** A dimension or fact is modelled from a silver table's changes. */
    MODELS,
    /** A fact holds the surrogate keys of the dimension rows valid at its event time. */
    REFERENCES,
    /** A SQL model's query reads a gold table or another model. */
    SELECTS,
    /** {@code lakehouse test} records the results of a table's data tests. */
    TESTS
  }

  public LineageEdge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(relation, "relation");
  }
}
