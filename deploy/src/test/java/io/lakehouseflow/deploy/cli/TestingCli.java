package io.lakehouseflow.deploy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The command line run in this JVM, with what it prints kept for assertions. */
final class TestingCli {
  /** What the commands printed to standard output. */
  final StringWriter out = new StringWriter();

  /** What the commands printed to standard error. */
  final StringWriter err = new StringWriter();

  /** Runs {@code lakehouse args...} and returns its exit code. */
  int execute(String... args) {
    CommandLine cli = LakehouseCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(out, true));
    return cli.execute(args);
  }
}
