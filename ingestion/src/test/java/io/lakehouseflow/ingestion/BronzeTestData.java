package io.lakehouseflow.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.ingestion.format.NewColumnsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.data.Record;

/** The two-source pipeline of the bronze integration tests, its landing files, and bronze reads. */
final class BronzeTestData {
  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: bronze-test
          sources:
            bookings:
              columns:
                booking_id: bigint
                seats: int
                fare: decimal(10,2)
                booked_at: timestamp
                status: string
            customers:
              path: crm/customers
              csv: {delimiter: ';', header: false, null_value: 'NULL'}
              columns:
                customer_id: bigint
                name: string
                tier: string
          """,
          "bronze-test.yaml");

  static final SourceSpec BOOKINGS = SPEC.source("bookings");
  static final SourceSpec CUSTOMERS = SPEC.source("customers");

  private BronzeTestData() {}

  static PipelineSpec spec() {
    return SPEC;
  }

  /** Writes a landing file atomically (hidden name, then rename), as a well-behaved producer. */
  static Path land(Path dataDir, String relativePath, String... lines) {
    Path file = dataDir.resolve("landing").resolve(relativePath);
    try {
      Files.createDirectories(file.getParent());
      Path hidden = file.resolveSibling("." + file.getFileName() + ".inprogress");
      Files.writeString(hidden, String.join("\n", lines) + "\n");
      Files.move(hidden, file, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Bronze rows as {@code file:line | data columns | _corrupt_record | _parse_error}, sorted by
   * file and line; NULL as {@code null}.
   */
  static List<String> bronzeRows(LakehouseCatalog catalog, SourceSpec source) {
    List<String> rows = new ArrayList<>();
    for (Record r : bronzeRecords(catalog, source)) {
      String data =
          source.columns().stream()
              .map(c -> String.valueOf(r.getField(c.name())))
              .collect(Collectors.joining(","));
      rows.add(
          r.getField(MetadataColumns.SOURCE_FILE)
              + ":"
              + r.getField(MetadataColumns.RECORD_NUMBER)
              + " | "
              + data
              + " | "
              + r.getField(MetadataColumns.CORRUPT_RECORD)
              + " | "
              + r.getField(MetadataColumns.PARSE_ERROR));
    }
    return rows;
  }

  /**
   * Starts {@code run}'s continuous bronze job and waits for {@code before}; then {@code landing}
   * lands a file naming a column the table lacks, the job must stop by itself (not restart into the
   * file) with the {@link NewColumnsException} saying {@code stopped}, and a new start must reach
   * {@code after}, which the caller then checks row by row.
   */
  static void stopsAtANewColumnAndRestarts(
      PipelineRun run,
      Callable<Boolean> before,
      Runnable landing,
      String stopped,
      Callable<Boolean> after)
      throws Exception {
    JobClient job = BronzeJob.forRun(run).submit();
    try {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(before);
      landing.run();
      assertThatThrownBy(() -> job.getJobExecutionResult().get(3, TimeUnit.MINUTES))
          .satisfies(
              e ->
                  assertThat(BronzeJob.forRun(run).failure(e.getCause()))
                      .isInstanceOf(NewColumnsException.class)
                      .hasMessageContaining(stopped));
    } finally {
      if (!job.getJobStatus().get().isGloballyTerminalState()) {
        LakehouseMiniCluster.cancel(job);
      }
    }
    JobClient restarted = BronzeJob.forRun(run).submit();
    try {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(after);
    } finally {
      LakehouseMiniCluster.cancel(restarted);
    }
  }

  /** Bronze records of {@code source}, sorted by file and line. */
  static List<Record> bronzeRecords(LakehouseCatalog catalog, SourceSpec source) {
    return bronzeRecords(catalog, source.name());
  }

  /** Bronze records of the source named {@code source}, sorted by file and line. */
  static List<Record> bronzeRecords(LakehouseCatalog catalog, String source) {
    return TableContents.of(catalog, TableNames.bronze(source))
        .sortedBy(MetadataColumns.SOURCE_FILE, MetadataColumns.RECORD_NUMBER)
        .records();
  }

  /**
   * Bronze rows of the source named {@code source} as {@code file:line | columns | last}, where
   * {@code last} is a bronze metadata column such as {@code _rescued_data}, sorted by file and
   * line; NULL as {@code null}.
   */
  static List<String> bronzeRows(
      LakehouseCatalog catalog, String source, String last, String... columns) {
    return bronzeRecords(catalog, source).stream()
        .map(
            r ->
                r.getField(MetadataColumns.SOURCE_FILE)
                    + ":"
                    + r.getField(MetadataColumns.RECORD_NUMBER)
                    + " | "
                    + Stream.of(columns)
                        .map(c -> String.valueOf(r.getField(c)))
                        .collect(Collectors.joining(", "))
                    + " | "
                    + r.getField(last))
        .toList();
  }
}
