package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.verify.Finding;
import io.lakehouseflow.deploy.verify.PipelineVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse verify} on a silver table with {@code dedup}: the copies the silver job dropped
 * are accounted for as duplicates of the rows it kept; once a kept row is lost, its copies are
 * reported as missing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DedupVerifyITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @Test
  void copiesOfKeptRowsAreDuplicatesUntilTheKeptRowIsLost(@TempDir Path dir) throws Exception {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: dedup-verify
            sources:
              orders:
                settle: 0 s
                columns: {order_id: bigint, customer: string}
            silver:
              orders:
                source: orders
                expectations:
                  - {name: has_customer, expr: "customer IS NOT NULL", action: quarantine}
                dedup: {ttl: 1 d}
            """,
            "dedup-verify.yaml");
    Path orders = Files.createDirectories(dir.resolve("landing/orders"));
    Files.writeString(orders.resolve("a.csv"), "order_id,customer\n1,ann\n1,ann\n2,\n2,\n");
    PipelineRun run = PipelineRun.of(spec, new DataLayout(dir), RunMode.AVAILABLE_NOW);
    PipelineRunner.allLayers(run).runAvailableNow(layer -> {});
    Files.writeString(orders.resolve("b.csv"), "order_id,customer\n1,ann\n3,cy\n2,\n");
    PipelineRunner.allLayers(run).runAvailableNow(layer -> {});

    Finding healthy = silverFinding(run);
    assertThat(healthy.verdict()).isEqualTo(Finding.Verdict.OK);
    assertThat(healthy.message())
        .isEqualTo("7 bronze rows = 2 in silver + 1 quarantined + 0 dropped + 4 duplicates");

    try (LakehouseCatalog catalog = run.catalog()) {
      Table silver = catalog.loadTable(TableNames.silver("orders"));
      // The first run's file: it holds the kept copy of order 1.
      silver.newDelete().deleteFile(oldestDataFile(silver)).commit();
    }
    Finding broken = silverFinding(run);
    assertThat(broken.verdict()).isEqualTo(Finding.Verdict.PROBLEM);
    assertThat(broken.message())
        .contains(
            "3 bronze rows are in neither silver nor quarantine nor dropped by a rule nor copies"
                + " of a kept row (e.g. ");
  }

  private static Finding silverFinding(PipelineRun run) throws Exception {
    return PipelineVerification.of(run).verify().stream()
        .filter(f -> f.table().equals("silver.orders"))
        .findFirst()
        .orElseThrow();
  }

  private static org.apache.iceberg.DataFile oldestDataFile(Table table) throws Exception {
    long first = table.snapshots().iterator().next().snapshotId();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(first).planFiles()) {
      return tasks.iterator().next().file();
    }
  }
}
