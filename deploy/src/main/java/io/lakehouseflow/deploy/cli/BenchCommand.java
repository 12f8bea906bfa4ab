package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.deploy.bench.ModelBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lakehouse bench}: benchmarks that print figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures.",
    subcommands = {BenchCommand.Model.class})
final class BenchCommand {

  /** {@code lakehouse bench model}: the gold job on synthetic silver data. */
  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description =
          "Time gold on synthetic silver: first build, +1% incremental, rebuild, the latency from a"
              + " silver commit to gold (continuous), state size and peak memory.")
  static final class Model implements Callable<Integer> {
    @Option(
        names = "--keys",
        defaultValue = "10000",
        description = "Dimension keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(
        names = "--changes",
        defaultValue = "5",
        description = "Changes per key (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(
        names = "--facts",
        defaultValue = "100000",
        description = "Facts (default: ${DEFAULT-VALUE}).")
    int facts;

    @Option(
        names = "--dir",
        description = "Where the benchmark's lakehouse goes (default: a new temporary directory).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      Path target = dir != null ? dir : Files.createTempDirectory("lakehouse-bench-model-");
      new ModelBench(keys, changes, facts, target, System.out).run();
      return 0;
    }
  }
}
