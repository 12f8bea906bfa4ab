package io.lakehouseflow.core.config;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a pipeline keeps its files on a machine: the data directory (default {@code
 * ./lakehouse-data}) holding the warehouse, the landing root and job checkpoints, unless the spec
 * or the run options point elsewhere with absolute paths or URIs.
 */
public record DataLayout(Path root) implements Serializable {
  public static final String DEFAULT_ROOT = "lakehouse-data";

  // Two letters at least, so a Windows drive (C:\data) stays a local path.
  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

  public DataLayout {
    root = root.toAbsolutePath().normalize();
  }

  /** A local {@code path} as is when absolute, else resolved against the root. */
  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p.normalize() : root.resolve(p).normalize();
  }

  /** A storage location: a URI ({@code s3://...}) as is, a local path as {@link #resolve}. */
  public String location(String pathOrUri) {
    return pathOrUri.contains("://") ? pathOrUri : resolve(pathOrUri).toString();
  }

  /**
   * A location as a URI: one with a scheme ({@code s3://bucket/x}, {@code file:/x}) as is, a local
   * path resolved as {@link #resolve} and turned into a {@code file:} URI.
   *
   * @throws IllegalArgumentException when {@code pathOrUri} has a scheme but is no valid URI
   */
  public URI uri(String pathOrUri) {
    return URI_SCHEME.matcher(pathOrUri).find()
        ? URI.create(pathOrUri)
        : resolve(pathOrUri).toUri();
  }

  /** The default root of job checkpoints, {@code <root>/checkpoints}, as a {@code file:} URI. */
  public URI checkpoints() {
    return root.resolve("checkpoints").toUri();
  }
}
