package io.lakehouseflow.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.deploy.k8s.ApplicationJars;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.modeling.GoldJob;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
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
  private static final long SEED = 42;
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
        .anyMatch(c -> c.contains("TaskManagerRunner"))
        .allMatch(c -> !c.contains("iceberg") && !c.contains("lakehouse-core"));

    Path onCluster = root.resolve("on-cluster");
    Path spec = landFlights(onCluster);
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
                  spec.toString(),
                  "--data-dir",
                  onCluster.toString()),
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

    Path embedded = root.resolve("embedded");
    PipelineSpec embeddedSpec = PipelineSpecLoader.load(landFlights(embedded));
    PipelineRunner.allLayers(
            PipelineRun.of(embeddedSpec, new DataLayout(embedded), RunMode.AVAILABLE_NOW)
                .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT))
        .runAvailableNow(layer -> {});

    PipelineSpec flights = PipelineSpecLoader.load(spec);
    for (TableIdentifier table : GoldJob.writtenTables(flights)) {
      List<String> expected = rows(embedded, flights, table);
      assertThat(expected).as("rows of %s in the embedded run", table).isNotEmpty();
      assertThat(rows(onCluster, flights, table))
          .as("rows of %s on the session cluster", table)
          .containsExactlyInAnyOrderElementsOf(expected);
    }

    cluster.stop();
    assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  /** Writes the flights sample's landing files and spec under {@code dir}; returns the spec. */
  private static Path landFlights(Path dir) throws Exception {
    FlightsGenerator.builder()
        .seed(SEED)
        .scale(1)
        .build()
        .generate(new DataLayout(dir).resolve(FlightsSample.spec().landing()));
    return FlightsSample.writeSpec(dir);
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

  private static List<String> rows(Path dir, PipelineSpec spec, TableIdentifier table) {
    try (LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), new DataLayout(dir))) {
      String[] columns =
          catalog.loadTable(table).schema().columns().stream()
              .map(Types.NestedField::name)
              .toArray(String[]::new);
      return TableContents.of(catalog, table).lines(columns);
    }
  }
}
