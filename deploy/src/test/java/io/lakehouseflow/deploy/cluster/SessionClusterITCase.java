package io.lakehouseflow.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakehouseflow.deploy.k8s.ApplicationJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jars on a real Flink standalone session cluster: a JobManager and a TaskManager
 * JVM of their own, started from Flink's Maven artifacts with only Flink's jars on their class
 * path; each layer's jar submitted by Flink's own CLI ({@code CliFrontend run -m}), in its own JVM,
 * as {@code bin/flink run} would; the jobs followed through the REST API. Gold must equal, row for
 * row, what an embedded run of the same landing files gives.
 */
class SessionClusterITCase {
  private static final long JOB_TIMEOUT_MINUTES = 6;

  @TempDir Path root;

  private SessionCluster cluster;

  @AfterEach
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void flinkRunOfEachLayersJarOnASessionClusterGivesTheGoldOfAnEmbeddedRun() throws Exception {
    FlinkDistribution flink = FlinkDistribution.in(Path.of("target"));
    for (ApplicationJars.JobJar job : ApplicationJars.ALL) {
      try (JarFile jar = new JarFile(flink.applicationJar(job.jar()).toFile())) {
        assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
            .as("Main-Class of %s", job.jar())
            .isEqualTo(job.entryClass());
        assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path"))
            .as("%s needs no class path beside Flink's", job.jar())
            .isNull();
        assertThat(jar.getEntry("org/apache/flink/streaming/api/datastream/DataStream.class"))
            .as("%s leaves Flink out", job.jar())
            .isNull();
      }
    }
    cluster = SessionCluster.in(root.resolve("cluster"), flink);
    cluster.start();

    List<Long> pids = cluster.runningProcesses();
    assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid());
    assertThat(commandLines(pids))
        .anyMatch(c -> c.contains("StandaloneSessionClusterEntrypoint"))
        // The kernel keeps the first 4 KiB of a command line: match the class before its end.
        .anyMatch(c -> c.contains("taskexecutor.TaskManager"))
        .allMatch(c -> !c.contains("iceberg") && !c.contains("lakehouse-core"));

    LandedFlights onCluster = LandedFlights.in(root.resolve("on-cluster"));
    FlinkCommandLine cli = new FlinkCommandLine(cluster, flink);
    String jobManager = "localhost:" + cluster.restAddress().getPort();
    for (String jar :
        List.of("lakehouse-ingestion.jar", "lakehouse-transforms.jar", "lakehouse-modeling.jar")) {
      Path output = root.resolve(jar + ".out");
      Process run =
          cli.start(
              List.of(
                  "run",
                  "-m",
                  jobManager,
                  flink.applicationJar(jar).toAbsolutePath().toString(),
                  "--pipeline",
                  onCluster.spec().toString(),
                  "--data-dir",
                  onCluster.dataDir().toString()),
              output);
      assertThat(run.waitFor(JOB_TIMEOUT_MINUTES, TimeUnit.MINUTES))
          .as("flink run %s finished within %d minutes", jar, JOB_TIMEOUT_MINUTES)
          .isTrue();
      assertThat(run.exitValue())
          .as("exit code of flink run %s; its output:%n%s", jar, Files.readString(output))
          .isZero();
      assertThat(Files.readString(output)).contains("Job has been submitted with JobID");
    }

    // Gold's available-now run ends on a committed checkpoint and is then cancelled.
    assertThat(jobStates())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "flights-bronze", "FINISHED",
                "flights-silver", "FINISHED",
                "flights-gold", "CANCELED"));

    onCluster.assertSameGoldAs(
        LandedFlights.in(root.resolve("embedded")).runEmbedded(), "on the session cluster");

    cluster.stop();
    assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  private Map<String, String> jobStates() throws Exception {
    Map<String, String> states = new TreeMap<>();
    for (JsonNode job : cluster.get("/jobs/overview").path("jobs")) {
      states.put(job.path("name").asText(), job.path("state").asText());
    }
    return states;
  }

  private static List<String> commandLines(List<Long> pids) {
    List<String> lines = new ArrayList<>();
    for (long pid : pids) {
      ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).ifPresent(lines::add);
    }
    return lines;
  }
}
