package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.deploy.query.QueryServerAddress;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code lakehouse serve --idle-timeout D} started by a query for its data directory, in a process
 * of its own that outlives the query (the way build tools keep a daemon): the first query pays for
 * starting it, later ones answer in about a second, and it stops by itself once idle for {@code D}
 * or once its data directory is deleted.
 *
 * <p>The server runs the same CLI (class path, Java 17 opens, log directory) as the query that
 * starts it, in a session of its own where {@code setsid} exists, so that Ctrl-C on the terminal's
 * next command does not reach it; its console output goes to {@code query-server.out} in the log
 * directory.
 */
final class BackgroundQueryServer {
  /** Starting it: a JVM, Flink's planner, an embedded cluster and three warm-up queries. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private static final List<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private BackgroundQueryServer() {}

  /**
   * Starts the server of {@code data} over {@code source}'s catalog and waits until it has
   * announced itself; empty (with a line on {@code err} naming its output) when it did not.
   */
  static Optional<QueryServerAddress> start(
      DataDirOption data, QueryCatalogOption source, Duration idleTimeout, PrintWriter err)
      throws IOException, InterruptedException {
    Path root = data.writableLayout().root().toAbsolutePath();
    Path logDir =
        Path.of(System.getProperty(LakehouseCli.LOG_DIR, root.resolve("logs").toString()));
    Files.createDirectories(logDir);
    Path output = logDir.resolve("query-server.out");
    ProcessBuilder builder =
        new ProcessBuilder(command(root, source, idleTimeout))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    File devNull = new File("/dev/null");
    if (devNull.exists()) {
      builder.redirectInput(devNull);
    }
    Process server = builder.start();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<QueryServerAddress> address =
          QueryServerAddress.find(root).filter(a -> a.catalog().equals(source.catalogName()));
      if (address.isPresent()) {
        return address;
      }
      if (!server.isAlive()) {
        err.println(
            "The query server did not start (exit "
                + server.exitValue()
                + "; its output is in "
                + output
                + "); running the statement here.");
        return Optional.empty();
      }
      server.waitFor(200, TimeUnit.MILLISECONDS);
    }
    err.println(
        "The query server did not announce itself within "
            + READY_TIMEOUT.toSeconds()
            + " s (its output is in "
            + output
            + "); running the statement here.");
    return Optional.empty();
  }

  private static List<String> command(Path root, QueryCatalogOption source, Duration idleTimeout) {
    List<String> command = new ArrayList<>();
    SETSID.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .ifPresent(command::add);
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // What the CLI needs of its JVM (the opens Flink needs, the log directory, the heap), not
    // agents or debuggers of the process that starts it.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a ->
                a.startsWith("--add-opens") || a.startsWith("-Dlakehouse.") || a.startsWith("-Xmx"))
        .forEach(command::add);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LakehouseCli.class.getName());
    command.add("serve");
    command.add("--data-dir");
    command.add(root.toString());
    command.add("--idle-timeout");
    command.add(Math.max(1, idleTimeout.toSeconds()) + "s");
    if (source.pipeline != null) {
      command.add("--pipeline");
      command.add(source.pipeline.toAbsolutePath().normalize().toString());
    }
    return command;
  }
}
