package io.lakehouseflow.deploy.docs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves a written docs site over HTTP on the loopback address, with the JDK's own server: for
 * browsers that restrict pages opened from {@code file://}. Files only, read-only, nothing outside
 * the site's directory.
 */
public final class DocsServer implements AutoCloseable {
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "json", "application/json; charset=utf-8");

  private final HttpServer server;
  private final Path site;

  private DocsServer(HttpServer server, Path site) {
    this.server = server;
    this.site = site;
  }

  /**
   * Starts serving {@code site} on {@code port} of the loopback address (0 picks a free port).
   *
   * @throws UncheckedIOException naming the port when it cannot be bound
   */
  public static DocsServer start(Path site, int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serve the docs on port "
              + port
              + ": "
              + e.getMessage()
              + ". Pass another --port, or 0 for any free one.",
          e);
    }
    DocsServer docs = new DocsServer(server, site.toAbsolutePath().normalize());
    server.createContext("/", docs::handle);
    server.start();
    return docs;
  }

  /** The site's address, {@code http://127.0.0.1:<port>/}. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create(
        "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Path file = site.resolve(path.substring(1)).normalize();
      if (Files.isDirectory(file)) {
        file = file.resolve("index.html");
      }
      if (!"GET".equals(exchange.getRequestMethod())
          || !file.startsWith(site)
          || !Files.isRegularFile(file)) {
        byte[] body =
            ("Not found: " + path + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      String name = file.getFileName().toString();
      String extension = name.substring(name.lastIndexOf('.') + 1);
      exchange
          .getResponseHeaders()
          .set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
      byte[] body = Files.readAllBytes(file);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
