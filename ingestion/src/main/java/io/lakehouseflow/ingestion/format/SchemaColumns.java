package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.format.ColumnValueParser;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.SchemaEvolution;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.Serializable;

/**
 * The columns of a source whose files carry their own schema (Parquet, Avro), and what its {@code
 * schema_evolution} does with a field the table lacks and with a value that does not fit: the part
 * of reading such files that does not depend on the format ({@link SchemaRowParser}).
 */
final class SchemaColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final String[] columnNames;
  private final ColumnType[] types;
  private final ColumnValueParser[] valueParsers;
  private final boolean[] rescuesValues;
  private final SchemaEvolution evolution;

  SchemaColumns(SourceSpec source) {
    this.sourceName = source.name();
    this.columnNames = source.columns().stream().map(ColumnSpec::name).toArray(String[]::new);
    this.types = source.columns().stream().map(ColumnSpec::type).toArray(ColumnType[]::new);
    this.valueParsers =
        source.columns().stream().map(ColumnValueParser::new).toArray(ColumnValueParser[]::new);
    this.evolution = source.evolution();
    // As for CSV: under rescue every column keeps a value that does not fit aside, and so does
    // every column bronze inferred or added (a later file may type it otherwise).
    this.rescuesValues = new boolean[columnNames.length];
    for (int c = 0; c < columnNames.length; c++) {
      rescuesValues[c] =
          evolution == SchemaEvolution.RESCUE || c >= source.declaredColumns().size();
    }
  }

  String sourceName() {
    return sourceName;
  }

  String[] columnNames() {
    return columnNames.clone();
  }

  int count() {
    return columnNames.length;
  }

  String name(int column) {
    return columnNames[column];
  }

  ColumnType type(int column) {
    return types[column];
  }

  ColumnValueParser valueParser(int column) {
    return valueParsers[column];
  }

  boolean rescuesValues(int column) {
    return rescuesValues[column];
  }

  SchemaEvolution evolution() {
    return evolution;
  }
}
