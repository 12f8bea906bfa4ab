package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.land;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source's discovery options on real files and tables: {@code include} globs at any depth, {@code
 * modified_after}, and {@code max_files_per_trigger}, which makes an available-now run commit its
 * backlog one trigger after the other, oldest file first, each row once.
 */
class BronzeDiscoveryITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: discovery-test
          sources:
            orders:
              include: ['*.csv']
              modified_after: 2024-01-01
              max_files_per_trigger: 2
              columns: {order_id: bigint}
          """,
          "discovery-test.yaml");

  @TempDir Path dataDir;

  @Test
  @Timeout(300)
  void readsTheIncludedNewerFilesInTriggersOfAtMostTwoFilesOldestFirst() throws Exception {
    Instant now = Instant.now();
    Path a = land(dataDir, "orders/a.csv", "order_id", "1", "2");
    Path b = land(dataDir, "orders/2025/01/b.csv", "order_id", "3");
    Path c = land(dataDir, "orders/2025/02/c.csv", "order_id", "4");
    Path old = land(dataDir, "orders/old.csv", "order_id", "99");
    land(dataDir, "orders/notes.txt", "order_id", "98");
    modified(c, now.minusSeconds(300));
    modified(a, now.minusSeconds(200));
    modified(b, now.minusSeconds(100));
    modified(old, Instant.parse("2023-12-31T23:59:59Z"));
    PipelineRun run = PipelineRun.of(SPEC, new DataLayout(dataDir), RunMode.AVAILABLE_NOW);

    BronzeJob.forRun(run).runToCompletion();

    try (LakehouseCatalog catalog = run.catalog()) {
      Table bronze = catalog.loadTable(TableNames.bronze("orders"));
      List<Snapshot> snapshots = new java.util.ArrayList<>();
      bronze.snapshots().forEach(snapshots::add);
      assertThat(snapshots).as("one commit per trigger").hasSize(2);
      assertThat(orderIds(bronze, snapshots.get(0).snapshotId()))
          .as("the first trigger: the two oldest files")
          .containsExactlyInAnyOrder(4L, 1L, 2L);
      assertThat(orderIds(bronze, snapshots.get(1).snapshotId()))
          .containsExactlyInAnyOrder(4L, 1L, 2L, 3L);

      BronzeJob.forRun(run).runToCompletion();
      bronze.refresh();
      assertThat(bronze.currentSnapshot().snapshotId())
          .as("nothing new: no commit")
          .isEqualTo(snapshots.get(1).snapshotId());
    }
  }

  private static void modified(Path file, Instant at) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(at));
  }

  private static List<Long> orderIds(Table bronze, long snapshotId) throws Exception {
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(bronze).useSnapshot(snapshotId).select("order_id").build()) {
      List<Long> ids = new java.util.ArrayList<>();
      rows.forEach(r -> ids.add((Long) r.getField("order_id")));
      return ids;
    }
  }
}
