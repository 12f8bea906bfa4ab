package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.status.PipelineStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakehouse status}: where each source's landing files and each table stand. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show, per source, its landing files wholly in bronze, grown since they were read and not",
      "read yet, with bytes, bronze rows, the last commit and how long the oldest waits; and per",
      "table, its snapshots, data and delete files, records and last commit. Reads listings and",
      "table metadata only, so it is safe while a run writes."
    })
final class StatusCommand implements Callable<Integer> {
  /** The output formats. */
  enum Format {
    TEXT,
    JSON
  }

  @Spec CommandSpec command;

  @Mixin DataDirOption data;

  @Mixin PipelineOption pipeline;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text (aligned tables) or json (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  Format format;

  @Override
  public Integer call() throws Exception {
    PipelineSpec spec = pipeline.load();
    PipelineStatus status =
        PipelineStatus.of(EmbeddedRun.of(spec, data.layout(), RunMode.AVAILABLE_NOW));
    PrintWriter out = command.commandLine().getOut();
    out.print(format == Format.JSON ? status.json() : status.text());
    out.flush();
    return 0;
  }
}
