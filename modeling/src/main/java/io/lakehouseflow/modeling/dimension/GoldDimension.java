package io.lakehouseflow.modeling.dimension;

import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.modeling.sql.Refresh;
import java.util.List;

/**
 * The Flink SQL that builds one gold dimension from its silver change log, and the lookup facts use
 * to find a dimension row's surrogate key.
 */
public sealed interface GoldDimension permits Scd1Dimension, Scd2Dimension {

  /** The dimension of {@code spec}, of its declared SCD type. */
  static GoldDimension of(PipelineSpec pipeline, DimensionSpec spec, Refresh refresh) {
    return switch (spec.scd()) {
      case TYPE_1 -> Scd1Dimension.of(pipeline, spec, refresh);
      case TYPE_2 -> Scd2Dimension.of(pipeline, spec, refresh);
    };
  }

  DimensionSpec spec();

  /** The gold table this dimension writes. */
  GoldTable table();

  /** {@code CREATE TEMPORARY VIEW} statements, in dependency order. */
  List<String> views();

  /** The statement writing {@link #table()} from the views. */
  String insert();

  /**
   * A {@code CREATE TEMPORARY VIEW viewName} statement selecting every column of {@code factView}
   * plus this dimension's surrogate key column ({@code <name>_sk}): the key of the row the fact
   * refers to through {@code referenceColumns}, or {@code -1} when there is none.
   *
   * @param factColumns the columns of {@code factView}, all carried over
   * @param referenceColumns the fact columns holding the natural key, in key order
   * @param eventTime the fact's event time column, which picks the version of an SCD2 dimension
   */
  String surrogateKeyView(
      String viewName,
      String factView,
      List<String> factColumns,
      List<String> referenceColumns,
      String eventTime);
}
