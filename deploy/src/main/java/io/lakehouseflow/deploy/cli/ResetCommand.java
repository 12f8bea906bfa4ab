package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.reset.LayerReset;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lakehouse reset}: drops a layer's tables and checkpoints (and those of the layers built on
 * it) so the next run rebuilds them from the layer below.
 */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "Drop a layer's tables with their files and its jobs' checkpoints, so the next run rebuilds"
          + " it from the layer below. Layers built on it are reset too: silver resets silver and"
          + " gold; all resets bronze, silver and gold (bronze is then rebuilt from the landing"
          + " files, which are never touched).",
      "Refuses, changing nothing, when a table's files lie outside the data directory's"
          + " warehouse (a copied data directory still points at the original's files).",
      "Stop any run of the pipeline first."
    })
final class ResetCommand implements Callable<Integer> {
  /** What {@code --layer} can name: a layer and everything built on it. */
  enum Scope {
    SILVER(Layer.SILVER),
    GOLD(Layer.GOLD),
    ALL(Layer.BRONZE);

    private final Layer lowest;

    Scope(Layer lowest) {
      this.lowest = lowest;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Spec CommandSpec command;

  @Mixin DataDirOption data;

  @Mixin PipelineOption pipeline;

  @Option(
      names = "--layer",
      required = true,
      paramLabel = "LAYER",
      description = "silver (resets silver and gold), gold, or all (bronze, silver and gold).")
  Scope scope;

  @Override
  public Integer call() {
    PipelineSpec spec = pipeline.load();
    LayerReset reset =
        LayerReset.of(
            EmbeddedRun.of(
                spec,
                // A data directory that does not exist has nothing to reset; do not create it.
                Files.isDirectory(data.layout().root()) ? data.writableLayout() : data.layout(),
                RunMode.AVAILABLE_NOW),
            List.of(scope.lowest));
    LayerReset.Outcome outcome = reset.execute();
    String layers = LayerReset.describe(reset.layers());
    if (outcome.droppedTables().isEmpty() && outcome.removedCheckpoints().isEmpty()) {
      out()
          .println(
              "Nothing to reset: pipeline "
                  + spec.name()
                  + " has no "
                  + layers
                  + " tables or checkpoints in "
                  + data.layout().root()
                  + ".");
      return 0;
    }
    out()
        .println(
            "Reset "
                + layers
                + " of pipeline "
                + spec.name()
                + ": dropped "
                + (outcome.droppedTables().isEmpty()
                    ? "no tables"
                    : String.join(
                            ", ", outcome.droppedTables().stream().map(Object::toString).toList())
                        + " with their files")
                + (outcome.removedCheckpoints().isEmpty()
                    ? ""
                    : " and removed their checkpoints ("
                        + String.join(", ", outcome.removedCheckpoints())
                        + ")")
                + ". The next run rebuilds them from "
                + (scope == Scope.ALL ? "the landing files" : "the layer below")
                + ": ./lakehouse run --pipeline "
                + pipeline.file
                + " --data-dir "
                + data.layout().root());
    return 0;
  }

  private java.io.PrintWriter out() {
    return command.commandLine().getOut();
  }
}
