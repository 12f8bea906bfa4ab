package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.application.DurationConverter;
import io.lakehouseflow.core.application.RunModeConverter;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import io.lakehouseflow.deploy.run.RunningPipeline;
import io.lakehouseflow.ingestion.discovery.LandingDirectories;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lakehouse run}: runs a pipeline spec's jobs on an embedded Flink MiniCluster. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    defaultValueProvider = OptionDefaults.class,
    description = "Run a pipeline: landing files -> bronze -> silver -> gold.")
final class RunCommand implements Callable<Integer> {
  @Mixin DataDirOption data;

  @Mixin PipelineOption pipeline;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      converter = RunModeConverter.class,
      completionCandidates = RunModeConverter.class,
      description =
          "available-now: process what is there and exit; continuous: keep watching (default: ${DEFAULT-VALUE}).")
  RunMode mode;

  @Option(
      names = "--layers",
      split = ",",
      paramLabel = "LAYER",
      converter = LayerConverter.class,
      completionCandidates = LayerConverter.class,
      defaultValue = "bronze,silver,gold",
      description =
          "Layers to run, comma-separated: bronze, silver, gold (default: ${DEFAULT-VALUE}).")
  List<Layer> layers;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Checkpoint (and so Iceberg commit) interval of streaming jobs (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Mixin PollIntervalOptions polling;

  @Option(
      names = "--prometheus-port",
      paramLabel = "PORTS",
      description =
          "Serve the jobs' metrics for Prometheus (Flink's Prometheus reporter) on this port, or on"
              + " the first free ports of a range such as 9249-9259; a continuous run has one"
              + " endpoint per layer and one for its maintenance job, so a single port P stands for"
              + " P to P+3. Off by default.")
  String prometheusPorts;

  @Option(
      names = "--checkpoints-dir",
      paramLabel = "URI",
      description =
          "Root of the jobs' checkpoints: a URI such as s3://bucket/lakehouse/checkpoints (on the"
              + " object store the spec's catalog declares) or a local path (default:"
              + " <data-dir>/checkpoints).")
  String checkpointsDir;

  @Option(
      names = "--strict",
      description =
          "Fail (exit 2, nothing runs) instead of warning when a landing directory the spec names"
              + " does not exist.")
  boolean strict;

  @Option(
      names = "--rebuild",
      description =
          "Available-now only: rebuild every gold table from all of silver in one batch job, instead"
              + " of resuming from the state the previous run kept and reading only newer silver"
              + " rows. Both give the same rows; a rebuild costs what the whole history costs.")
  boolean rebuild;

  @Spec CommandSpec command;

  @Override
  public Integer call() throws Exception {
    PipelineSpec spec = pipeline.load();
    PipelineRun run =
        EmbeddedRun.of(spec, data.writableLayout(), mode)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, checkpointInterval)
            .with(LakehouseOptions.GOLD_REBUILD, rebuild);
    if (checkpointsDir != null) {
      run = run.with(LakehouseOptions.CHECKPOINTS_DIR, checkpointsDir);
    }
    if (prometheusPorts != null) {
      PrometheusPorts ports;
      try {
        // A continuous run adds its maintenance job's cluster to the layers'.
        ports =
            PrometheusPorts.parse(
                prometheusPorts, mode == RunMode.CONTINUOUS ? layers.size() + 1 : 1);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(command.commandLine(), e.getMessage(), e);
      }
      run = ports.enable(run);
      System.out.println(
          "Metrics for Prometheus: http://localhost:" + ports + "/metrics (one port per job)");
    }
    run = run.withOptions(polling.options());
    if (layers.contains(Layer.BRONZE) && !landingDirectoriesExist(run)) {
      return 2;
    }
    PipelineRunner runner = PipelineRunner.of(run, layers);
    if (mode == RunMode.AVAILABLE_NOW) {
      LayerProgress.runAvailableNow(runner);
      System.out.println(
          "Pipeline "
              + spec.name()
              + " is up to date ("
              + runner.layers().size()
              + " layers). Query it with ./lakehouse query \"SELECT ...\"");
      return 0;
    }
    return runContinuously(runner, spec);
  }

  /**
   * Warns about each landing directory of the spec that does not exist (bronze reads nothing from
   * it, and does not create it: a misspelled path would otherwise look like a source without
   * files); with {@code --strict}, reports them as errors and returns false.
   */
  private boolean landingDirectoriesExist(PipelineRun run) {
    List<LandingDirectories.Missing> missing = LandingDirectories.missing(run);
    PrintWriter err = command.commandLine().getErr();
    for (LandingDirectories.Missing directory : missing) {
      err.println(
          (strict ? "Cannot run pipeline " + run.spec().name() + " with --strict: " : "Warning: ")
              + directory.describe());
    }
    if (strict && !missing.isEmpty()) {
      err.println("Nothing ran. Fix the paths, or run without --strict to read the others.");
      return false;
    }
    return true;
  }

  private static int runContinuously(PipelineRunner runner, PipelineSpec spec) throws Exception {
    RunningPipeline running = runner.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println(
                      "Stopping; checkpoints are kept, the next run resumes from them.");
                  running.close();
                }));
    System.err.println(
        "Pipeline "
            + spec.name()
            + " runs continuously ("
            + running.jobs().size()
            + " jobs). Press Ctrl-C to stop.");
    running.anyJobEnded().get();
    if (running.leaseLost()) {
      System.err.println(
          "Stopped: another run took over this pipeline's tables after this run did not renew"
              + " its writer lease in time.");
      return 1;
    }
    return 0;
  }
}
