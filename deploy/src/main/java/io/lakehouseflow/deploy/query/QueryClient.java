package io.lakehouseflow.deploy.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends a statement to the running query server of a data directory ({@link QueryServer}), so that
 * {@code lakehouse query} answers without starting Flink itself.
 */
public final class QueryClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final QueryServerAddress address;

  private QueryClient(QueryServerAddress address) {
    this.address = address;
  }

  /** A client of {@code address}'s server. */
  public static QueryClient of(QueryServerAddress address) {
    return new QueryClient(address);
  }

  /**
   * The printed result of {@code sql} in {@code format}, or empty when the server did not answer
   * (it stopped since its address was read): the caller then runs the statement itself.
   *
   * @throws InvalidQueryException when the statement cannot run, with the server's message
   * @throws IllegalStateException when it failed on the server, with the failure and its causes
   */
  public Optional<String> execute(String sql, ResultFormat format) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + address.port()
                        + "/query?format="
                        + format.name().toLowerCase()))
            .header(QueryServer.TOKEN_HEADER, address.token())
            .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newBuilder()
              .connectTimeout(CONNECT_TIMEOUT)
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException notListening) {
      return Optional.empty();
    }
    switch (response.statusCode()) {
      case 200:
        return Optional.of(response.body());
      case QueryServer.INVALID_QUERY:
        throw new InvalidQueryException(response.body(), null);
      default:
        throw new IllegalStateException(
            response.body() + "\n(from the query server on port " + address.port() + ")");
    }
  }
}
