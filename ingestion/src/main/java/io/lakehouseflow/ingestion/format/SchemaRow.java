package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnType;

/**
 * One row of a file with a schema (Parquet, Avro), read field by field: the format's part of
 * turning it into the values of declared columns ({@link SchemaRowParser}).
 */
interface SchemaRow {

  /** Whether field {@code field} is null (or, repeated, holds nothing). */
  boolean isNull(int field);

  /**
   * The internal Flink value of scalar field {@code field}, whose own type is {@code type} (see
   * {@link FileField#type}); not for strings.
   */
  Object internal(int field, ColumnType type);

  /** The text of scalar field {@code field}: what a value of another type is parsed from. */
  String text(int field);

  /** The JSON text of field {@code field}: nested values written out, scalars as JSON values. */
  String json(int field);

  /** The whole row as a JSON object, kept as {@code _corrupt_record}. */
  String json();
}
