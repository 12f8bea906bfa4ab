package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.BOOKINGS;
import static io.lakehouseflow.ingestion.BronzeTestData.CUSTOMERS;
import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRows;
import static io.lakehouseflow.ingestion.BronzeTestData.land;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BronzeJobContinuousITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @TempDir Path dataDir;

  @Test
  @Timeout(240)
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
      awaitRows(catalog, 1);
      land(dataDir, "crm/customers/customers-b.csv", "2;Bob;NULL", "3;Cy;SILVER");
      awaitRows(catalog, 3);
    } finally {
      job.cancel().get();
    }

    // The restart resumes from the retained checkpoint; already committed files are not re-read.
    land(dataDir, "crm/customers/customers-c.csv", "4;Dee;GOLD");
    JobClient restarted = BronzeJob.forRun(run).submit();
    try {
      awaitRows(catalog, 4);
      land(dataDir, "bookings/bookings-0001.csv", "booking_id,seats,fare,booked_at,status");
      // Let a few more checkpoints pass, so duplicates would have been committed by now.
      Thread.sleep(3_000);
    } finally {
      restarted.cancel().get();
    }

    assertThat(bronzeRows(catalog, CUSTOMERS))
        .containsExactly(
            "landing/crm/customers/customers-a.csv:1 | 1,Ada,GOLD | null | null",
            "landing/crm/customers/customers-b.csv:1 | 2,Bob,null | null | null",
            "landing/crm/customers/customers-b.csv:2 | 3,Cy,SILVER | null | null",
            "landing/crm/customers/customers-c.csv:1 | 4,Dee,GOLD | null | null");
    assertThat(bronzeRows(catalog, BOOKINGS)).isEmpty();
  }

  private static void awaitRows(LakehouseCatalog catalog, int count) throws InterruptedException {
    List<String> rows = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      rows = bronzeRows(catalog, CUSTOMERS);
      if (rows.size() >= count) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Expected " + count + " committed customer rows, found " + rows);
  }
}
