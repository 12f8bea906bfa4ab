package io.lakehouseflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunTest {
  @TempDir Path dataDir;

  private PipelineRun run() {
    return PipelineRun.of(
        PipelineSpecLoader.parse(
            "name: shop\nsources:\n  orders:\n    columns:\n      order_id: bigint\n", "shop.yaml"),
        new DataLayout(dataDir),
        RunMode.CONTINUOUS);
  }

  @Test
  void pollingFollowsTheCheckpointIntervalWhenNotSet() {
    // The default 10 s checkpoints poll every 5 s, as before the intervals were derived.
    assertThat(run().discoveryInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(run().monitorInterval()).isEqualTo(Duration.ofSeconds(5));
    PipelineRun fresh = run().with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    assertThat(fresh.discoveryInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(fresh.monitorInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void derivedPollingStaysBetweenItsBounds() {
    assertThat(
            run()
                .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(50))
                .discoveryInterval())
        .isEqualTo(Duration.ofMillis(100));
    assertThat(
            run()
                .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMinutes(5))
                .discoveryInterval())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void setIntervalsWin() {
    PipelineRun run =
        run()
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofSeconds(3));
    assertThat(run.discoveryInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(run.monitorInterval())
        .as("follows the discovery interval")
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(
            run.with(LakehouseOptions.MONITOR_INTERVAL, Duration.ofMillis(200)).monitorInterval())
        .isEqualTo(Duration.ofMillis(200));
  }
}
