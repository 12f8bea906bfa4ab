package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.BOOKINGS;
import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Available-now bronze commits what every reader read even when the readers end at different times
 * with checkpoints in between. The landing files are named pipes, so the test decides when each
 * reader reaches the end of its file: one reader ends, its task finishes (in a streaming job only
 * after a checkpoint has stored its writer's end-of-input files in the committer), and only then
 * does the other reader get its lines.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class BronzeJobEndOfInputITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final int LINES_PER_FILE = 50;
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void commitsTheFilesOfAReaderThatEndedBeforeACheckpoint(
      @InjectClusterClient RestClusterClient<?> client) throws Exception {
    Path landing = Files.createDirectories(dataDir.resolve("landing/bookings"));
    Path first = fifo(landing.resolve("bookings-0001.csv"));
    Path second = fifo(landing.resolve("bookings-0002.csv"));
    // The customers source has no files: only the two bookings readers have work.
    PipelineSpec spec = BronzeTestData.spec();
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(dataDir), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.PARALLELISM, 2)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(100));

    JobClient job = BronzeJob.forRun(run).submit();
    // Each reader holds one pipe (a reader asks for a second file only after its first), so
    // ending one pipe ends exactly one reader while the other still waits for its lines.
    feed(first, 1);
    awaitOneSourceSubtaskFinished(client, job.getJobID());
    feed(second, 1 + LINES_PER_FILE);
    job.getJobExecutionResult().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

    Map<String, Integer> rowsPerFile = new TreeMap<>();
    for (Record r : bronzeRecords(run.catalog(), BOOKINGS)) {
      rowsPerFile.merge((String) r.getField(MetadataColumns.SOURCE_FILE), 1, Integer::sum);
    }
    assertThat(rowsPerFile)
        .containsExactly(
            Map.entry("landing/bookings/bookings-0001.csv", LINES_PER_FILE),
            Map.entry("landing/bookings/bookings-0002.csv", LINES_PER_FILE));
  }

  private static Path fifo(Path path) throws IOException, InterruptedException {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo %s", path).isZero();
    return path;
  }

  /**
   * Writes a header and bookings {@code firstId..} to the pipe, blocking until a reader opens it.
   */
  private static void feed(Path pipe, int firstId) throws IOException {
    StringBuilder lines = new StringBuilder("booking_id,seats,fare,booked_at,status\n");
    for (int id = firstId; id < firstId + LINES_PER_FILE; id++) {
      lines.append(id).append(",1,10.00,2024-03-01T10:00:00,CONFIRMED\n");
    }
    try (OutputStream out = Files.newOutputStream(pipe)) {
      out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void awaitOneSourceSubtaskFinished(RestClusterClient<?> client, JobID job) {
    await("a bookings reader finishes")
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                client.getJobDetails(job).get(30, TimeUnit.SECONDS).getJobVertexInfos().stream()
                        .filter(v -> v.getName().startsWith("Source: landing bookings"))
                        .mapToInt(
                            v -> v.getTasksPerState().getOrDefault(ExecutionState.FINISHED, 0))
                        .sum()
                    > 0);
  }
}
