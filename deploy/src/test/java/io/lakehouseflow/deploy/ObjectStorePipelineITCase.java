package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.deploy.cluster.LandedFlights;
import io.lakehouseflow.deploy.storage.RestCatalogServer;
import io.lakehouseflow.deploy.storage.S3Endpoint;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flights pipeline with its warehouse and checkpoints on an S3-compatible store (S3Proxy
 * on loopback, credentials required), run by the real CLI in a child JVM whose only credentials are
 * the AWS SDK's environment variables. Every layer holds exactly the generator's figures, the
 * tables' files and the checkpoints are objects in the bucket and nothing of them on local disk,
 * and the secret appears in no output and no log; on a JDBC catalog (a SQLite file) a run with a
 * wrong secret is refused, and on Iceberg's own REST catalog server the server lists the tables.
 */
class ObjectStorePipelineITCase {
  private static S3Endpoint s3;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path data;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3Endpoint.start("lakehouse");
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Timeout(300)
  void theFlightsPipelineRunsOnS3WithAJdbcCatalog() throws Exception {
    runAndCheck(jdbcCatalog("catalog.db", "jdbc/"), "jdbc/", jdbcCatalog("refused.db", "refused/"));
  }

  /**
   * The same on Iceberg's own REST catalog server, its metadata written to the bucket by the server
   * with credentials of its own (so the wrong-secret check is the JDBC test's: here the server's
   * writes would succeed). The secret is in neither the CLI's nor the server's output.
   */
  @Test
  @Timeout(300)
  void theFlightsPipelineRunsOnS3WithARestCatalog() throws Exception {
    String warehouse = s3.uri("rest/warehouse");
    try (RestCatalogServer server =
        RestCatalogServer.start(
            s3, warehouse, data.resolve("rest-catalog.db"), data.resolve("rest-server.log"))) {
      String catalog =
          "  type: rest\n"
              + "  warehouse: "
              + warehouse
              + "\n"
              + "  properties:\n"
              + "    uri: \""
              + server.uri()
              + "\"\n"
              + s3Properties();
      runAndCheck(catalog, "rest/", null);
      assertThat(server.listTables("gold"))
          .as("the gold tables the REST catalog server lists")
          .contains("\"fact_booking\"", "\"dim_customer\"", "\"dim_flight\"");
      assertThat(server.log())
          .as("the REST catalog server's output")
          .doesNotContain(s3.secretKey());
    }
  }

  /** A JDBC catalog in a SQLite file of the data directory, its warehouse under {@code prefix}. */
  private String jdbcCatalog(String file, String prefix) {
    return "  type: jdbc\n"
        + "  warehouse: "
        + s3.uri(prefix + "warehouse")
        + "\n"
        + "  properties:\n"
        + "    uri: \"jdbc:sqlite:"
        + data.resolve(file)
        + "\"\n"
        + s3Properties();
  }

  private static String s3Properties() {
    return s3.catalogProperties().entrySet().stream()
        .map(e -> "    " + e.getKey() + ": \"" + e.getValue() + "\"\n")
        .collect(Collectors.joining());
  }

