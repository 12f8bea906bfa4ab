package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.deploy.cluster.FlinkCommandLine;
import io.lakehouseflow.deploy.cluster.FlinkDistribution;
import io.lakehouseflow.deploy.cluster.SessionCluster;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous jobs on a real session cluster, stopped with a savepoint and restarted from it, as an
 * operator upgrades them: Flink's CLI submits each layer's jar ({@code run -d ... --mode
 * continuous}), stops every job with {@code stop --savepointPath}, and submits them again with
 * {@code run -s <savepoint>}. Booking files land before the jobs start, while they run, while they
 * are stopped and after the restart; every layer must then hold each row exactly once.
 */
class SessionClusterSavepointITCase {
  private static final List<String> JARS =
      List.of("lakehouse-ingestion.jar", "lakehouse-transforms.jar", "lakehouse-modeling.jar");
  private static final Duration DEADLINE = Duration.ofMinutes(6);
  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

  @TempDir Path root;

  private SessionCluster cluster;
  private FlinkCommandLine cli;
  private FlinkDistribution flink;
  private int commands;

  @AfterEach
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Test
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void continuousJobsStoppedWithASavepointAndRestartedFromItLoseAndDoubleNothing()
      throws Exception {
    flink = FlinkDistribution.in(Path.of("target"));
    cluster = SessionCluster.in(root.resolve("cluster"), flink);
    cluster.start();
    cli = new FlinkCommandLine(cluster, flink);

    Path data = root.resolve("data");
    Path landing = new DataLayout(data).resolve(FlightsSample.spec().landing());
    GeneratedSample sample = FlightsGenerator.builder().seed(7).scale(1).build().generate(landing);
    Path spec = FlightsSample.writeSpec(data);
    LandedBookings landed = new LandedBookings(landing, new Random(7));

    for (String jar : JARS) {
      submitContinuous(jar, spec, data);
    }
    landed.land(40);
    awaitExact(data, sample, landed, "before the stop");
    landed.land(40);

    Map<String, String> savepoints = new LinkedHashMap<>();
    for (Map.Entry<String, String> job : runningJobs().entrySet()) {
      String output =
          flink(
              "stop",
              "--savepointPath",
              root.resolve("savepoints").toUri().toString(),
              job.getValue());
      Matcher path = SAVEPOINT.matcher(output);
      assertThat(path.find())
          .as("flink stop printed the savepoint of %s:%n%s", job.getKey(), output)
          .isTrue();
      savepoints.put(job.getKey(), path.group(1));
    }
    assertThat(savepoints).hasSize(3);
    landed.land(40); // while no job runs

    for (String jar : JARS) {
      submitContinuous(jar, spec, data, "-s", savepoints.get(jobNameOf(jar)));
    }
    landed.land(40);
    awaitExact(data, sample, landed, "after the restart from the savepoints");
    assertThat(runningJobs()).hasSize(3);
  }

  private void awaitExact(Path data, GeneratedSample sample, LandedBookings landed, String when) {
    try (LakehouseCatalog catalog =
        LakehouseCatalog.of(FlightsSample.spec().catalog(), new DataLayout(data))) {
      FlightsLayerCounts.awaitExact(
          await().atMost(DEADLINE),
          catalog,
          FlightsLayerCounts.expected(sample, landed),
          "the continuous pipeline on the session cluster " + when);
    }
  }

  /** The running jobs, job name to id. */
  private Map<String, String> runningJobs() throws Exception {
    Map<String, String> jobs = new LinkedHashMap<>();
    for (JsonNode job : cluster.get("/jobs/overview").path("jobs")) {
      if (job.path("state").asText().equals("RUNNING")) {
        jobs.put(job.path("name").asText(), job.path("jid").asText());
      }
    }
    return jobs;
  }

  /** {@code flink run -d <restore> <jar>} of a layer's continuous job on {@code data}. */
  private void submitContinuous(String jar, Path spec, Path data, String... restore)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "-d"));
    args.addAll(List.of(restore));
    args.addAll(
        List.of(
            jar(jar),
            "--pipeline",
            spec.toString(),
            "--data-dir",
            data.toString(),
            "--mode",
            "continuous",
            "--checkpoint-interval",
            "2 s",
            "--parallelism",
            "1"));
    flink(args.toArray(String[]::new));
  }

  private static String jobNameOf(String jar) {
    return switch (jar) {
      case "lakehouse-ingestion.jar" -> "flights-bronze";
      case "lakehouse-transforms.jar" -> "flights-silver";
      default -> "flights-gold";
    };
  }

  private String jar(String name) {
    return flink.applicationJar(name).toAbsolutePath().toString();
  }

  /** Runs Flink's CLI to its end, asserting exit code 0; returns what it printed. */
  private String flink(String... args) throws Exception {
    Path output = root.resolve("flink-" + (++commands) + ".out");
    Process process = cli.start(new ArrayList<>(List.of(args)), output);
    assertThat(process.waitFor(DEADLINE.toMinutes(), TimeUnit.MINUTES))
        .as("flink %s ended in time", String.join(" ", args))
        .isTrue();
    String printed = Files.readString(output);
    assertThat(process.exitValue())
        .as("exit code of flink %s; it printed:%n%s", String.join(" ", args), printed)
        .isZero();
    return printed;
  }
}
