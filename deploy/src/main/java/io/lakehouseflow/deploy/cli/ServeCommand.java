package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.deploy.query.QueryServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lakehouse serve}: a query server that keeps Flink warm for {@code lakehouse query}. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Keep a query server running for a data directory, until Ctrl-C: while it runs, ./lakehouse"
          + " query with the same --data-dir and --pipeline answers through it, in about a second,"
          + " instead of starting Flink for each statement.",
      "Listens on 127.0.0.1 only; its address is in <data-dir>/.lakehouse-query-server."
    })
final class ServeCommand implements Callable<Integer> {
  @Mixin DataDirOption data;

  @Mixin QueryCatalogOption source;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port on 127.0.0.1 (default: a free one, recorded in the address file).")
  int port;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    try (QueryServer server =
        QueryServer.start(data.layout().root(), source.catalog(data), source.catalogName(), port)) {
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
      System.out.println(
          "Query server for "
              + data.layout().root()
              + " on 127.0.0.1:"
              + server.address().port()
              + ". ./lakehouse query uses it while it runs; Ctrl-C stops it.");
      stopped.await();
    }
    return 0;
  }
}
