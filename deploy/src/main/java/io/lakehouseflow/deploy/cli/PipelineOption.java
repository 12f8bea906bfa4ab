package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The required {@code --pipeline} option of the commands that work on one pipeline. */
final class PipelineOption {
  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "FILE",
      description = "The pipeline spec (YAML).")
  Path file;

  /** The validated spec; fails with the spec's own errors (exit 2). */
  PipelineSpec load() {
    return PipelineSpecLoader.load(file);
  }
}
