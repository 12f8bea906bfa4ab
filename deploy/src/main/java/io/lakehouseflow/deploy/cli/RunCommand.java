package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lakehouse run}: runs a pipeline spec's jobs on an embedded Flink MiniCluster. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    defaultValueProvider = OptionDefaults.class,
    description = "Run a pipeline: landing files -> bronze -> silver -> gold.")
final class RunCommand implements Callable<Integer> {
  @Mixin DataDirOption data;

  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "FILE",
      description = "The pipeline spec (YAML).")
  Path pipeline;

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
      converter = OptionDefaults.DurationConverter.class,
      description =
          "Checkpoint (and so Iceberg commit) interval of streaming jobs (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Override
  public Integer call() throws Exception {
    PipelineSpec spec = PipelineSpecLoader.load(pipeline);
    PipelineRun run =
        EmbeddedRun.of(spec, data.writableLayout(), mode)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, checkpointInterval);
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

  private static int runContinuously(PipelineRunner runner, PipelineSpec spec) throws Exception {
    List<JobClient> clients = runner.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println(
                      "Stopping; checkpoints are kept, the next run resumes from them.");
                  for (JobClient client : clients) {
                    try {
                      client.cancel().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      // the job may have finished or failed already
                    }
                  }
                }));
    System.err.println(
        "Pipeline "
            + spec.name()
            + " runs continuously ("
            + clients.size()
            + " jobs). Press Ctrl-C to stop.");
    CompletableFuture<?>[] results =
        clients.stream().map(JobClient::getJobExecutionResult).toArray(CompletableFuture[]::new);
    CompletableFuture.anyOf(results).get();
    return 0;
  }
}
