package io.lakehouseflow.core.application;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.ModelFiles;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.UnreadableSpecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.core.fs.FileSystem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The arguments of an application jar's main class, as {@code flink run <jar> ...}, a {@code
 * FlinkDeployment} or a {@code FlinkSessionJob} pass them: {@code --pipeline <path or URI>
 * --data-dir <path> [--mode available-now|continuous] [--checkpoint-interval <duration>]
 * [--parallelism <n>]}. They become a {@link PipelineRun} whose recovery is left to the cluster
 * ({@link Recovery#CLUSTER}): Flink restores a restarted job, or a job submitted with {@code -s
 * <savepoint>}.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
public final class ApplicationArguments {
  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "<path or URI>",
      description =
          "The pipeline spec (YAML): a local path, or a URI of any file system the Flink cluster"
              + " reads (file:, s3:, hdfs:, ...).")
  String pipeline;

  @Option(
      names = "--data-dir",
      required = true,
      paramLabel = "<path>",
      description =
          "The pipeline's data directory (landing, warehouse and checkpoints, unless the spec"
              + " places them elsewhere), as every JobManager and TaskManager sees it.")
  Path dataDir;

  @Option(
      names = "--mode",
      defaultValue = "available-now",
      converter = RunModeConverter.class,
      paramLabel = "available-now|continuous",
      description = "available-now (default): process what is there, then finish; continuous.")
  RunMode mode;

  @Option(
      names = "--checkpoint-interval",
      converter = DurationConverter.class,
      paramLabel = "<duration>",
      description = "How often continuous jobs checkpoint and commit, such as 10s (default 10s).")
  Duration checkpointInterval;

  @Option(
      names = "--parallelism",
      paramLabel = "<n>",
      description =
          "Parallelism of every operator of the job (default 2). Each job takes that many slots,"
              + " so a continuous pipeline takes three times as many.")
  Integer parallelism;

  private ApplicationArguments() {}

  /**
   * The run {@code args} describe, for the main class of {@code jar}.
   *
   * @throws IllegalArgumentException naming the argument to fix and the usage, when {@code args}
   *     are invalid
   * @throws UnreadableSpecException when the spec cannot be read
   */
  public static PipelineRun parse(String jar, String... args) {
    ApplicationArguments parsed = new ApplicationArguments();
    CommandLine line = new CommandLine(parsed).setCommandName(jar);
    try {
      line.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(
          "Invalid arguments of " + jar + ": " + e.getMessage() + "\n" + line.getUsageMessage(), e);
    }
    return parsed.run();
  }

  private PipelineRun run() {
    PipelineSpec spec = readSpec(pipeline);
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(dataDir), mode)
            .with(LakehouseOptions.RECOVERY, Recovery.CLUSTER);
    if (parallelism != null) {
      if (parallelism < 1) {
        throw new IllegalArgumentException(
            "Invalid --parallelism " + parallelism + ": write 1 or more.");
      }
      run = run.with(LakehouseOptions.PARALLELISM, parallelism);
    }
    if (checkpointInterval != null) {
      run = run.with(LakehouseOptions.CHECKPOINT_INTERVAL, checkpointInterval);
    }
    return run;
  }

  /** Reads the spec through Flink's file systems, so it may live in the warehouse's store. */
  static PipelineSpec readSpec(String pathOrUri) {
    org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(pathOrUri);
    String yaml;
    try {
      FileSystem fs = path.getFileSystem();
      try (InputStream in = fs.open(path)) {
        yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UnreadableSpecException(
          "Failed to read pipeline spec "
              + pathOrUri
              + ": "
              + e
              + ". Check --pipeline: a path every Flink process can read, or a URI of a file"
              + " system the cluster has a plugin for.",
          e);
    }
    return PipelineSpecLoader.parse(yaml, pathOrUri, java.util.Map.of(), models(path));
  }

  /** The SQL models beside the spec, read through the same file system. */
  private static ModelFiles models(org.apache.flink.core.fs.Path spec) {
    org.apache.flink.core.fs.Path dir =
        spec.getParent() == null
            ? new org.apache.flink.core.fs.Path(ModelFiles.DIRECTORY)
            : new org.apache.flink.core.fs.Path(spec.getParent(), ModelFiles.DIRECTORY);
    java.util.Map<String, String> files = new java.util.TreeMap<>();
    try {
      FileSystem fs = dir.getFileSystem();
      if (!fs.exists(dir)) {
        return ModelFiles.of(dir.toString(), files);
      }
      for (org.apache.flink.core.fs.FileStatus file : fs.listStatus(dir)) {
        String name = file.getPath().getName();
        if (!file.isDir() && ModelFiles.isModelFile(name)) {
          try (InputStream in = fs.open(file.getPath())) {
            files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      throw new UnreadableSpecException(
          "Failed to read the SQL models in " + dir + ": " + e + ". Check the directory.", e);
    }
    return ModelFiles.of(dir.toString(), files);
  }
}
