package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRows;
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
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source's {@code cleanup} on real files and tables: the landing files bronze holds whole are
 * deleted or moved (keeping their path) after each available-now trigger, and at the next start
 * when a run stopped before its cleanup; a file whose unterminated last line is still withheld
 * stays, and a run after the cleanup commits nothing.
 */
class BronzeCleanupITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @TempDir Path dataDir;

  private static PipelineSpec spec(String cleanup) {
    return PipelineSpecLoader.parse(
        """
        name: cleanup-test
        sources:
          orders:
            settle: 1 h
            max_files_per_trigger: 1
            cleanup: %s
            columns: {order_id: bigint}
        """
            .formatted(cleanup),
        "cleanup-test.yaml");
  }

  /** {@code _record_number} is the line number in the file; line 1 is the header. */
  private static final List<String> ROWS =
      List.of(
          "landing/orders/2025/01/b.csv:2 | 3 | null | null",
          "landing/orders/a.csv:2 | 1 | null | null",
          "landing/orders/a.csv:3 | 2 | null | null",
          "landing/orders/partial.csv:2 | 5 | null | null");

  @Test
  @Timeout(300)
  void deletesTheFilesBronzeHoldsWholeAndKeepsAFileStillBeingWritten() throws Exception {
    landFiles();
    PipelineRun run =
        PipelineRun.of(spec("delete"), new DataLayout(dataDir), RunMode.AVAILABLE_NOW);

    BronzeJob.forRun(run).runToCompletion();

    assertThat(landingFiles(dataDir.resolve("landing")))
        .as("only the file with an unterminated last line is left")
        .containsExactly("orders/partial.csv");
    assertRowsAndNoCommitOnASecondRun(run);
  }

  @Test
  @Timeout(300)
  void movesTheFilesBronzeHoldsWholeBelowMoveToKeepingTheirPath() throws Exception {
    landFiles();
    PipelineRun run =
        PipelineRun.of(
            spec("{move_to: archive/orders}"), new DataLayout(dataDir), RunMode.AVAILABLE_NOW);

    BronzeJob.forRun(run).runToCompletion();

    assertThat(landingFiles(dataDir.resolve("landing"))).containsExactly("orders/partial.csv");
    assertThat(landingFiles(dataDir.resolve("archive/orders")))
        .containsExactly("2025/01/b.csv", "a.csv");
    assertThat(Files.readString(dataDir.resolve("archive/orders/a.csv")))
        .isEqualTo("order_id\n1\n2\n");
    assertRowsAndNoCommitOnASecondRun(run);
  }

  @Test
  @Timeout(300)
  void aRunThatStoppedBeforeItsCleanupIsMendedAtTheNextStart() throws Exception {
    landFiles();
    DataLayout layout = new DataLayout(dataDir);
    // As if the run had stopped right after its commits: everything in bronze, nothing cleaned.
    BronzeJob.forRun(PipelineRun.of(spec("none"), layout, RunMode.AVAILABLE_NOW)).runToCompletion();
    assertThat(landingFiles(dataDir.resolve("landing")))
        .containsExactly("orders/2025/01/b.csv", "orders/a.csv", "orders/partial.csv");

    PipelineRun run = PipelineRun.of(spec("delete"), layout, RunMode.AVAILABLE_NOW);
    assertRowsAndNoCommitOnASecondRun(run);
    assertThat(landingFiles(dataDir.resolve("landing"))).containsExactly("orders/partial.csv");
  }

  /**
   * Two complete files, settled (one in a sub-directory), and one whose writer has not ended its
   * last line and which has not settled: its complete line is read, its last line withheld.
   */
  private void landFiles() throws Exception {
    Instant settled = Instant.now().minusSeconds(7200);
    modified(land(dataDir, "orders/a.csv", "order_id", "1", "2"), settled);
    modified(land(dataDir, "orders/2025/01/b.csv", "order_id", "3"), settled);
    Path partial = dataDir.resolve("landing/orders/partial.csv");
    Files.writeString(partial, "order_id\n5\n6");
  }

  private void assertRowsAndNoCommitOnASecondRun(PipelineRun run) throws Exception {
    try (LakehouseCatalog catalog = run.catalog()) {
      assertThat(bronzeRows(catalog, run.spec().source("orders"))).isEqualTo(ROWS);
      Table bronze = catalog.loadTable(TableNames.bronze("orders"));
      long before = bronze.currentSnapshot().snapshotId();

      BronzeJob.forRun(run).runToCompletion();

      bronze.refresh();
      assertThat(bronze.currentSnapshot().snapshotId())
          .as("nothing new: no commit")
          .isEqualTo(before);
      assertThat(bronzeRows(catalog, run.spec().source("orders"))).isEqualTo(ROWS);
    }
  }

  private static void modified(Path file, Instant at) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(at));
  }

  /** The regular files below {@code directory}, by their path relative to it, sorted. */
  private static List<String> landingFiles(Path directory) throws Exception {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> directory.relativize(f).toString())
          .sorted()
          .toList();
    }
  }
}
