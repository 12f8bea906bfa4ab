package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./lakehouse} script works from any directory: called by its full path from outside the
 * checkout, it finds its own jar and resolves relative paths against the caller's directory.
 */
class LakehouseScriptITCase {
  private static final Path SCRIPT = Path.of("..", "lakehouse").toAbsolutePath().normalize();

  @TempDir Path elsewhere;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void runsFromAnotherDirectoryWithPathsRelativeToIt() throws Exception {
    assertThat(Path.of("target", "lakehouse-cli.jar")).as("built in the package phase").exists();
    assertThat(Files.isExecutable(SCRIPT)).as(SCRIPT + " is executable").isTrue();

    Result version = run("--version");
    assertThat(version.exitCode()).as(version.output()).isZero();
    assertThat(version.output()).contains("Lakehouse Flow 0.1.0");

    // A relative --pipeline is the caller's: the error names the file in the caller's directory.
    Result missing = run("run", "--pipeline", "nope.yaml", "--data-dir", "data");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.output())
        .contains(
            "Failed to read pipeline spec nope.yaml: no such file (looked in "
                + elsewhere.toRealPath().resolve("nope.yaml")
                + ")");
  }

  private Result run(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = SCRIPT.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process process =
        new ProcessBuilder(command).directory(elsewhere.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(4, TimeUnit.MINUTES)).as("the script ends").isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exitCode, String output) {}
}
