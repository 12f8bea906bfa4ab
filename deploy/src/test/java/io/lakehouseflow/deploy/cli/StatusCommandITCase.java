package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lakehouse status} after a bronze run, once a landing file grew and another landed: one
 * file wholly in bronze, one grown since, one outstanding, with their bytes, bronze's rows and
 * commits, in text and JSON.
 */
class StatusCommandITCase {
  @TempDir Path dir;

  @Test
  @Timeout(300)
  void showsEachSourcesFilesAgainstBronzeAndEachTable() throws Exception {
    Path spec = dir.resolve("shop.yaml");
    Files.writeString(
        spec,
        """
        name: shop
        sources:
          orders:
            columns: {order_id: bigint, amount: string}
        """);
    Path landing = Files.createDirectories(dir.resolve("data/landing/orders"));
    Files.writeString(landing.resolve("orders-1.csv"), "order_id,amount\n1,10\n2,20\n");
    Path grows = landing.resolve("orders-2.csv");
    Files.writeString(grows, "order_id,amount\n3,30\n");
    String data = dir.resolve("data").toString();
    assertThat(
            execute("run", "--pipeline", spec.toString(), "--data-dir", data, "--layers", "bronze"))
        .isZero();

    Files.writeString(grows, "4,40\n", StandardOpenOption.APPEND);
    Path outstanding = landing.resolve("orders-3.csv");
    Files.writeString(outstanding, "order_id,amount\n5,50\n6,60\n");

    StringWriter json = new StringWriter();
    assertThat(
            execute(
                json,
                "status",
                "--pipeline",
                spec.toString(),
                "--data-dir",
                data,
                "--format",
                "json"))
        .isZero();
    JsonNode status = new ObjectMapper().readTree(json.toString());
    JsonNode orders = status.get("sources").get(0);
    assertThat(orders.get("source").asText()).isEqualTo("orders");
    assertThat(orders.get("files_in_bronze").asInt()).isEqualTo(1);
    assertThat(orders.get("files_grown_since").asInt()).isEqualTo(1);
    assertThat(orders.get("files_outstanding").asInt()).isEqualTo(1);
    assertThat(orders.get("bytes_in_bronze").asLong())
        .isEqualTo(Files.size(landing.resolve("orders-1.csv")));
    assertThat(orders.get("bytes_to_read").asLong())
        .isEqualTo(Files.size(grows) + Files.size(outstanding));
    assertThat(orders.get("bronze_rows").asLong()).isEqualTo(3);
    assertThat(orders.get("last_commit").isNull()).isFalse();
    assertThat(orders.get("oldest_waiting_ms").asLong()).isNotNegative();
    JsonNode bronze = status.get("tables").get(0);
    assertThat(bronze.get("table").asText()).isEqualTo("bronze.orders");
    assertThat(bronze.get("records").asLong()).isEqualTo(3);
    assertThat(bronze.get("data_files").asLong()).isPositive();
    assertThat(bronze.get("snapshots").asInt()).isEqualTo(1);
    assertThat(bronze.get("operation").asText()).isEqualTo("append");

    StringWriter text = new StringWriter();
    assertThat(execute(text, "status", "--pipeline", spec.toString(), "--data-dir", data)).isZero();
    assertThat(text.toString())
        .startsWith("Pipeline shop at ")
        .contains("| source | files in bronze | grown since | outstanding |")
        .containsPattern("\\| orders +\\| 1 +\\| 1 +\\| 1 +\\|")
        .containsPattern("\\| bronze.orders +\\| 1 +\\|")
        .doesNotContain("lakehouse.writers");
  }

  private static int execute(String... args) {
    return execute(new StringWriter(), args);
  }

  private static int execute(StringWriter out, String... args) {
    CommandLine cli = LakehouseCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }
}
