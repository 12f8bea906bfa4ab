package io.lakehouseflow.deploy.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.deploy.cluster.FlinkDistribution;
import io.lakehouseflow.deploy.cluster.LandedFlights;
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

/**
 * The application jars on Flink's official image ({@code flink:2.1.1-java17}): a JobManager and a
 * TaskManager container on a network of their own, each layer's jar submitted with the image's
 * {@code flink run}; gold must count the generator's valid bookings and equal, row for row, an
 * embedded run of the same landing files.
 *
 * <p>The product's data directory is a local path and its catalog a Hadoop catalog on it, so a host
 * directory is bind-mounted at the same absolute path in both containers: the landing files, spec,
 * warehouse and checkpoints are where the jobs, the client and this test (reading gold back) look
 * for them. MinIO and a REST catalog container join this test once the product supports object
 * storage and the REST catalog (issue 11 item 5).
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
    FlinkDistribution build = FlinkDistribution.in(Path.of("target"));
    // The real path: Docker Desktop shares /private/var/folders, not its /var/folders link.
    Path shared = temp.toRealPath().resolve("shared");
    LandedFlights onCluster = LandedFlights.in(shared.resolve("on-cluster"));
    // The image's processes run as user flink (uid 9999), this test as whoever runs the build.
    openToAll(shared);

    try (Network network = Network.newNetwork();
        GenericContainer<?> jobManager = flinkContainer(network, shared, "jobmanager");
        GenericContainer<?> taskManager = flinkContainer(network, shared, "taskmanager")) {
      jobManager
          .withNetworkAliases("jobmanager")
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
      taskManager.waitingFor(
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

        // `flink run` inside the JobManager container rather than Flink's CLI on the host: the
        // client's main creates the Iceberg tables, so it must write as the same user as the
        // processes that then write into them (a host user's 755 directories would refuse the
        // image's flink user); and the client is the image's own Flink, not the build's.
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

    assertThat(onCluster.rows(TableNames.fact("booking")))
        .as("gold.fact_booking on the containers: one row per valid booking")
        .hasSize(onCluster.sample().validBookings());
    onCluster.assertSameGoldAs(
        LandedFlights.in(temp.resolve("embedded")).runEmbedded(), "on the Flink containers");
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
