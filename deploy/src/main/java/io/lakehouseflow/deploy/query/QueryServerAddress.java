package io.lakehouseflow.deploy.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a data directory's query server listens, kept in {@code <data-dir>/.lakehouse-query-server}
 * while it runs: its port on the loopback interface, its process id, the secret a client sends with
 * each query (the file is readable by its owner only, so only that user's commands reach the
 * server), and the catalog it serves ({@code default} or the spec's path), so a query against
 * another catalog does not go to it.
 */
public record QueryServerAddress(int port, long pid, String token, String catalog) {
  private static final String FILE = ".lakehouse-query-server";

  /** The address file of the data directory {@code root}. */
  public static Path file(Path root) {
    return root.resolve(FILE);
  }

  /**
   * The address of the server of {@code root}, when its file exists and its process is alive; a
   * file left by a server that was killed is ignored.
   */
  public static Optional<QueryServerAddress> find(Path root) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file(root))) {
      p.load(in);
    } catch (IOException absentOrUnreadable) {
      return Optional.empty();
    }
    try {
      QueryServerAddress address =
          new QueryServerAddress(
              Integer.parseInt(p.getProperty("port")),
              Long.parseLong(p.getProperty("pid")),
              p.getProperty("token"),
              p.getProperty("catalog"));
      boolean alive = ProcessHandle.of(address.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(address) : Optional.empty();
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  /** Writes this address as {@code root}'s, replacing any, readable by its owner only. */
  public void writeTo(Path root) {
    Properties p = new Properties();
    p.setProperty("port", Integer.toString(port));
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("token", token);
    p.setProperty("catalog", catalog);
    Path file = file(root);
    try {
      Path temporary = Files.createTempFile(root, FILE, ".tmp");
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the data directory's own permissions apply.
      }
      try (OutputStream out = Files.newOutputStream(temporary)) {
        p.store(out, "The query server of this data directory, while it runs (lakehouse serve)");
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the query server's address to " + file, e);
    }
  }

  /** Removes {@code root}'s address file if it is this server's. */
  public void removeFrom(Path root) {
    if (find(root).filter(this::equals).isPresent()) {
      try {
        Files.deleteIfExists(file(root));
      } catch (IOException e) {
        // A stale file is ignored by the next client: its process is gone.
      }
    }
  }
}
