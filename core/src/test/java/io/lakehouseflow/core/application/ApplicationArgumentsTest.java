package io.lakehouseflow.core.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationArgumentsTest {
  @TempDir Path dir;

  private String spec() throws Exception {
    Path spec = dir.resolve("pipeline.yaml");
    Files.writeString(spec, "name: shop\nsources:\n  orders:\n    columns: {order_id: bigint}\n");
    return spec.toString();
  }

  @Test
  void argumentsBecomeARunWhoseRecoveryIsTheClusters() throws Exception {
    PipelineRun run =
        ApplicationArguments.parse(
            "lakehouse-ingestion.jar",
            "--pipeline",
            spec(),
            "--data-dir",
            dir.toString(),
            "--mode",
            "continuous",
            "--checkpoint-interval",
            "2 s",
            "--parallelism",
            "3");
    assertThat(run.spec().name()).isEqualTo("shop");
    assertThat(run.mode()).isEqualTo(RunMode.CONTINUOUS);
    assertThat(run.layout().root()).isEqualTo(dir);
    assertThat(run.options().get(LakehouseOptions.RECOVERY)).isEqualTo(Recovery.CLUSTER);
    assertThat(run.options().get(LakehouseOptions.CHECKPOINT_INTERVAL))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(run.options().get(LakehouseOptions.PARALLELISM)).isEqualTo(3);
    assertThat(
            ApplicationArguments.parse(
                    "lakehouse-ingestion.jar", "--pipeline", spec(), "--data-dir", dir.toString())
                .mode())
        .isEqualTo(RunMode.AVAILABLE_NOW);
  }

  /** The gold jar's arguments: the spec, the data directory, then {@code more}. */
  private PipelineRun parseGold(String... more) throws Exception {
    String[] args = {"--pipeline", spec(), "--data-dir", dir.toString()};
    return ApplicationArguments.parse(
        "lakehouse-modeling.jar",
        java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
            .toArray(String[]::new));
  }

  @Test
  void invalidArgumentsNameTheArgumentAndTheJar() throws Exception {
    String spec = spec();
    assertThatThrownBy(() -> parseGold("--mode", "sometimes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid arguments of lakehouse-modeling.jar")
        .hasMessageContaining("--mode")
        .hasMessageContaining("expected one of available-now, continuous");
    assertThatThrownBy(
            () -> ApplicationArguments.parse("lakehouse-modeling.jar", "--pipeline", spec))
        .hasMessageContaining("Missing required option: '--data-dir=<path>'");
    assertThatThrownBy(() -> parseGold("--parallelism", "0"))
        .hasMessageContaining("Invalid --parallelism 0: write 1 or more.");
  }
}
