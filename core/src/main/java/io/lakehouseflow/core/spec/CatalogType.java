package io.lakehouseflow.core.spec;

/** Iceberg catalog implementations a pipeline can use. */
public enum CatalogType {
  HADOOP,
  JDBC,
  REST
}
