package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnType;

/**
 * A top-level field of a file's own schema (Parquet, Avro).
 *
 * @param name the field's name
 * @param type the column type its values read as without conversion (strings for nested values)
 * @param scalar whether it holds one primitive value, not a group, list, map or record
 * @param jsonString whether its values are JSON strings (strings, dates, timestamps, bytes), not
 *     numbers or booleans, in {@code _rescued_data}
 * @param description its type in the file, for errors: {@code binary STRING}
 */
record FileField(
    String name, ColumnType type, boolean scalar, boolean jsonString, String description) {}
