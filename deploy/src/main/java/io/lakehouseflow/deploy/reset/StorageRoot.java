package io.lakehouseflow.deploy.reset;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A directory or object-storage prefix that files must lie under before a reset may delete them.
 * Local locations are compared as normalized paths, whether written {@code /x}, {@code file:/x} or
 * {@code file:///x}; others ({@code s3://bucket/x}) by scheme, authority and path prefix.
 */
record StorageRoot(String location) {
  /** Whether {@code fileLocation} lies under this root (or is the root itself). */
  boolean contains(String fileLocation) {
    Path local = localPath(location);
    Path file = localPath(fileLocation);
    if (local != null || file != null) {
      return local != null && file != null && file.startsWith(local);
    }
    URI root = URI.create(location.replace(" ", "%20")).normalize();
    URI candidate = URI.create(fileLocation.replace(" ", "%20")).normalize();
    if (!root.getScheme().equalsIgnoreCase(candidate.getScheme())
        || !String.valueOf(root.getAuthority()).equals(String.valueOf(candidate.getAuthority()))) {
      return false;
    }
    String rootPath = stripTrailingSlash(root.getPath());
    String path = candidate.getPath();
    return path.equals(rootPath) || path.startsWith(rootPath + "/");
  }

  /** The local path a location names, or null for object storage. */
  private static Path localPath(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    if (lower.startsWith("file:")) {
      // Not URI.create: Hadoop writes local locations unencoded, spaces included.
      String path = location.substring("file:".length());
      if (path.startsWith("//")) {
        int slash = path.indexOf('/', 2);
        path = slash < 0 ? "/" : path.substring(slash); // file:///x and file://host/x
      }
      return Path.of(path).normalize();
    }
    if (location.contains("://")) {
      return null;
    }
    return Path.of(location).toAbsolutePath().normalize();
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  @Override
  public String toString() {
    return location;
  }
}
