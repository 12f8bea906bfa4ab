package io.lakehouseflow.deploy.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The statements of {@code lakehouse sql} from a pipe, on a real silver table. */
class SqlShellITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @TempDir Path dir;

  @Test
  void runsBatchAndStreamingStatementsAndGoesOnAfterAnError() throws Exception {
    SilverOrders orders = SilverOrders.create(dir);
    orders.append("orders-1.csv", Map.of(1L, "2024-03-01T10:00", 2L, "2024-03-01T11:30:15"));
    LakehouseCatalog catalog = orders.catalog();
    String statements =
        String.join(
            "\n",
            "SELECT order_id, placed_at",
            "  FROM silver.orders ORDER BY order_id;",
            "SELECT nope FROM silver.orders;",
            "SELECT order_id FROM silver.orders /*+ OPTIONS('streaming'='true',",
            "  'starting-strategy'='TABLE_SCAN_THEN_INCREMENTAL') */;",
            "quit");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int failed =
        new SqlShell(catalog, new PrintStream(bytes, true, StandardCharsets.UTF_8), 2)
            .run(new BufferedReader(new StringReader(statements)));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(failed).isEqualTo(1);
    assertThat(out)
        .contains("| 1        | 2024-03-01T10:00:00 |")
        .contains("| 2        | 2024-03-01T11:30:15 |")
        .contains("2 rows")
        .contains("Invalid SQL at line 1, column 8: Column 'nope' not found")
        .contains("(2 changes)");
    assertThat(out.lines().filter(l -> l.startsWith("+I [")).sorted().toList())
        .containsExactly("+I [1]", "+I [2]");
  }
}
