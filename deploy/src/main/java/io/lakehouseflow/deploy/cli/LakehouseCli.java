package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.spec.InvalidSpecException;
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
      CommandLine.HelpCommand.class
    })
public final class LakehouseCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with error handling: spec errors print as is, with exit code 2. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LakehouseCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof InvalidSpecException) {
            commandLine.getErr().println(e.getMessage());
            return 2;
          }
          commandLine.getErr().println("Failed: " + rootMessage(e));
          commandLine.getErr().println("(details in the log; rerun with LAKEHOUSE_DEBUG=1 for the stack trace)");
          if (System.getenv("LAKEHOUSE_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
    return cli;
  }

  /** The innermost message worth showing: Flink wraps job failures several times. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    String message = String.valueOf(e.getMessage());
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
      if (t instanceof InvalidSpecException || t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    return message;
  }
}
