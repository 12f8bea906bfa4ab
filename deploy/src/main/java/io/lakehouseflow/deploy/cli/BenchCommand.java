package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.application.DurationConverter;
import io.lakehouseflow.core.spec.SourceFormat;
import io.lakehouseflow.deploy.bench.FreshnessBench;
import io.lakehouseflow.deploy.bench.IngestBench;
import io.lakehouseflow.deploy.bench.ModelBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lakehouse bench}: benchmarks that print figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures.",
    subcommands = {
      BenchCommand.Ingest.class,
      BenchCommand.Model.class,
      BenchCommand.Freshness.class
    })
final class BenchCommand {

  /** {@code lakehouse bench ingest}: bronze on generated landing files, against its parse floor. */
  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "Generate bookings landing files, then time bronze on them in this process: an"
              + " available-now run into a fresh warehouse at parallelism 2 (checked: bronze holds"
              + " every row, none corrupt), a run with nothing new, and the parse floor (the same"
              + " files read by the same reader into a discarding sink). Prints rows/s, MB/s, data"
              + " files written, each phase's wall time, the committed-state cache size and the"
              + " peak RSS.")
  static final class Ingest implements Callable<Integer> {
    /** The formats the benchmark can generate, every format bronze reads. */
    static final List<String> FORMATS = List.of("csv", "json", "parquet");

    @Spec CommandSpec command;

    @Option(
        names = "--rows",
        paramLabel = "N",
        defaultValue = "1000000",
        description = "Rows to generate (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(
        names = "--files",
        paramLabel = "F",
        defaultValue = "10",
        description = "Files the rows are spread over (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "csv",
        description =
            "Format of the generated files: csv, json (JSON Lines) or parquet (typed), the same"
                + " bookings (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description =
            "Seed of the generator; the same seed writes the same files (default:"
                + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--continuous-checkpoint",
        description =
            "Also run bronze in continuous mode on the same files until it holds every row and a"
                + " checkpoint completed after that, and print that checkpoint's size.")
    boolean continuousCheckpoint;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description =
            "Where the benchmark's files and lakehouse go; must not hold an earlier run's (default:"
                + " a new temporary directory).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      if (!FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
        throw new ParameterException(
            command.commandLine(),
            "Invalid --format '"
                + format
                + "': the ingest benchmark supports "
                + String.join(", ", FORMATS)
                + ". Use one of them, for example --format csv.");
      }
      IngestBench.Builder bench;
      try {
        bench = IngestBench.forRows(rows, files);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(command.commandLine(), e.getMessage(), e);
      }
      bench
          .in(dir != null ? dir : Files.createTempDirectory("lakehouse-bench-ingest-"))
          .seed(seed)
          .continuousCheckpoint(continuousCheckpoint)
          .format(SourceFormat.valueOf(format.toUpperCase(Locale.ROOT)));
      bench.build().run(command.commandLine().getOut());
      return 0;
    }
  }

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

  /** {@code lakehouse bench freshness}: landing to gold latency of the continuous pipeline. */
  @Command(
      name = "freshness",
      mixinStandardHelpOptions = true,
      description =
          "Run the flights pipeline continuously, land bookings files one at a time and print,"
              + " from the tables' commit times, how long each took from its landing to gold (min,"
              + " median, p95, max) and the split per hop (bronze, silver, gold).")
  static final class Freshness implements Callable<Integer> {
    @Spec CommandSpec command;

    @Option(
        names = "--files",
        paramLabel = "N",
        defaultValue = "10",
        description = "Files to land (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(
        names = "--rows",
        paramLabel = "R",
        defaultValue = "200",
        description = "Bookings per file (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(
        names = "--every",
        paramLabel = "DURATION",
        defaultValue = "2s",
        converter = DurationConverter.class,
        description = "Time between two landings (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(
        names = "--checkpoint-interval",
        paramLabel = "DURATION",
        defaultValue = "1s",
        converter = DurationConverter.class,
        description =
            "Checkpoint (and so commit) interval of the three jobs (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Mixin PollIntervalOptions polling;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "Where the benchmark's lakehouse goes (default: a new temporary directory).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      FreshnessBench bench;
      try {
        bench =
            new FreshnessBench(
                files,
                rows,
                checkpointInterval,
                polling.options(),
                every,
                dir != null ? dir : Files.createTempDirectory("lakehouse-bench-freshness-"),
                command.commandLine().getOut());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(command.commandLine(), e.getMessage(), e);
      }
      bench.run();
      return 0;
    }
  }
}
