package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.verify.Finding;
import io.lakehouseflow.deploy.verify.PipelineVerification;
import io.lakehouseflow.ingestion.BronzeJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse verify} on a source with {@code cleanup: delete}: the landing files the cleanup
 * removed are held by bronze and are not a problem; the file still in landing is checked.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CleanupVerifyITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @Test
  void filesRemovedByTheCleanupAreNotAProblem(@TempDir Path dir) throws Exception {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: cleanup-verify
            sources:
              orders:
                settle: 1 h
                cleanup: delete
                columns: {order_id: bigint}
            """,
            "cleanup-verify.yaml");
    Path orders = Files.createDirectories(dir.resolve("landing/orders"));
    Path a = Files.writeString(orders.resolve("a.csv"), "order_id\n1\n2\n");
    Files.setLastModifiedTime(a, FileTime.from(Instant.now().minusSeconds(7200)));
    Files.writeString(orders.resolve("partial.csv"), "order_id\n5\n6");
    PipelineRun run = PipelineRun.of(spec, new DataLayout(dir), RunMode.AVAILABLE_NOW);

    BronzeJob.forRun(run).runToCompletion();

    assertThat(a).doesNotExist();
    Finding bronze =
        PipelineVerification.of(run).verify().stream()
            .filter(f -> f.table().equals("bronze.orders"))
            .findFirst()
            .orElseThrow();
    assertThat(bronze.verdict()).isEqualTo(Finding.Verdict.OK);
    assertThat(bronze.message())
        .isEqualTo(
            "1 rows: every line of 1 landing files once (1 more files are no longer in landing,"
                + " removed by cleanup delete, not checked)");
  }
}
