package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.BOOKINGS;
import static io.lakehouseflow.ingestion.BronzeTestData.CUSTOMERS;
import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRows;
import static io.lakehouseflow.ingestion.BronzeTestData.land;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.RetainedCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BronzeJobContinuousITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  /** Generous for a loaded 2-core machine: a job starts, lists, reads and commits in seconds. */
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void commitsFilesAsTheyLandAndResumesAfterCancellation() throws Exception {
    PipelineRun run =
        PipelineRun.of(BronzeTestData.spec(), new DataLayout(dataDir), RunMode.CONTINUOUS)
            // Restarted in this JVM, as the CLI does: the client restores, not a cluster.
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(200));
    LakehouseCatalog catalog = run.catalog();
    land(dataDir, "crm/customers/customers-a.csv", "1;Ada;GOLD");

    JobClient job = BronzeJob.forRun(run).submit();
    try {
      awaitRows(catalog, CUSTOMERS, "landing/crm/customers/customers-a.csv:1 | 1,Ada,GOLD");
      land(dataDir, "crm/customers/customers-b.csv", "2;Bob;NULL", "3;Cy;SILVER");
      awaitRows(
          catalog,
          CUSTOMERS,
          "landing/crm/customers/customers-a.csv:1 | 1,Ada,GOLD",
          "landing/crm/customers/customers-b.csv:1 | 2,Bob,null",
          "landing/crm/customers/customers-b.csv:2 | 3,Cy,SILVER");
    } finally {
      LakehouseMiniCluster.cancel(job);
    }

    // The restart resumes from the retained checkpoint; already committed files are not re-read.
    land(dataDir, "crm/customers/customers-c.csv", "4;Dee;GOLD");
    JobClient restarted = BronzeJob.forRun(run).submit();
    try {
      awaitRows(
          catalog,
          CUSTOMERS,
          "landing/crm/customers/customers-a.csv:1 | 1,Ada,GOLD",
          "landing/crm/customers/customers-b.csv:1 | 2,Bob,null",
          "landing/crm/customers/customers-b.csv:2 | 3,Cy,SILVER",
          "landing/crm/customers/customers-c.csv:1 | 4,Dee,GOLD");
      // A file holding only its header adds nothing; the file landed after it shows it was read.
      land(dataDir, "bookings/bookings-0001.csv", "booking_id,seats,fare,booked_at,status");
      land(
          dataDir,
          "bookings/bookings-0002.csv",
          "booking_id,seats,fare,booked_at,status",
          "1,2,10.00,2024-03-01T10:00:00,CONFIRMED");
      awaitRows(
          catalog,
          BOOKINGS,
          "landing/bookings/bookings-0002.csv:2 | 1,2,10.00,2024-03-01T10:00,CONFIRMED");
      // Two more checkpoints complete after everything was read: a restored reader that went
      // back in a file would have committed its duplicates by then.
      RetainedCheckpoints.under(run.checkpoints(BronzeJob.NAME))
          .awaitNew(2, waiting().pollInterval(Duration.ofMillis(100)));
    } finally {
      LakehouseMiniCluster.cancel(restarted);
    }

    assertThat(bronzeRows(catalog, CUSTOMERS))
        .containsExactly(
            "landing/crm/customers/customers-a.csv:1 | 1,Ada,GOLD | null | null",
            "landing/crm/customers/customers-b.csv:1 | 2,Bob,null | null | null",
            "landing/crm/customers/customers-b.csv:2 | 3,Cy,SILVER | null | null",
            "landing/crm/customers/customers-c.csv:1 | 4,Dee,GOLD | null | null");
    assertThat(bronzeRows(catalog, BOOKINGS))
        .containsExactly(
            "landing/bookings/bookings-0002.csv:2 | 1,2,10.00,2024-03-01T10:00,CONFIRMED | null"
                + " | null");
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void waitsForAnUnterminatedLastLineAndForADirectoryThatDoesNotExistYet() throws Exception {
    PipelineRun run =
        PipelineRun.of(BronzeTestData.spec(), new DataLayout(dataDir), RunMode.CONTINUOUS)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(200));
    LakehouseCatalog catalog = run.catalog();
    // Being written: no line break after its last line yet, modified just now (settle: 30 s).
    Path writing = dataDir.resolve("landing/crm/customers/customers-a.csv");
    Files.createDirectories(writing.getParent());
    Files.writeString(writing, "1;Ada;GOLD\n2;Bob;NU");
    // landing/bookings does not exist yet.

    JobClient job = BronzeJob.forRun(run).submit();
    try {
      // A file landed after the unterminated one is read: discovery has seen both by then.
      land(dataDir, "crm/customers/customers-b.csv", "3;Cy;SILVER");
      awaitRows(catalog, CUSTOMERS, "landing/crm/customers/customers-b.csv:1 | 3,Cy,SILVER");
      RetainedCheckpoints.under(run.checkpoints(BronzeJob.NAME))
          .awaitNew(2, waiting().pollInterval(Duration.ofMillis(100)));
      assertThat(bronzeRows(catalog, CUSTOMERS))
          .containsExactly("landing/crm/customers/customers-b.csv:1 | 3,Cy,SILVER | null | null");

      Files.writeString(writing, "LL\n", StandardOpenOption.APPEND);
      land(
          dataDir,
          "bookings/bookings-0001.csv",
          "booking_id,seats,fare,booked_at,status",
          "1,2,10.00,2024-03-01T10:00:00,CONFIRMED");

      awaitRows(
          catalog,
          CUSTOMERS,
          "landing/crm/customers/customers-a.csv:1 | 1,Ada,GOLD",
          "landing/crm/customers/customers-a.csv:2 | 2,Bob,null",
          "landing/crm/customers/customers-b.csv:1 | 3,Cy,SILVER");
      awaitRows(
          catalog,
          BOOKINGS,
          "landing/bookings/bookings-0001.csv:2 | 1,2,10.00,2024-03-01T10:00,CONFIRMED");
    } finally {
      LakehouseMiniCluster.cancel(job);
    }
  }

  private static ConditionFactory waiting() {
    return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200));
  }

  /** Waits until bronze holds exactly {@code rows} (file:line | data), all parsed. */
  private static void awaitRows(LakehouseCatalog catalog, SourceSpec source, String... rows) {
    List<String> expected = java.util.Arrays.stream(rows).map(r -> r + " | null | null").toList();
    waiting()
        .alias("bronze." + source.name() + " holds " + rows.length + " committed rows")
        .untilAsserted(
            () ->
                assertThat(bronzeRows(catalog, source))
                    .as("rows of bronze.%s", source.name())
                    .containsExactlyElementsOf(expected));
  }
}
