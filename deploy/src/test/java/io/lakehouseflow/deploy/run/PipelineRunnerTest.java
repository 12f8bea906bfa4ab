package io.lakehouseflow.deploy.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineRunnerTest {
  private static final String BRONZE_ONLY =
      "name: raw\nsources:\n  orders:\n    columns:\n      order_id: bigint\n";

  private final PipelineRun run =
      PipelineRun.of(
          PipelineSpecLoader.parse(BRONZE_ONLY, "raw.yaml"),
          new DataLayout(Path.of("unused")),
          RunMode.AVAILABLE_NOW);

  @Test
  void layersInDataFlowOrderWithoutThoseTheSpecDeclaresNothingFor() {
    assertThat(PipelineRunner.of(run, List.of(Layer.GOLD, Layer.BRONZE, Layer.SILVER)).layers())
        .containsExactly(Layer.BRONZE);
  }

  @Test
  void nothingToRunIsAnError() {
    assertThatThrownBy(() -> PipelineRunner.of(run, List.of(Layer.GOLD)))
        .hasMessageContaining("Cannot run layers [GOLD] of pipeline raw.yaml")
        .hasMessageContaining("declares nothing for them");
  }
}
