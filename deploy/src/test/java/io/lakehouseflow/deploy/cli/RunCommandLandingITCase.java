package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lakehouse run} names a landing directory that does not exist: a warning, and the run goes
 * on; with {@code --strict}, an error and exit code 2 before anything runs.
 */
class RunCommandLandingITCase {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private Path spec() throws Exception {
    Path spec = dir.resolve("shop.yaml");
    Files.writeString(
        spec,
        """
        name: shop
        sources:
          orders:
            path: ordrs
            columns: {order_id: bigint}
          refunds:
            columns: {refund_id: bigint}
        """);
    Files.createDirectories(dir.resolve("data/landing/refunds"));
    return spec;
  }

  private int run(String... extra) throws Exception {
    CommandLine cli = LakehouseCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    String[] args =
        new String[] {
          "run",
          "--pipeline",
          spec().toString(),
          "--data-dir",
          dir.resolve("data").toString(),
          "--layers",
          "bronze"
        };
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return cli.execute(all);
  }

  @Test
  @Timeout(300)
  void warnsNamingTheMissingDirectoryAndRunsTheRest() throws Exception {
    int code = run();

    assertThat(code).isZero();
    assertThat(err.toString())
        .startsWith(
            "Warning: landing directory "
                + dir.resolve("data/landing/ordrs")
                + " of source 'orders' does not exist, so the source reads nothing. Check"
                + " 'path: ordrs' under sources.orders (default: the source name) and 'landing:"
                + " landing' in "
                + dir.resolve("shop.yaml")
                + ", or create the directory.")
        .doesNotContain("refunds");
    assertThat(dir.resolve("data/landing/ordrs")).doesNotExist();
  }

  @Test
  void strictRefusesBeforeAnythingRuns() throws Exception {
    int code = run("--strict");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "Cannot run pipeline shop with --strict: landing directory "
                + dir.resolve("data/landing/ordrs")
                + " of source 'orders' does not exist, so the source reads nothing. Check"
                + " 'path: ordrs' under sources.orders (default: the source name) and 'landing:"
                + " landing' in "
                + dir.resolve("shop.yaml")
                + ", or create the directory."
                + System.lineSeparator()
                + "Nothing ran. Fix the paths, or run without --strict to read the others."
                + System.lineSeparator());
    assertThat(dir.resolve("data/warehouse")).doesNotExist();
  }
}
