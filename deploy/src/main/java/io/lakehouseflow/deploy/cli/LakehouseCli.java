package io.lakehouseflow.deploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
      SqlCommand.class,
      ServeCommand.class,
      ResetCommand.class,
      GenerateCommand.class,
      VerifyCommand.class,
      TestCommand.class,
      DocsCommand.class,
      StatusCommand.class,
      MaintainCommand.class,
      PlanCommand.class,
      BenchCommand.class,
      ClusterCommand.class,
      FlinkCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LakehouseCli {
  /** The system property naming the log directory; {@code ./lakehouse} sets it from --data-dir. */
  static final String LOG_DIR = "lakehouse.log.dir";

  public static void main(String[] args) {
    keepLogsWritable();
    System.exit(commandLine().execute(args));
  }

  /** The command line, whose failures {@link FailureReport} prints and gives exit codes. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LakehouseCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Everything after `flink` is Flink's, options of its own included (run -s, -m, --help).
    cli.getSubcommands().get("flink").setStopAtUnmatched(true).setStopAtPositional(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> FailureReport.print(e, commandLine.getErr()));
    return cli;
  }

  /**
   * Points the log at a temporary directory when the data directory's cannot be written (a
   * read-only data directory), before the first logger starts: Log4j would otherwise print its own
   * stack trace ahead of the command's one-line message. Runs before any class with a logger loads.
   */
  private static void keepLogsWritable() {
    String configured = System.getProperty(LOG_DIR);
    if (configured == null) {
      return;
    }
    Path dir = Path.of(configured);
    try {
      Files.createDirectories(dir);
      if (Files.isWritable(dir)) {
        return;
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the temporary directory
    }
    System.setProperty(
        LOG_DIR, Path.of(System.getProperty("java.io.tmpdir"), "lakehouse-logs").toString());
  }
}
