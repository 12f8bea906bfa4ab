package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.query.InvalidQueryException;
import io.lakehouseflow.deploy.query.QueryClient;
import io.lakehouseflow.deploy.query.QueryServer;
import io.lakehouseflow.deploy.query.QueryServerAddress;
import io.lakehouseflow.deploy.query.ResultFormat;
import io.lakehouseflow.deploy.query.SilverOrders;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakehouse serve} and the queries it answers, over a real silver table. */
class ServeCommandITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String ORDERS = "SELECT order_id, placed_at FROM silver.orders ORDER BY 1";

  @TempDir Path dir;

  @Test
  void answersWithTheCurrentSnapshotUntilItStops() throws Exception {
    SilverOrders orders = SilverOrders.create(dir);
    orders.append("orders-1.csv", Map.of(1L, "2024-03-01T10:00"));
    LakehouseCatalog catalog = orders.catalog();

    QueryServerAddress address;
    try (QueryServer server = QueryServer.start(dir, catalog, "default", 0)) {
      address = server.address();
      assertThat(QueryServerAddress.find(dir)).contains(address);
      QueryClient client = QueryClient.of(address);

      assertThat(client.execute(ORDERS, ResultFormat.CSV))
          .contains("order_id,placed_at\n1,2024-03-01T10:00:00\n");

      // A commit after the server started is in the next answer: every query plans anew.
      orders.append("orders-2.csv", Map.of(2L, "2024-03-01T11:30:15"));
      assertThat(client.execute(ORDERS, ResultFormat.CSV))
          .contains("order_id,placed_at\n1,2024-03-01T10:00:00\n2,2024-03-01T11:30:15\n");

      assertThatThrownBy(() -> client.execute("SELECT nope FROM silver.orders", ResultFormat.TABLE))
          .isInstanceOf(InvalidQueryException.class)
          .hasMessageContaining("Invalid SQL at line 1, column 8: Column 'nope' not found");

      QueryServerAddress forged =
          new QueryServerAddress(address.port(), address.pid(), "not-the-token", "default");
      assertThatThrownBy(() -> QueryClient.of(forged).execute(ORDERS, ResultFormat.CSV))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Forbidden");

      // The CLI's query goes to the server of its data directory and catalog.
      long before = server.answered();
      assertThat(
              LakehouseCli.commandLine()
                  .execute(
                      "query", "--data-dir", dir.toString(), "SELECT COUNT(*) FROM silver.orders"))
          .isZero();
      assertThat(server.answered()).isEqualTo(before + 1);
      assertThat(
              LakehouseCli.commandLine()
                  .execute("query", "--data-dir", dir.toString(), "--local", "SELECT 1"))
          .isZero();
      assertThat(server.answered()).as("--local runs in the process").isEqualTo(before + 1);
    }

    assertThat(QueryServerAddress.file(dir)).doesNotExist();
    assertThat(QueryServerAddress.find(dir)).isEmpty();
    assertThat(QueryClient.of(address).execute(ORDERS, ResultFormat.CSV))
        .as("a stopped server answers nothing; the CLI then runs the statement itself")
        .isEmpty();
  }

  // A server whose address cannot be written stops listening: nothing would ever find or stop it.
  @Test
  void aServerThatCannotAnnounceItselfStopsListening() throws Exception {
    SilverOrders orders = SilverOrders.create(dir);
    orders.append("orders-1.csv", Map.of(1L, "2024-03-01T10:00"));
    Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }

    assertThatThrownBy(() -> QueryServer.start(notADirectory, orders.catalog(), "default", port))
        .hasMessageContaining("Cannot write the query server's address to " + notADirectory);

    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(port);
    }
  }
}
