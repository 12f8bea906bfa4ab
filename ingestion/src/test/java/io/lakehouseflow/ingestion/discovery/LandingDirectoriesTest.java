package io.lakehouseflow.ingestion.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingDirectoriesTest {
  @TempDir Path dataDir;

  private PipelineRun run(String landing) {
    return PipelineRun.of(
        PipelineSpecLoader.parse(
            "name: shop\nlanding: "
                + landing
                + "\nsources:\n  orders:\n    path: in/orders\n    columns: {id: bigint}\n"
                + "  refunds:\n    columns: {id: bigint}\n",
            "shop.yaml"),
        new DataLayout(dataDir),
        RunMode.AVAILABLE_NOW);
  }

  @Test
  void namesTheLandingRootOnceWhenItIsMissing() {
    assertThat(LandingDirectories.missing(run("landng")))
        .extracting(LandingDirectories.Missing::describe)
        .containsExactly(
            "landing root "
                + dataDir.resolve("landng")
                + " does not exist, so sources 'orders', 'refunds' read nothing. Check 'landing:"
                + " landng' in shop.yaml (a relative path is resolved against the data"
                + " directory), or create the directory.");
  }

  @Test
  void namesEachMissingSourceDirectory() throws Exception {
    Files.createDirectories(dataDir.resolve("landing/refunds"));

    assertThat(LandingDirectories.missing(run("landing")))
        .extracting(LandingDirectories.Missing::describe)
        .containsExactly(
            "landing directory "
                + dataDir.resolve("landing/in/orders")
                + " of source 'orders' does not exist, so the source reads nothing. Check 'path:"
                + " in/orders' under sources.orders (default: the source name) and 'landing:"
                + " landing' in shop.yaml, or create the directory.");

    Files.createDirectories(dataDir.resolve("landing/in/orders"));

    assertThat(LandingDirectories.missing(run("landing"))).isEmpty();
  }
}
