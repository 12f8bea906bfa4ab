package io.lakehouseflow.ingestion.discovery;

import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.core.fs.Path;

/**
 * Which landing files and directories are read: every name except hidden ones (starting with {@code
 * .} or {@code _}, as Flink and Hadoop mark temporary and marker files such as {@code _SUCCESS})
 * and names matching one of the source's {@code ignore} globs ({@code *.tmp}). A writer that lands
 * a file under such a name and renames it when complete has it read once, complete.
 */
public final class LandingFileFilter implements Predicate<Path>, Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> ignore;
  private transient List<PathMatcher> matchers;

  private LandingFileFilter(List<String> ignore) {
    this.ignore = ignore;
  }

  /** A filter skipping hidden names and names matching one of {@code ignore} (globs). */
  public static LandingFileFilter ignoring(List<String> ignore) {
    return new LandingFileFilter(List.copyOf(ignore));
  }

  /** Whether {@code path}, a file or a directory, is read. */
  @Override
  public boolean test(Path path) {
    String name = path.getName();
    if (name.startsWith(".") || name.startsWith("_")) {
      return false;
    }
    java.nio.file.Path fileName = java.nio.file.Path.of(name);
    return matchers().stream().noneMatch(m -> m.matches(fileName));
  }

  private List<PathMatcher> matchers() {
    if (matchers == null) {
      matchers =
          ignore.stream()
              .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
              .toList();
    }
    return matchers;
  }
}
