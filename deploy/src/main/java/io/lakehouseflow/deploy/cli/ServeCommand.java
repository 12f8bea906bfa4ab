package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.application.DurationConverter;
import io.lakehouseflow.deploy.query.QueryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lakehouse serve}: a query server that keeps Flink warm for {@code lakehouse query}. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Keep a query server running for a data directory, until Ctrl-C (or --idle-timeout): while"
          + " it runs, ./lakehouse query with the same --data-dir and --pipeline answers through"
          + " it, in about a second, instead of starting Flink for each statement.",
      "Listens on 127.0.0.1 only; its address is in <data-dir>/.lakehouse-query-server."
    })
final class ServeCommand implements Callable<Integer> {
  /** How often an idle server looks at its clock and its data directory. */
  private static final Duration IDLE_CHECK = Duration.ofSeconds(1);

  @Mixin DataDirOption data;

  @Mixin QueryCatalogOption source;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port on 127.0.0.1 (default: a free one, recorded in the address file).")
  int port;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Stop after no query for this long, such as 15min (default: run until Ctrl-C). It also"
              + " stops when its data directory is deleted.")
  Duration idleTimeout;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Path root = data.layout().root();
    ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    try (QueryServer server =
        QueryServer.start(root, source.catalog(data), source.catalogName(), port)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.close();
                    } catch (Exception e) {
                      // Stopping anyway: the next client ignores an address whose process is gone.
                    }
                    stopped.countDown();
                  }));
      if (idleTimeout != null) {
        watch.scheduleWithFixedDelay(
            () -> {
              if (server.idle().compareTo(idleTimeout) > 0 || !Files.isDirectory(root)) {
                stopped.countDown();
              }
            },
            IDLE_CHECK.toMillis(),
            IDLE_CHECK.toMillis(),
            TimeUnit.MILLISECONDS);
      }
      System.out.println(
          "Query server for "
              + root
              + " on 127.0.0.1:"
              + server.address().port()
              + ". ./lakehouse query uses it while it runs; "
              + (idleTimeout == null
                  ? "Ctrl-C stops it."
                  : "it stops after " + idleTimeout.toSeconds() + " s without a query."));
      stopped.await();
    } finally {
      watch.shutdownNow();
    }
    return 0;
  }
}
