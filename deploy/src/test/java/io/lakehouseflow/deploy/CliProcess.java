package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;

/**
 * The real CLI, {@code java -jar deploy/target/lakehouse-cli.jar ...}, running in a child JVM as a
 * user starts it: its own MiniCluster, its log under {@code <data-dir>/logs}, its console output
 * appended to a file so that every start of one run can be read back after it was killed.
 */
final class CliProcess {
  static final Path CLI_JAR = Path.of("target", "lakehouse-cli.jar");

  private final Process process;
  private final Path output;
  private final List<String> arguments;

  private CliProcess(Process process, Path output, List<String> arguments) {
    this.process = process;
    this.output = output;
    this.arguments = arguments;
  }

  /**
   * Starts {@code lakehouse <arguments>} with {@code --data-dir dataDir} appended, its console
   * output appended to {@code output}.
   */
  static CliProcess start(Path dataDir, Path output, String... arguments) throws IOException {
    return start(dataDir, output, Map.of(), arguments);
  }

  /** As {@link #start(Path, Path, String...)}, with {@code environment} added to the child's. */
  static CliProcess start(
      Path dataDir, Path output, Map<String, String> environment, String... arguments)
      throws IOException {
    assertThat(CLI_JAR).as("the CLI jar, built in the package phase").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The same --add-opens this test JVM got from the build.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens"))
        .forEach(command::add);
    command.add("-Xmx1g");
    command.add("-Dlakehouse.log.dir=" + dataDir.resolve("logs"));
    command.add("-jar");
    command.add(CLI_JAR.toString());
    List<String> cli = new ArrayList<>(List.of(arguments));
    cli.add("--data-dir");
    cli.add(dataDir.toString());
    command.addAll(cli);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new CliProcess(process, output, List.copyOf(cli));
  }

  /** {@code lakehouse run --pipeline spec --mode continuous --checkpoint-interval 1s}. */
  static CliProcess continuous(Path dataDir, Path spec) throws IOException {
    return continuous(dataDir, spec, "1s");
  }

  /** {@code lakehouse run --pipeline spec --mode continuous --checkpoint-interval interval}. */
  static CliProcess continuous(Path dataDir, Path spec, String interval) throws IOException {
    return start(
        dataDir,
        dataDir.resolve("cli.out"),
        "run",
        "--pipeline",
        spec.toString(),
        "--mode",
        "continuous",
        "--checkpoint-interval",
        interval);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code deadline}, failing at once with the run's output if the process exits. */
  ConditionFactory whileAlive(Duration deadline) {
    return await()
        .atMost(deadline)
        .pollInterval(Duration.ofSeconds(1))
        .failFast(
            "lakehouse " + String.join(" ", arguments) + " exited",
            () -> assertThat(isAlive()).as(() -> description() + " is alive").isTrue());
  }

  /** SIGKILL, as a crash or an OOM killer would end it: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed run exited").isTrue();
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit(Duration deadline) throws InterruptedException {
    if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(description() + " did not end within " + deadline + "; killed it");
    }
    return process.exitValue();
  }

  /** Everything the process (and earlier ones appending to the same file) printed. */
  String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(cannot read " + output + ": " + e + ")";
    }
  }

  /** The command, its pid and its console output, for assertion messages. */
  String description() {
    return "lakehouse "
        + String.join(" ", arguments)
        + " (pid "
        + pid()
        + "); its output in "
        + output
        + ":\n"
        + output();
  }

  /** The CLI's log of runs on {@code dataDir}, empty before the first one. */
  static String log(Path dataDir) throws IOException {
    Path log = dataDir.resolve("logs").resolve("lakehouse.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
