package io.lakehouseflow.deploy.query;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SilverCommits;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real {@code silver.orders} table of a one-source pipeline in the default catalog of a data
 * directory, for tests that query it: orders appended as the silver job commits them.
 */
public final class SilverOrders {
  private static final String SPEC =
      """
      name: shop
      sources:
        orders:
          columns: {order_id: bigint, placed_at: timestamp}
      silver:
        orders: {source: orders}
      """;

  private final LakehouseCatalog catalog;

  private SilverOrders(LakehouseCatalog catalog) {
    this.catalog = catalog;
  }

  /** Creates the empty table under data directory {@code dir}. */
  public static SilverOrders create(Path dir) {
    PipelineSpec spec = PipelineSpecLoader.parse(SPEC, "shop.yaml");
    LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), new DataLayout(dir));
    catalog.createTableIfAbsent(LayerSchemas.silver(spec, "orders"), Map.of());
    return new SilverOrders(catalog);
  }

  public LakehouseCatalog catalog() {
    return catalog;
  }

  /** Commits {@code orders} (id to ISO local date-time placed at) as read from {@code file}. */
  public void append(String file, Map<Long, String> orders) {
    List<List<Object>> rows =
        orders.entrySet().stream()
            .map(o -> Arrays.<Object>asList(o.getKey(), LocalDateTime.parse(o.getValue())))
            .toList();
    new SilverCommits(catalog).append("orders", file, Instant.parse("2024-03-01T00:00:00Z"), rows);
  }
}
