package io.lakehouseflow.core.config;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where a pipeline keeps its files on a machine: the data directory (default {@code
 * ./lakehouse-data}) holding the warehouse, the landing root and job checkpoints, unless the spec
 * points elsewhere with absolute paths.
 */
public record DataLayout(Path root) implements Serializable {
  public static final String DEFAULT_ROOT = "lakehouse-data";

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

  /** The checkpoint directory of one job, {@code <root>/checkpoints/<job>}. */
  public Path checkpoints(String jobName) {
    return root.resolve("checkpoints").resolve(jobName);
  }
}
