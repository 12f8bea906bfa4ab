package io.lakehouseflow.deploy.storage;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Iceberg's own REST catalog server ({@code org.apache.iceberg.rest.RESTCatalogServer} from {@code
 * iceberg-open-api}'s test fixtures, the server Iceberg's REST compatibility kit runs against) in a
 * JVM of its own, on loopback. Its backend is a JDBC catalog in a SQLite file, its warehouse on the
 * S3 endpoint, and it opens the bucket with the AWS SDK's environment variables only, so the secret
 * is in none of its properties (the server logs those).
 *
 * <p>It runs in a child JVM because its classes link against unshaded Iceberg, which must not meet
 * {@code iceberg-flink-runtime} in the test JVM; Maven writes its class path to {@code
 * target/rest-catalog-server.classpath} (see deploy/pom.xml).
 */
public final class RestCatalogServer implements AutoCloseable {
  static final Path CLASSPATH = Path.of("target", "rest-catalog-server.classpath");
  private static final String MAIN = "org.apache.iceberg.rest.RESTCatalogServer";

  private final Process process;
  private final int port;
  private final Path log;

  private RestCatalogServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the server on a free port, its tables in {@code warehouse} (an {@code s3://} URI on
   * {@code s3}), its catalog database in {@code database}, its output in {@code log}, and waits
   * until it answers {@code GET /v1/config}.
   */
  public static RestCatalogServer start(S3Endpoint s3, String warehouse, Path database, Path log)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(CLASSPATH)) {
      throw new IllegalStateException(
          "No class path for Iceberg's REST catalog server at "
              + CLASSPATH.toAbsolutePath()
              + ": Maven writes it in generate-test-resources; run the tests through Maven");
    }
    String classpath = Files.readString(CLASSPATH).strip();
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-cp",
                    classpath,
                    MAIN))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    // RCKUtils turns CATALOG_* variables into catalog properties: prefix dropped, "__" to "-",
    // "_" to ".", lower case (CATALOG_IO__IMPL is io-impl).
    env.put("CATALOG_REST_PORT", Integer.toString(port));
    env.put("CATALOG_URI", "jdbc:sqlite:" + database.toAbsolutePath());
    env.put("CATALOG_WAREHOUSE", warehouse);
    env.put("CATALOG_IO__IMPL", "org.apache.iceberg.aws.s3.S3FileIO");
    env.put("CATALOG_S3_ENDPOINT", s3.endpoint());
    env.put("CATALOG_S3_PATH__STYLE__ACCESS", "true");
    env.put("CATALOG_CLIENT_REGION", S3Endpoint.REGION);
    // The class path carries the AWS SDK's URL-connection client only, as the CLI's does.
    env.put("CATALOG_HTTP__CLIENT_TYPE", "urlconnection");
    env.putAll(s3.environment(s3.secretKey()));
    RestCatalogServer server = new RestCatalogServer(builder.start(), port, log);
    try {
      server.awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException | IOException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The URI clients set as the catalog's {@code uri}. */
  public String uri() {
    return "http://127.0.0.1:" + port;
  }

  /** The server's answer to {@code GET /v1/namespaces/<namespace>/tables}: a JSON document. */
  public String listTables(String namespace) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(uri() + "/v1/namespaces/" + namespace + "/tables"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /v1/namespaces/" + namespace + "/tables answered " + response.statusCode());
    }
    return response.body();
  }

  /** Everything the server printed. */
  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest config =
        HttpRequest.newBuilder(URI.create(uri() + "/v1/config"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Iceberg's REST catalog server exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (http.send(config, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // The JVM is still starting; ask again until the deadline.
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Iceberg's REST catalog server did not answer GET /v1/config on port "
                + port
                + " within "
                + timeout
                + ":\n"
                + log());
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
