package io.lakehouseflow.deploy.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.CatalogType;
import io.lakehouseflow.deploy.cluster.FlinkDistribution;
import io.lakehouseflow.deploy.cluster.LandedFlights;
import io.lakehouseflow.deploy.storage.S3Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The application jars on Flink's official image ({@code flink:2.1.1-java17}): a JobManager and a
 * TaskManager container on a network of their own, each layer's jar submitted with the image's
 * {@code flink run}; gold must count the generator's valid bookings and equal, row for row, an
 * embedded run of the same landing files.
 *
 * <p>The product's data directory is a local path and its catalog a Hadoop catalog on it, so a host
 * directory is bind-mounted at the same absolute path in both containers: the landing files, spec,
 * warehouse and checkpoints are where the jobs, the client and this test (reading gold back) look
 * for them. The second test moves the warehouse to a MinIO container and the catalog to Iceberg's
 * REST catalog container.
 *
 * <p>Skipped where no Docker engine runs. Where one does (a local engine: the bind mount needs the
 * test's temporary directory on the engine's machine):
 *
 * <pre>
 * ./mvnw -B -pl deploy -am verify -Dit.test=ContainerClusterITCase -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerClusterITCase {
  private static final DockerImageName FLINK = DockerImageName.parse("flink:2.1.1-java17");
  private static final int REST_PORT = 8081;
  private static final String JARS_IN_CONTAINER = "/opt/lakehouse/";
  private static final List<String> JARS =
      List.of("lakehouse-ingestion.jar", "lakehouse-transforms.jar", "lakehouse-modeling.jar");
  private static final int JOB_TIMEOUT_SECONDS = 6 * 60;
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration SLOTS_TIMEOUT = Duration.ofMinutes(2);
  private static final Logger LOG = LoggerFactory.getLogger(ContainerClusterITCase.class);
  private static final DockerImageName MINIO =
      DockerImageName.parse("minio/minio:RELEASE.2025-04-22T22-12-26Z");
  private static final int MINIO_PORT = 9000;
  private static final DockerImageName REST_CATALOG =
      DockerImageName.parse("apache/iceberg-rest-fixture:1.10.0");
  private static final int REST_CATALOG_PORT = 8181;
  private static final String BUCKET = "lakehouse";
  private static final String REGION = "us-east-1";
  private static final String ACCESS_KEY = "lakehouse";
  private static final String SECRET_KEY = "lakehouse-container-secret";

  /**
   * The settings of both processes, as {@code key: value} lines the image's entrypoint writes into
   * its config.yaml. Sizes as the local session cluster's ({@code ClusterConfig}).
   */
  private static final String FLINK_PROPERTIES =
      """
      jobmanager.rpc.address: jobmanager
      jobmanager.memory.process.size: 1024m
      taskmanager.memory.process.size: 2048m
      taskmanager.memory.network.min: 256m
      taskmanager.memory.network.max: 256m
      taskmanager.memory.managed.fraction: 0.1
      taskmanager.numberOfTaskSlots: 4
      parallelism.default: 1
      """;

  @TempDir Path temp;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void flinkRunOfEachLayersJarOnFlinksImageGivesTheGoldOfAnEmbeddedRun() throws Exception {
    Path shared = sharedDirectory();
    LandedFlights onCluster = LandedFlights.in(shared.resolve("on-cluster"));
    try (Network network = Network.newNetwork()) {
      runOnFlinkContainers(network, shared, onCluster, Map.of());
    }

    assertThat(onCluster.rows(TableNames.fact("booking")))
        .as("gold.fact_booking on the containers: one row per valid booking")
        .hasSize(onCluster.sample().validBookings());
    onCluster.assertSameGoldAs(
        LandedFlights.in(temp.resolve("embedded")).runEmbedded(), "on the Flink containers");
  }

  /**
   * The same with the warehouse on MinIO and the tables in Iceberg's REST catalog server ({@code
   * apache/iceberg-rest-fixture}, which writes their metadata to MinIO itself): the Flink
   * containers get only the AWS SDK's environment variables, the landing files and checkpoints stay
   * on the shared directory, and gold, read back through the REST server's and MinIO's mapped
   * ports, equals the embedded run's.
   */
  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void flinkRunOnFlinksImageWithTheWarehouseOnMinioAndARestCatalogGivesTheGoldOfAnEmbeddedRun()
      throws Exception {
    Path shared = sharedDirectory();
    String warehouse = "s3://" + BUCKET + "/warehouse";
    try (Network network = Network.newNetwork();
        GenericContainer<?> minio = minioContainer(network);
        GenericContainer<?> restCatalog = restCatalogContainer(network, warehouse)) {
      minio.start();
      String minioFromHost = "http://" + minio.getHost() + ":" + minio.getMappedPort(MINIO_PORT);
      try (S3Client s3 = s3Client(minioFromHost)) {
        s3.createBucket(b -> b.bucket(BUCKET));
      }
      restCatalog.start();
      LandedFlights onCluster =
          LandedFlights.in(
              shared.resolve("on-cluster"),
              restCatalogYaml(
                  warehouse, "http://rest:" + REST_CATALOG_PORT, "http://minio:" + MINIO_PORT));
      openToAll(shared);
      runOnFlinkContainers(network, shared, onCluster, awsEnvironment());

      CatalogSpec fromHost =
          new CatalogSpec(
              CatalogType.REST,
              warehouse,
              Map.of(
                  "uri",
                  "http://"
                      + restCatalog.getHost()
                      + ":"
                      + restCatalog.getMappedPort(REST_CATALOG_PORT),
                  "s3.endpoint",
                  minioFromHost,
                  "s3.path-style-access",
                  "true",
                  "client.region",
                  REGION,
                  "s3.access-key-id",
                  ACCESS_KEY,
                  "s3.secret-access-key",
                  SECRET_KEY));
      assertThat(onCluster.rows(TableNames.fact("booking"), fromHost))
          .as("gold.fact_booking on the containers, on MinIO: one row per valid booking")
          .hasSize(onCluster.sample().validBookings());
      onCluster.assertSameGoldAs(
          LandedFlights.in(temp.resolve("embedded")).runEmbedded(),
          "on the Flink containers with MinIO and a REST catalog",
          fromHost);
      try (S3Client s3 = s3Client(minioFromHost)) {
        assertThat(
                s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
                    .map(S3Object::key)
                    .toList())
            .as("objects in MinIO")
            .anyMatch(k -> k.startsWith("warehouse/gold/") && k.endsWith(".parquet"))
            .anyMatch(k -> k.startsWith("warehouse/bronze/") && k.endsWith(".metadata.json"));
      }
    }
  }

  /**
   * A directory to share with the containers at its own path, open to the image's flink user (uid
   * 9999; this test runs as whoever runs the build).
   */
  private Path sharedDirectory() throws IOException {
    // The real path: Docker Desktop shares /private/var/folders, not its /var/folders link.
    Path shared = Files.createDirectories(temp.toRealPath().resolve("shared"));
    openToAll(shared);
    return shared;
  }

  /**
   * Starts a JobManager and a TaskManager container on {@code network}, with {@code environment},
   * runs each layer's jar on {@code onCluster} available-now, and checks how the jobs ended.
   */
  private static void runOnFlinkContainers(
      Network network, Path shared, LandedFlights onCluster, Map<String, String> environment)
      throws Exception {
    // Landing files and specs written after sharedDirectory() opened it.
    openToAll(shared);
    FlinkDistribution build = FlinkDistribution.in(Path.of("target"));
    try (GenericContainer<?> jobManager = flinkContainer(network, shared, "jobmanager");
        GenericContainer<?> taskManager = flinkContainer(network, shared, "taskmanager")) {
      jobManager
          .withNetworkAliases("jobmanager")
          .withEnv(environment)
          .withExposedPorts(REST_PORT)
          .waitingFor(
              Wait.forHttp("/overview")
                  .forPort(REST_PORT)
                  .forStatusCode(200)
                  .withStartupTimeout(STARTUP_TIMEOUT));
      for (String jar : JARS) {
        jobManager.withCopyFileToContainer(
            MountableFile.forHostPath(build.applicationJar(jar), 0644), JARS_IN_CONTAINER + jar);
      }
      taskManager
          .withEnv(environment)
          .waitingFor(
              Wait.forLogMessage(".*Successful registration at resource manager.*", 1)
                  .withStartupTimeout(STARTUP_TIMEOUT));
      jobManager.start();
      taskManager.start();
      URI rest =
          URI.create("http://" + jobManager.getHost() + ":" + jobManager.getMappedPort(REST_PORT));
      try {
        JsonNode overview = awaitSlots(rest);
        assertThat(overview.path("taskmanagers").asInt()).as("TaskManagers").isEqualTo(1);
        assertThat(overview.path("slots-total").asInt()).as("slots").isEqualTo(4);

        runEachLayer(jobManager, onCluster);

        // Gold's available-now run ends on a committed checkpoint and is then cancelled.
        assertThat(jobStates(rest))
            .containsExactlyInAnyOrderEntriesOf(
                Map.of(
                    "flights-bronze", "FINISHED",
                    "flights-silver", "FINISHED",
                    "flights-gold", "CANCELED"));
      } finally {
        // What the flink user wrote must be deletable by this test's user when @TempDir cleans up.
        jobManager.execInContainer("chmod", "-R", "a+rwX", shared.toString());
      }
    }
  }

  /** MinIO, as {@code minio} on {@code network}, its root user this test's key pair. */
  private static GenericContainer<?> minioContainer(Network network) {
    return new GenericContainer<>(MINIO)
        .withNetwork(network)
        .withNetworkAliases("minio")
        .withEnv("MINIO_ROOT_USER", ACCESS_KEY)
        .withEnv("MINIO_ROOT_PASSWORD", SECRET_KEY)
        .withCommand("server", "/data")
        .withExposedPorts(MINIO_PORT)
        .waitingFor(
            Wait.forHttp("/minio/health/live")
                .forPort(MINIO_PORT)
                .forStatusCode(200)
                .withStartupTimeout(STARTUP_TIMEOUT))
        .withLogConsumer(new Slf4jLogConsumer(LOG).withPrefix("minio"));
  }

  /**
   * Iceberg's REST catalog server, as {@code rest} on {@code network}: its tables in {@code
   * warehouse} on MinIO, which it opens with the AWS SDK's variables. Its {@code CATALOG_*}
   * variables are catalog properties ({@code __} for {@code -}, {@code _} for {@code .}).
   */
  private static GenericContainer<?> restCatalogContainer(Network network, String warehouse) {
    return new GenericContainer<>(REST_CATALOG)
        .withNetwork(network)
        .withNetworkAliases("rest")
        .withEnv(awsEnvironment())
        .withEnv("CATALOG_WAREHOUSE", warehouse)
        .withEnv("CATALOG_IO__IMPL", "org.apache.iceberg.aws.s3.S3FileIO")
        .withEnv("CATALOG_S3_ENDPOINT", "http://minio:" + MINIO_PORT)
        .withEnv("CATALOG_S3_PATH__STYLE__ACCESS", "true")
        .withEnv("CATALOG_CLIENT_REGION", REGION)
        .withExposedPorts(REST_CATALOG_PORT)
        .waitingFor(
            Wait.forHttp("/v1/config")
                .forPort(REST_CATALOG_PORT)
                .forStatusCode(200)
                .withStartupTimeout(STARTUP_TIMEOUT))
        .withLogConsumer(new Slf4jLogConsumer(LOG).withPrefix("rest-catalog"));
  }

  /** The spec's catalog block: the REST server at {@code uri}, the warehouse on {@code s3}. */
  private static String restCatalogYaml(String warehouse, String uri, String s3) {
    return "  type: rest\n"
        + "  warehouse: "
        + warehouse
        + "\n"
        + "  properties:\n"
        + "    uri: \""
        + uri
        + "\"\n"
        + "    s3.endpoint: \""
        + s3
        + "\"\n"
        + "    s3.path-style-access: \"true\"\n"
        + "    client.region: \""
        + REGION
        + "\"\n";
  }

  /** The AWS SDK's variables that open MinIO as this test's user. */
  private static Map<String, String> awsEnvironment() {
    return S3Endpoint.sdkEnvironment(ACCESS_KEY, SECRET_KEY, REGION);
  }

  private static S3Client s3Client(String endpoint) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /**
   * {@code flink run} of each layer's jar on {@code onCluster}, in order, each waited for.
   *
   * <p>Inside the JobManager container rather than Flink's CLI on the host: the client's main
   * creates the Iceberg tables, so it must write as the same user as the processes that then write
   * into them (a host user's 755 directories would refuse the image's flink user); and the client
   * is the image's own Flink, not the build's.
   */
  private static void runEachLayer(GenericContainer<?> jobManager, LandedFlights onCluster)
      throws IOException, InterruptedException {
    for (String jar : JARS) {
      ExecResult run =
          jobManager.execInContainer(
              ExecConfig.builder()
                  .user("flink")
                  .command(
                      new String[] {
                        "timeout",
                        String.valueOf(JOB_TIMEOUT_SECONDS),
                        "flink",
                        "run",
                        "-m",
                        "localhost:" + REST_PORT,
                        JARS_IN_CONTAINER + jar,
                        "--pipeline",
                        onCluster.spec().toString(),
                        "--data-dir",
                        onCluster.dataDir().toString()
                      })
                  .build());
      assertThat(run.getExitCode())
          .as(
              "exit code of flink run %s (124: not finished within %d s); its output:%n%s%n%s",
              jar, JOB_TIMEOUT_SECONDS, run.getStdout(), run.getStderr())
          .isZero();
      assertThat(run.getStdout()).contains("Job has been submitted with JobID");
    }
  }

  /**
   * A container of Flink's image running {@code command} ({@code jobmanager} or {@code
   * taskmanager}), with {@code shared} mounted at its own path. (Testcontainers deprecates bind
   * mounts as unportable to remote engines; sharing the host's files is the point here.)
   */
  @SuppressWarnings("deprecation")
  private static GenericContainer<?> flinkContainer(Network network, Path shared, String command) {
    return new GenericContainer<>(FLINK)
        .withNetwork(network)
        .withCommand(command)
        .withEnv("FLINK_PROPERTIES", FLINK_PROPERTIES)
        // Not env.java.opts.all in FLINK_PROPERTIES: the entrypoint deletes every blank of each
        // line, which would fuse the options into one. Every JVM of the container (JobManager,
        // TaskManager, `flink run`) reads JDK_JAVA_OPTIONS.
        .withEnv("JDK_JAVA_OPTIONS", String.join(" ", FlinkDistribution.JAVA_17_OPTIONS))
        .withFileSystemBind(shared.toString(), shared.toString(), BindMode.READ_WRITE)
        .withLogConsumer(new Slf4jLogConsumer(LOG).withPrefix(command));
  }

  /**
   * Makes {@code dir} and everything under it readable and writable by every user. (Its parent, the
   * {@code @TempDir}, stays {@code rwx------}: the containers see only the mount.)
   */
  private static void openToAll(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Files.setPosixFilePermissions(
            path,
            PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxrwxrwx" : "rw-rw-rw-"));
      }
    }
  }

  /** The REST overview once the TaskManager's slots are registered, or the last one. */
  private static JsonNode awaitSlots(URI rest) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(SLOTS_TIMEOUT);
    JsonNode overview = get(rest, "/overview");
    while (overview.path("slots-total").asInt() == 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      overview = get(rest, "/overview");
    }
    return overview;
  }

  private static Map<String, String> jobStates(URI rest) throws IOException, InterruptedException {
    Map<String, String> states = new TreeMap<>();
    for (JsonNode job : get(rest, "/jobs/overview").path("jobs")) {
      states.put(job.path("name").asText(), job.path("state").asText());
    }
    return states;
  }

  private static JsonNode get(URI rest, String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s of %s", path, rest).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
