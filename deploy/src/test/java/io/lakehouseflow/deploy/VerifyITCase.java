package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.verify.Finding;
import io.lakehouseflow.deploy.verify.PipelineVerification;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse verify} on a pipeline that ran: every table holds; then a landed file waits, and
 * a data file committed twice to bronze or lost from silver is found, naming the table.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class VerifyITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @Test
  void findsWhatIsPendingLostOrDoubled(@TempDir Path dir) throws Exception {
    DataLayout layout = new DataLayout(dir);
    PipelineSpec spec = FlightsSample.spec();
    Path landing = layout.resolve(spec.landing());
    GeneratedSample sample = FlightsGenerator.builder().seed(3).scale(1).build().generate(landing);
    PipelineRun run = PipelineRun.of(spec, layout, RunMode.AVAILABLE_NOW);
    PipelineRunner.allLayers(run).runAvailableNow(layer -> {});

    Map<String, Finding> healthy = byTable(PipelineVerification.of(run).verify());
    assertThat(healthy.values()).extracting(Finding::verdict).containsOnly(Finding.Verdict.OK);
    assertThat(healthy.get("bronze.bookings").message())
        .startsWith(sample.rowsWritten("bookings") + " rows: every line of ");
    assertThat(healthy.get("silver.bookings").message())
        .startsWith(
            sample.rowsWritten("bookings")
                + " bronze rows = "
                + sample.validBookings()
                + " in silver + "
                + (sample.quarantinedBookings() + sample.malformedLines("bookings"))
                + " quarantined + ");
    assertThat(healthy.get("gold.fact_booking").message())
        .isEqualTo(sample.validBookings() + " rows: one per grain key of silver.bookings");
    assertThat(healthy.get("gold.daily_revenue_by_origin").message())
        .as("a SQL model against its query run over gold")
        .endsWith(
            " rows: what its query (flights/models/daily_revenue_by_origin.sql) gives over gold");

    String header = Files.readAllLines(onlyFile(landing.resolve("bookings"))).get(0);
    Files.writeString(landing.resolve("bookings").resolve("late.csv"), header + "\n1,2,3\n");
    try (LakehouseCatalog catalog = run.catalog()) {
      Table customers = catalog.loadTable(TableNames.bronze("customers"));
      customers.newAppend().appendFile(firstDataFile(customers)).commit();
      Table bookings = catalog.loadTable(TableNames.silver("bookings"));
      bookings.newDelete().deleteFile(firstDataFile(bookings)).commit();
    }

    Map<String, Finding> broken = byTable(PipelineVerification.of(run).verify());
    assertThat(broken.get("bronze.bookings").verdict()).isEqualTo(Finding.Verdict.PENDING);
    assertThat(broken.get("bronze.bookings").message())
        .endsWith("; 1 newer lines in 1 files wait for the next run");
    assertThat(broken.get("bronze.customers").verdict()).isEqualTo(Finding.Verdict.PROBLEM);
    assertThat(broken.get("bronze.customers").message())
        .contains("lines are in bronze more than once");
    assertThat(broken.get("silver.bookings").verdict()).isEqualTo(Finding.Verdict.PROBLEM);
    assertThat(broken.get("silver.bookings").message())
        .contains("bronze rows are in neither silver nor quarantine nor dropped by a rule (e.g. ");
    assertThat(broken.get("gold.fact_booking").verdict()).isEqualTo(Finding.Verdict.PROBLEM);
    assertThat(broken.get("silver.flights").verdict()).isEqualTo(Finding.Verdict.OK);
  }

  private static Map<String, Finding> byTable(List<Finding> findings) {
    return findings.stream().collect(Collectors.toMap(Finding::table, Function.identity()));
  }

  private static Path onlyFile(Path directory) throws Exception {
    try (var files = Files.list(directory)) {
      return files.sorted().findFirst().orElseThrow();
    }
  }

  private static DataFile firstDataFile(Table table) throws Exception {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      return tasks.iterator().next().file();
    }
  }
}
