package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.query.QueryServerAddress;
import io.lakehouseflow.deploy.query.SilverOrders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse query --keep-warm}, run by the real CLI: the first query starts a query server
 * in a process of its own that outlives it and answers it, the next query goes to that server, and
 * the server stops by itself once idle for the duration given, removing its address.
 */
class KeepWarmQueryITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String COUNT = "SELECT COUNT(*) AS orders FROM silver.orders";
  private static final Pattern ANSWERED = Pattern.compile("QueryServer - Answered in \\d+ ms");

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void theFirstQueryStartsAServerThatAnswersTheNextAndStopsWhenIdle() throws Exception {
    SilverOrders orders = SilverOrders.create(dir);
    orders.append("orders-1.csv", Map.of(1L, "2024-03-01T10:00", 2L, "2024-03-01T11:00"));
    Optional<QueryServerAddress> started = Optional.empty();
    try {
      CliProcess first = query("first.out", "20s");
      assertThat(first.awaitExit(Duration.ofSeconds(150))).as(first::description).isZero();
      assertThat(first.output()).as(first::description).contains("| 2      |");
      started = QueryServerAddress.find(dir);
      assertThat(started)
          .as("the address of the server the first query started, alive after that query ended")
          .isPresent();
      assertThat(started.get().pid()).isNotEqualTo(first.pid());
      assertThat(answeredByServer()).as("statements the server answered").isEqualTo(1);

      // A commit after the server started is in the next answer, which the server gives.
      orders.append("orders-2.csv", Map.of(3L, "2024-03-01T12:00"));
      CliProcess second = query("second.out", "20s");
      assertThat(second.awaitExit(Duration.ofSeconds(60))).as(second::description).isZero();
      assertThat(second.output()).as(second::description).contains("| 3      |");
      assertThat(QueryServerAddress.find(dir)).as("the same server").isEqualTo(started);
      assertThat(answeredByServer()).as("statements the server answered").isEqualTo(2);

      long pid = started.get().pid();
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                      .as("the server, 20 s after its last query")
                      .isNotEqualTo(Optional.of(true)));
      assertThat(QueryServerAddress.file(dir)).as("its address file").doesNotExist();
    } finally {
      started.flatMap(a -> ProcessHandle.of(a.pid())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private CliProcess query(String output, String keepWarm) throws Exception {
    return CliProcess.start(dir, dir.resolve(output), "query", "--keep-warm", keepWarm, COUNT);
  }

  private long answeredByServer() throws Exception {
    return ANSWERED.matcher(CliProcess.log(dir)).results().count();
  }
}
