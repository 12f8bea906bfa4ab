package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.deploy.run.EmbeddedCluster;
import io.lakehouseflow.deploy.run.PipelineRunner;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress display of an available-now run: one step per layer, with the running layer and
 * elapsed time, on standard error so standard output stays clean for results.
 */
final class LayerProgress {
  private LayerProgress() {}

  /** Runs {@code runner}'s layers to completion on one embedded cluster, showing which one runs. */
  static void runAvailableNow(PipelineRunner runner) throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.start(runner.run());
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("pipeline")
                .setInitialMax(runner.layers().size())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .hideEta()
                .build()) {
      boolean[] started = {false};
      runner.runAvailableNow(
          layer -> {
            if (started[0]) {
              bar.step();
            }
            started[0] = true;
            bar.setExtraMessage(describe(layer));
          });
      bar.step();
      bar.setExtraMessage("done");
    }
  }

  private static String describe(PipelineRunner.Layer layer) {
    return switch (layer) {
      case BRONZE -> "bronze: landing files -> bronze";
      case SILVER -> "silver: bronze -> silver + quarantine";
      case GOLD -> "gold: silver -> dimensions + facts";
    };
  }
}
