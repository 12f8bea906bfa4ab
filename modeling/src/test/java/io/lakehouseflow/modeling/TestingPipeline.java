package io.lakehouseflow.modeling;

import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.CsvOptions;
import io.lakehouseflow.core.spec.DimensionReference;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.ScdType;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceFormat;
import io.lakehouseflow.core.spec.SourceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec of the gold tests, built in code: a customer SCD2 dimension, a flight SCD1 dimension and
 * a booking fact referencing both, over silver tables named like their sources.
 */
public final class TestingPipeline {
  private TestingPipeline() {}

  public static PipelineSpec spec() {
    Map<String, SourceSpec> sources = new LinkedHashMap<>();
    sources.put(
        "customers",
        source(
            "customers",
            col("customer_id", ColumnType.BIGINT),
            col("name", ColumnType.STRING),
            col("email", ColumnType.STRING),
            col("tier", ColumnType.STRING),
            col("country", ColumnType.STRING),
            col("updated_at", ColumnType.TIMESTAMP)));
    sources.put(
        "flights",
        source(
            "flights",
            col("flight_id", ColumnType.BIGINT),
            col("flight_number", ColumnType.STRING),
            col("origin", ColumnType.STRING),
            col("destination", ColumnType.STRING),
            col("updated_at", ColumnType.TIMESTAMP)));
    sources.put(
        "bookings",
        source(
            "bookings",
            col("booking_id", ColumnType.BIGINT),
            col("customer_id", ColumnType.BIGINT),
            col("flight_id", ColumnType.BIGINT),
            col("booked_at", ColumnType.TIMESTAMP),
            col("seats", ColumnType.INT),
            col("fare_amount", ColumnType.decimal(10, 2)),
            col("currency", ColumnType.STRING),
            col("status", ColumnType.STRING)));
    Map<String, SilverTableSpec> silver = new LinkedHashMap<>();
    for (String name : sources.keySet()) {
      silver.put(name, new SilverTableSpec(name, name, Map.of(), Map.of(), List.of()));
    }
    Map<String, DimensionSpec> dimensions = new LinkedHashMap<>();
    dimensions.put(
        "customer",
        new DimensionSpec(
            "customer",
            "customers",
            List.of("customer_id"),
            ScdType.TYPE_2,
            List.of("name", "email", "tier", "country"),
            List.of("name", "email", "tier"),
            "updated_at"));
    dimensions.put(
        "flight",
        new DimensionSpec(
            "flight",
            "flights",
            List.of("flight_id"),
            ScdType.TYPE_1,
            List.of("flight_number", "origin", "destination"),
            List.of(),
            "updated_at"));
    Map<String, FactSpec> facts =
        Map.of(
            "booking",
            new FactSpec(
                "booking",
                "bookings",
                List.of("booking_id"),
                "booked_at",
                List.of("seats", "fare_amount"),
                List.of("currency", "status"),
                List.of(
                    new DimensionReference("customer", List.of("customer_id")),
                    new DimensionReference("flight", List.of("flight_id")))));
    return new PipelineSpec(
        "gold-test",
        "TestingPipeline.java",
        CatalogSpec.DEFAULT,
        "landing",
        sources,
        silver,
        dimensions,
        facts);
  }

  private static SourceSpec source(String name, ColumnSpec... columns) {
    return new SourceSpec(name, name, SourceFormat.CSV, CsvOptions.DEFAULT, List.of(columns));
  }

  private static ColumnSpec col(String name, ColumnType type) {
    return new ColumnSpec(name, type);
  }
}
