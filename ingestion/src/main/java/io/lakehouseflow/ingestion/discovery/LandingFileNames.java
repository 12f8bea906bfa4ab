package io.lakehouseflow.ingestion.discovery;

import java.io.Serializable;
import org.apache.flink.core.fs.Path;

/**
 * Names landing files as the spec does, {@code <landing>/<source path>/<file>} (for example {@code
 * landing/bookings/bookings-0002.csv}), rather than by absolute location. The name is stored in
 * {@code _source_file} and is the key of resuming, so bronze stays valid when the data directory
 * moves.
 */
public final class LandingFileNames implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String rootPath;
  private final String displayRoot;

  private LandingFileNames(String rootPath, String displayRoot) {
    this.rootPath = rootPath;
    this.displayRoot = displayRoot;
  }

  /**
   * Names for files under the landing root at {@code rootLocation} (a local path or URI), shown as
   * {@code displayRoot} (the landing root as written in the spec).
   */
  public static LandingFileNames of(String rootLocation, String displayRoot) {
    return new LandingFileNames(
        withoutTrailingSlash(new Path(rootLocation).toUri().getPath()),
        withoutTrailingSlash(displayRoot));
  }

  /** The name of {@code file}; a file outside the landing root keeps its full location. */
  public String nameOf(Path file) {
    String path = file.toUri().getPath();
    if (path != null && path.startsWith(rootPath + "/")) {
      return displayRoot + path.substring(rootPath.length());
    }
    return file.toString();
  }

  private static String withoutTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
