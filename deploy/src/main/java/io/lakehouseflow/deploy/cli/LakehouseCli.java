package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.spec.InvalidSpecException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lakehouse}: the command line of Lakehouse Flow. */
@Command(
    name = "lakehouse",
    mixinStandardHelpOptions = true,
    version = "Lakehouse Flow 0.1.0",
    description = "A streaming medallion lakehouse on Apache Flink and Apache Iceberg.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      QueryCommand.class,
      GenerateCommand.class,
      VerifyCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LakehouseCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with error handling: spec errors print as is, with exit code 2; a failed read
   * or write of our own (such as a missing spec file) prints as is, with exit code 1.
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LakehouseCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof InvalidSpecException) {
            commandLine.getErr().println(e.getMessage());
            return 2;
          }
          if (e.getClass() == UncheckedIOException.class) {
            // Our own wrap of a failed read or write (a missing spec file, say): its message names
            // the file and the fix, which the innermost cause, often just the path, would not.
            // Subclasses such as Iceberg's RuntimeIOException take the general path below.
            commandLine.getErr().println(e.getMessage());
            printStackTraceWhenDebugging(e, commandLine);
            return 1;
          }
          commandLine.getErr().println("Failed: " + rootMessage(e));
          commandLine
              .getErr()
              .println("(details in the log; rerun with LAKEHOUSE_DEBUG=1 for the stack trace)");
          printStackTraceWhenDebugging(e, commandLine);
          return 1;
        });
    return cli;
  }

  private static void printStackTraceWhenDebugging(Exception e, CommandLine commandLine) {
    if (System.getenv("LAKEHOUSE_DEBUG") != null) {
      e.printStackTrace(commandLine.getErr());
    }
  }

  /**
   * The message worth showing: a SQL validation error as Flink words it (it names line and column),
   * otherwise the innermost message, since Flink wraps job failures several times.
   */
  static String rootMessage(Throwable e) {
    String message = String.valueOf(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.apache.flink.table.api.ValidationException
          || t instanceof org.apache.flink.table.api.SqlParserException) {
        return t.getMessage();
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }
}
