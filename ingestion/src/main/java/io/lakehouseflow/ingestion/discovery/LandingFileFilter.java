package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.spec.DiscoveryOptions;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.core.fs.Path;

/**
 * Which landing files and directories are read: every name except hidden ones (starting with {@code
 * .} or {@code _}, as Flink and Hadoop mark temporary and marker files such as {@code _SUCCESS})
 * and names matching one of the source's {@code ignore} globs ({@code *.tmp}). A writer that lands
 * a file under such a name and renames it when complete has it read once, complete. Of the files
 * left, only those matching an {@code include} glob (when the source declares any) and modified
 * after {@code modified_after} (when set) are read ({@link #acceptsFile}). It also tells whether
 * the source's files are read only whole, once settled ({@link #readsWholeFiles}), which the
 * listing decides each file's readable part by.
 */
public final class LandingFileFilter implements Predicate<Path>, Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> ignore;
  private final List<String> include;
  private final Long modifiedAfterMillis;
  private final boolean wholeFiles;
  private transient List<PathMatcher> matchers;
  private transient List<PathMatcher> includeMatchers;

  private LandingFileFilter(
      List<String> ignore, List<String> include, Long modifiedAfterMillis, boolean wholeFiles) {
    this.ignore = ignore;
    this.include = include;
    this.modifiedAfterMillis = modifiedAfterMillis;
    this.wholeFiles = wholeFiles;
  }

  /** A filter skipping hidden names and names matching one of {@code ignore} (globs). */
  public static LandingFileFilter ignoring(List<String> ignore) {
    return new LandingFileFilter(List.copyOf(ignore), List.of(), null, false);
  }

  /** The filter of {@code source}: its ignore and include globs and its {@code modified_after}. */
  public static LandingFileFilter of(SourceSpec source) {
    DiscoveryOptions discovery = source.discovery();
    return new LandingFileFilter(
        List.copyOf(source.ignore()),
        discovery.include(),
        discovery.modifiedAfterTime().map(Instant::toEpochMilli).orElse(null),
        source.format().readsWholeFiles());
  }

  /** Whether every file of the source is read only whole, once settled (Parquet). */
  public boolean readsWholeFiles() {
    return wholeFiles;
  }

  /**
   * Whether a file that passed {@link #test} is read: its name matches an include glob (or none is
   * declared) and it was modified after {@code modified_after} (or none is set).
   */
  public boolean acceptsFile(Path path, long modificationTime) {
    if (modifiedAfterMillis != null && modificationTime <= modifiedAfterMillis) {
      return false;
    }
    if (include.isEmpty()) {
      return true;
    }
    if (includeMatchers == null) {
      includeMatchers = compile(include);
    }
    java.nio.file.Path fileName = java.nio.file.Path.of(path.getName());
    return includeMatchers.stream().anyMatch(m -> m.matches(fileName));
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
      matchers = compile(ignore);
    }
    return matchers;
  }

  private static List<PathMatcher> compile(List<String> globs) {
    return globs.stream()
        .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
        .toList();
  }
}
