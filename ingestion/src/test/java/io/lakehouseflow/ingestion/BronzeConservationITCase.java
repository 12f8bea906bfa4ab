package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.BOOKINGS;
import static io.lakehouseflow.ingestion.BronzeTestData.land;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conservation check of available-now bronze: it passes when every landing line is committed
 * once, and fails naming the file when committed rows go missing between the job and the check.
 */
class BronzeConservationITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @TempDir Path dataDir;

  @Test
  @Timeout(300)
  void failsNamingTheFileWhoseCommittedRowsAreMissing() throws Exception {
    land(
        dataDir,
        "bookings/bookings-0001.csv",
        "booking_id,seats,fare,booked_at,status",
        "1,2,100.50,2024-03-01T10:00:00,CONFIRMED",
        "",
        "2,x,80.00,2024-03-01 11:00:00,CONFIRMED",
        "3,1,20.00,2024-03-02T09:30:00,CANCELLED");
    land(dataDir, "crm/customers/customers-a.csv", "1;Ada;GOLD", "2;Bob;NULL");
    PipelineRun run =
        PipelineRun.of(BronzeTestData.spec(), new DataLayout(dataDir), RunMode.AVAILABLE_NOW);
    // A table created without full metrics for _source_file: its bounds are truncated, so the
    // check counts rows from the data files' _source_file column instead of their metadata.
    try (LakehouseCatalog catalog = run.catalog()) {
      catalog.createTableIfAbsent(LayerSchemas.bronze(BOOKINGS), Map.of());
    }
    BronzeJob bronze = BronzeJob.forRun(run);

    BronzeJob.Started started = bronze.start();
    started.job().getJobExecutionResult().get();

    assertThatCode(() -> bronze.checkConservation(started.conservation()))
        .doesNotThrowAnyException();
    try (LakehouseCatalog catalog = run.catalog()) {
      Table bookings = catalog.loadTable(TableNames.bronze(BOOKINGS.name()));
      DeleteFiles delete = bookings.newDelete();
      int deleted = 0;
      try (CloseableIterable<FileScanTask> tasks = bookings.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          delete.deleteFile(task.file());
          deleted++;
        }
      }
      assertThat(deleted).isPositive();
      delete.commit();
    }
    assertThatThrownBy(() -> bronze.checkConservation(started.conservation()))
        .hasMessageContaining(
            "Failed to ingest landing files of source 'bookings' into bronze.bookings:"
                + " landing/bookings/bookings-0001.csv has 3 lines but bronze committed 0")
        .hasMessageNotContaining("customers");
  }
}