  /**
   * Runs the flights pipeline available-now on the catalog {@code catalogYaml} declares, with its
   * checkpoints under {@code <prefix>checkpoints} in the bucket, and checks every layer, the
   * bucket, the local disk and the logs; then, unless {@code refusedCatalogYaml} is null, that a
   * run on that catalog with a wrong secret is refused.
   */
  private void runAndCheck(String catalogYaml, String prefix, String refusedCatalogYaml)
      throws Exception {
    Path landing = new DataLayout(data).resolve(FlightsSample.spec().landing());
    GeneratedSample sample = FlightsGenerator.builder().seed(5).scale(1).build().generate(landing);
    Path specFile = writeSpec("pipeline.yaml", catalogYaml);
    PipelineSpec spec = PipelineSpecLoader.load(specFile);
    assertThat(spec.catalog().warehouse()).startsWith("s3://");
    String checkpoints = s3.uri(prefix + "checkpoints");

    CliProcess run =
        CliProcess.start(
            data,
            data.resolve("cli.out"),
            s3.environment(s3.secretKey()),
            "run",
            "--pipeline",
            specFile.toString(),
            "--checkpoints-dir",
            checkpoints);
    assertThat(run.awaitExit(Duration.ofSeconds(150))).as(run::description).isZero();

    var expected = FlightsLayerCounts.expected(sample, new LandedBookings(landing, new Random(0)));
    try (LakehouseCatalog tables =
        LakehouseCatalog.of(s3.withCredentials(spec.catalog()), new DataLayout(data))) {
      FlightsLayerCounts.of(tables).assertExact(expected, "the flights pipeline on S3");
    }

    List<String> keys = s3.keys();
    assertThat(keys)
        .as("objects in the bucket")
        .anyMatch(k -> k.startsWith(prefix + "warehouse/gold/") && k.endsWith(".parquet"))
        .anyMatch(k -> k.startsWith(prefix + "warehouse/bronze/") && k.endsWith(".metadata.json"))
        .anyMatch(k -> k.startsWith(prefix + "checkpoints/") && k.endsWith("/_metadata"));
    assertThat(localFiles())
        .as("files under the data directory: none of the warehouse or the checkpoints")
        .noneMatch(
            p -> p.endsWith(".parquet") || p.endsWith(".metadata.json") || p.endsWith(".avro"))
        .noneMatch(p -> p.contains("checkpoints") || p.contains("warehouse"));

    String secret = s3.secretKey();
    assertThat(run.output()).as("the CLI's output").isNotEmpty().doesNotContain(secret);
    String log = CliProcess.log(data);
    assertThat(log).as("the CLI's log").contains("Flink file systems initialized with 1 plugin(s)");
    assertThat(log).as("the CLI's log").doesNotContain(secret);
    assertThat(allLogText()).as("every file under the data directory").doesNotContain(secret);
    if (refusedCatalogYaml == null) {
      return;
    }

    // The credential is what opened the bucket: a run with another secret is refused. It runs on
    // a catalog of its own: on existing tables Iceberg retries a refused metadata read for 90 s.
    CliProcess refused =
        CliProcess.start(
            data,
            data.resolve("refused.out"),
            s3.environment("wrong-" + secret),
            "run",
            "--pipeline",
            writeSpec("refused.yaml", refusedCatalogYaml).toString(),
            "--checkpoints-dir",
            s3.uri("refused/checkpoints"));
    assertThat(refused.awaitExit(Duration.ofSeconds(120))).as(refused::description).isNotZero();
    // S3Proxy answers an upload signed with another secret with 403 and closes the connection
    // before it reads the body; depending on who is first, the AWS SDK's URL-connection client
    // reports the status or the upload it could not finish.
    assertThat(refused.output())
        .as(refused::description)
        .containsAnyOf("Status Code: 403", "Error writing request body to server")
        .doesNotContain(secret);
    assertThat(CliProcess.log(data))
        .as("the CLI's log, with the refused run's stack trace")
        .contains("ERROR [main] FailureReport - The command failed")
        .doesNotContain(secret);
    assertThat(s3.keys()).as("objects in the bucket").noneMatch(k -> k.startsWith("refused/"));
  }

  /** The flights spec, with {@code catalogYaml} as its catalog, in {@code name} in the data dir. */
  private Path writeSpec(String name, String catalogYaml) throws IOException {
    return Files.writeString(
        data.resolve(name), LandedFlights.withCatalog(FlightsSample.specYaml(), catalogYaml));
  }

  /** Every regular file under the data directory, as a path relative to it. */
  private List<String> localFiles() throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> data.relativize(p).toString())
          .filter(p -> !p.startsWith("landing"))
          .toList();
    }
  }

  /** The text of every file outside the landing directory (logs, output, catalog, spec). */
  private String allLogText() throws IOException {
    StringBuilder text = new StringBuilder();
    for (String file : localFiles()) {
      text.append(new String(Files.readAllBytes(data.resolve(file)), StandardCharsets.ISO_8859_1));
    }
    return text.toString();
  }
}
