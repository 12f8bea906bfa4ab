package io.lakehouseflow.deploy.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SilverCommits;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The statements of {@code lakehouse sql} from a pipe, on a real silver table. */
class SqlShellITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String SPEC =
      """
      name: shop
      sources:
        orders:
          columns: {order_id: bigint, placed_at: timestamp}
      silver:
        orders: {source: orders}
      """;

  @TempDir Path dir;

  @Test
  void runsBatchAndStreamingStatementsAndGoesOnAfterAnError() throws Exception {
    PipelineSpec spec = PipelineSpecLoader.parse(SPEC, "shop.yaml");
    DataLayout layout = new DataLayout(dir);
    LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), layout);
    catalog.createTableIfAbsent(LayerSchemas.silver(spec, "orders"), Map.of());
    new SilverCommits(catalog)
        .append(
            "orders",
            "orders-1.csv",
            Instant.parse("2024-03-01T00:00:00Z"),
            List.of(
                Arrays.asList(1L, LocalDateTime.parse("2024-03-01T10:00")),
                Arrays.asList(2L, LocalDateTime.parse("2024-03-01T11:30:15"))));
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
