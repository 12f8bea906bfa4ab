package io.lakehouseflow.deploy.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Batch queries of {@code lakehouse query}, {@code sql} and {@code serve}, on a real table. */
class SqlQueryITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @TempDir Path dir;

  @Test
  void aQueryMayScanMoreThanSixtyThreeTables() throws Exception {
    SilverOrders orders = SilverOrders.create(dir);
    orders.append("orders-1.csv", Map.of(1L, "2024-03-01T10:00", 2L, "2024-03-01T11:30:15"));
    // 70 scans: Flink's multiple-input operator, which takes 63, once refused it.
    String sql =
        "SELECT "
            + IntStream.rangeClosed(1, 70)
                .mapToObj(i -> "(SELECT COUNT(*) FROM silver.orders WHERE order_id <= " + i + ")")
                .collect(Collectors.joining(" + "))
            + " AS total";

    SqlQuery.Result result = SqlQuery.over(orders.catalog()).execute(sql);

    // Order 1 counts in every scan, order 2 in the 69 from order_id <= 2 on.
    assertThat(result.rows()).hasSize(1);
    assertThat(((Number) result.rows().get(0).getField(0)).longValue()).isEqualTo(70 + 69);
  }
}
