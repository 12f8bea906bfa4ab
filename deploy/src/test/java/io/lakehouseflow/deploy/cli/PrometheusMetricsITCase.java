package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import io.lakehouseflow.deploy.run.RunningPipeline;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --prometheus-port} on a continuous run as the CLI makes it (its own embedded clusters, one
 * per job): each job serves Flink's Prometheus endpoint, and the pipeline's counters there add up
 * to what the generator wrote, corrupt lines and quarantined rows apart; Iceberg's commit age and
 * Flink's checkpoint duration are there too, which the Grafana dashboard reads.
 */
class PrometheusMetricsITCase {
  private static final String METRIC = "flink_taskmanager_job_task_operator_lakehouse_layer_table_";
  private static final String ENUMERATOR =
      "flink_jobmanager_job_operator_coordinator_enumerator_lakehouse_layer_table_";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void countersMatchWhatLandedAndWhatSilverKept() throws Exception {
    DataLayout layout = new DataLayout(dataDir);
    PipelineSpec spec = FlightsSample.spec();
    GeneratedSample sample =
        FlightsGenerator.builder()
            .seed(5)
            .scale(1)
            .build()
            .generate(layout.resolve(spec.landing()));
    int first = freePort();
    PrometheusPorts ports = PrometheusPorts.parse(first + "-" + (first + 20), 2);
    PipelineRun run =
        ports.enable(
            EmbeddedRun.of(spec, layout, RunMode.CONTINUOUS)
                .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1)));
    long lines = sample.rowsWritten("bookings");
    long malformed = sample.malformedLines("bookings");
    long quarantined = sample.quarantinedBookings();
    try (RunningPipeline jobs =
        PipelineRunner.of(run, List.of(Layer.BRONZE, Layer.SILVER)).start()) {
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                List<String> metrics = scrape(first, first + 20);
                assertThat(sum(metrics, "rows_read", "bronze_bookings")).isEqualTo(lines);
                assertThat(sum(metrics, "corrupt_rows", "bronze_bookings")).isEqualTo(malformed);
                assertThat(sum(metrics, "files_read", "bronze_bookings"))
                    .isEqualTo(sample.files().get("bookings").size());
                // The backlog, from the landing source's enumerator on the JobManager.
                assertThat(sum(metrics, ENUMERATOR, "files_discovered", "bronze_bookings"))
                    .isEqualTo(sample.files().get("bookings").size());
                assertThat(sum(metrics, ENUMERATOR, "files_outstanding", "bronze_bookings"))
                    .isZero();
                assertThat(sum(metrics, "rows_inserted", "silver_bookings"))
                    .isEqualTo(sample.validBookings());
                assertThat(sum(metrics, "rows_inserted", "silver_bookings_quarantine"))
                    .isEqualTo(quarantined + malformed);
                // What the expectations did, counted where the rows are routed.
                assertThat(sum(metrics, "rows_quarantined", "silver_bookings"))
                    .isEqualTo(quarantined + malformed);
                assertThat(sum(metrics, "rows_warned", "silver_bookings"))
                    .isEqualTo(sample.unknownStatusBookings());
                assertThat(sum(metrics, "rows_dropped", "silver_flights"))
                    .isEqualTo(sample.droppedFlights())
                    .isPositive();
                assertThat(metrics)
                    .anyMatch(
                        m ->
                            m.startsWith(
                                "flink_taskmanager_job_task_operator_IcebergFilesCommitter_table"
                                    + "_elapsedSecondsSinceLastSuccessfulCommit"))
                    .anyMatch(m -> m.startsWith("flink_jobmanager_job_lastCheckpointDuration"));
                for (String name : dashboardMetrics()) {
                  assertThat(metrics)
                      .as("metric %s of deploy/grafana/lakehouse-flow.json is served", name)
                      .anyMatch(m -> m.startsWith(name + "{"));
                }
              });
    }
  }

  /** The metric names the Grafana dashboard's queries read. */
  private static Set<String> dashboardMetrics() throws IOException {
    String dashboard = Files.readString(Path.of("grafana", "lakehouse-flow.json"));
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("flink_[A-Za-z_]+").matcher(dashboard);
    while (m.find()) {
      names.add(m.group());
    }
    assertThat(names).hasSizeGreaterThan(5);
    return names;
  }

  /** Every sample line of every endpoint that answers in {@code first..last}. */
  private static List<String> scrape(int first, int last) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    for (int port = first; port <= last; port++) {
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        response.body().lines().filter(l -> !l.startsWith("#")).forEach(lines::add);
      } catch (IOException nothingListening) {
        // Only as many ports as jobs are taken.
      }
    }
    return lines;
  }

  /**
   * The sum over subtasks of counter {@code name} of table {@code table} (sanitised, as served).
   */
  private static long sum(List<String> metrics, String name, String table) {
    return sum(metrics, METRIC, name, table);
  }

  /** The sum of metric {@code prefix + name} of table {@code table} (sanitised, as served). */
  private static long sum(List<String> metrics, String prefix, String name, String table) {
    return Math.round(
        metrics.stream()
            .filter(m -> m.startsWith(prefix + name + "{") && m.contains("table=\"" + table + "\""))
            .mapToDouble(m -> Double.parseDouble(m.substring(m.lastIndexOf(' ') + 1)))
            .sum());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
