package io.lakehouseflow.deploy.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.deploy.run.EmbeddedCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a query costs to start ready between queries: the JVM with Flink's planner and Iceberg
 * loaded and warmed up, and the embedded cluster running. {@code lakehouse query} then sends its
 * statement here ({@link QueryClient}) instead of starting all of that itself, which is most of its
 * time for a small query.
 *
 * <p>Every query still plans from scratch in a new table environment over the catalog, so it reads
 * the tables' current snapshots, exactly as a query in a process of its own. Queries run one at a
 * time, in arrival order. The server listens on the loopback interface only and answers only
 * requests with the token of its address file ({@link QueryServerAddress}).
 */
public final class QueryServer implements AutoCloseable {
  /** The header a client sends the token in. */
  static final String TOKEN_HEADER = "X-Lakehouse-Token";

  /** Status of a statement that cannot run; its body is the message naming the fix. */
  static final int INVALID_QUERY = 422;

  private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);

  private static final int WARM_UP_QUERIES = 3;

  private final Path root;
  private final LakehouseCatalog catalog;
  private final EmbeddedCluster cluster;
  private final HttpServer http;
  private final ExecutorService queries;
  private final QueryServerAddress address;
  private final AtomicLong answered = new AtomicLong();
  private volatile long lastRequestNanos = System.nanoTime();
  private boolean closed;

  private QueryServer(
      Path root,
      LakehouseCatalog catalog,
      EmbeddedCluster cluster,
      HttpServer http,
      ExecutorService queries,
      QueryServerAddress address) {
    this.root = root;
    this.catalog = catalog;
    this.cluster = cluster;
    this.http = http;
    this.queries = queries;
    this.address = address;
  }

  /**
   * Starts the server of data directory {@code root} over {@code catalog} on {@code port} (0: a
   * free one), warms it up with a first query, and publishes its address.
   *
   * @param catalogName what the catalog is, as {@link QueryServerAddress#catalog()} records it
   */
  public static QueryServer start(Path root, LakehouseCatalog catalog, String catalogName, int port)
      throws Exception {
    EmbeddedCluster cluster = EmbeddedCluster.forQueries();
    HttpServer http = null;
    ExecutorService queries = null;
    try {
      warmUp(catalog);
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
      queries = Executors.newSingleThreadExecutor();
      http.setExecutor(queries);
      byte[] secret = new byte[16];
      new SecureRandom().nextBytes(secret);
      QueryServerAddress address =
          new QueryServerAddress(
              http.getAddress().getPort(),
              ProcessHandle.current().pid(),
              HexFormat.of().formatHex(secret),
              catalogName);
      QueryServer server = new QueryServer(root, catalog, cluster, http, queries, address);
      http.createContext("/query", server::handle);
      http.start();
      address.writeTo(root);
      LOG.info("Query server of {} listening on 127.0.0.1:{}", root, address.port());
      return server;
    } catch (Exception e) {
      // A server that could not announce itself (its address file unwritable) must not keep
      // listening, nor keep the process alive through its executor's thread.
      if (http != null) {
        http.stop(0);
      }
      if (queries != null) {
        queries.shutdownNow();
      }
      cluster.close();
      throw e;
    }
  }

  /**
   * The first statements load and compile most of what every later one uses: planning, a job on the
   * cluster, an Iceberg scan. A few counts over a table make the first user query as fast as the
   * next (measured: 4 s for the first count, under 0.4 s from the third).
   */
  private static void warmUp(LakehouseCatalog catalog) throws Exception {
    List<TableIdentifier> tables = catalog.tables();
    String sql =
        tables.isEmpty()
            ? "SELECT 1"
            : "SELECT COUNT(*) FROM " + TableNames.sql(tables.get(tables.size() - 1));
    for (int i = 0; i < WARM_UP_QUERIES; i++) {
      SqlQuery.over(catalog).execute(sql);
    }
  }

  public QueryServerAddress address() {
    return address;
  }

  /** How many statements it has answered with rows. */
  public long answered() {
    return answered.get();
  }

  /** How long since the last request reached it (or since it started, before the first). */
  public Duration idle() {
    return Duration.ofNanos(System.nanoTime() - lastRequestNanos);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      answer(exchange);
    } finally {
      // Idle from the end of the last answer: a long query does not count as idle time.
      lastRequestNanos = System.nanoTime();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!address.token().equals(exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
        respond(exchange, 403, "Forbidden: send the token of " + QueryServerAddress.file(root));
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "POST the statement to /query");
        return;
      }
      String sql = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      ResultFormat format = formatOf(exchange.getRequestURI().getRawQuery());
      long started = System.nanoTime();
      try {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        format.print(
            SqlQuery.over(catalog).execute(sql),
            new PrintStream(text, true, StandardCharsets.UTF_8));
        respond(exchange, 200, text.toString(StandardCharsets.UTF_8));
        answered.incrementAndGet();
        LOG.info("Answered in {} ms: {}", (System.nanoTime() - started) / 1_000_000, sql);
      } catch (InvalidQueryException e) {
        respond(exchange, INVALID_QUERY, e.getMessage());
      } catch (Exception e) {
        LOG.warn("Query failed: {}", sql, e);
        respond(exchange, 500, describe(e));
      }
    }
  }

  private static ResultFormat formatOf(String rawQuery) {
    Map<String, String> params =
        rawQuery == null
            ? Map.of()
            : Stream.of(rawQuery.split("&"))
                .map(p -> p.split("=", 2))
                .filter(p -> p.length == 2)
                .collect(
                    Collectors.toMap(
                        p -> p[0],
                        p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8),
                        (a, b) -> b));
    return ResultFormat.valueOf(params.getOrDefault("format", "table").toUpperCase());
  }

  /** The failure and its causes, one per line, as the CLI's own report of a failed query. */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder("Query failed: ");
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t == e ? "" : "\n  caused by: ").append(t);
    }
    return text.toString();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops answering, removes the address file and stops the embedded cluster. */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    address.removeFrom(root);
    http.stop(0);
    queries.shutdownNow();
    cluster.close();
  }
}
