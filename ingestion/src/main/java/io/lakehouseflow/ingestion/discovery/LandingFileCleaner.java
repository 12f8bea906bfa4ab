package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.LandingCleanup;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out each source's {@code cleanup}: deletes, or moves below the {@code move_to} directory
 * (keeping their path below the source's landing directory), the landing files bronze holds whole
 * ({@link CommittedLines#holdsAllOf}) at its current snapshot and that have settled, so no writer
 * is still appending to them. A file bronze holds only part of, an unterminated or unsettled file,
 * a named pipe and a file the source does not read are never touched.
 *
 * <p>Cleaning only ever follows a commit that is visible in the table, so it is safe to repeat: the
 * bronze job cleans at every start (mending a run that stopped between its commit and its cleanup)
 * and after each available-now trigger's conservation check passed. A failure to remove one file is
 * logged and left for the next start: the rows are committed either way.
 */
public final class LandingFileCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(LandingFileCleaner.class);

  private final PipelineRun run;
  private final LandingFileNames names;

  private LandingFileCleaner(PipelineRun run) {
    this.run = run;
    this.names =
        LandingFileNames.of(run.layout().location(run.spec().landing()), run.spec().landing());
  }

  /**
   * The cleaner of {@code run}'s sources.
   *
   * @throws IllegalArgumentException when a source's {@code move_to} resolves inside the landing
   *     root (the spec check catches it when both are written alike; this catches the rest)
   */
  public static LandingFileCleaner forRun(PipelineRun run) {
    Objects.requireNonNull(run, "run");
    Path landingRoot = new Path(run.layout().location(run.spec().landing()));
    for (SourceSpec source : run.spec().sources().values()) {
      source
          .cleanup()
          .archive()
          .ifPresent(
              dir -> {
                Path archive = new Path(run.layout().location(dir));
                if (isInside(archive, landingRoot)) {
                  throw new IllegalArgumentException(
                      "Invalid spec "
                          + run.spec().location()
                          + " at sources."
                          + source.name()
                          + ".cleanup.move_to: '"
                          + dir
                          + "' resolves to "
                          + archive
                          + ", inside the landing root "
                          + landingRoot
                          + ", so moved files would be ingested again. Choose a directory"
                          + " outside it, such as 'archive/"
                          + source.name()
                          + "'.");
                }
              });
    }
    return new LandingFileCleaner(run);
  }

  /**
   * Cleans the landing files of every source with a cleanup that bronze holds whole now.
   *
   * @return how many files were deleted or moved
   */
  public int clean() throws IOException {
    int cleaned = 0;
    List<SourceSpec> sources =
        run.spec().sources().values().stream().filter(s -> s.cleanup().removesFiles()).toList();
    if (sources.isEmpty()) {
      return 0;
    }
    try (LakehouseCatalog catalog = run.catalog()) {
      for (SourceSpec source : sources) {
        TableIdentifier id = TableNames.bronze(source.name());
        if (catalog.tableExists(id)) {
          cleaned +=
              clean(
                  source,
                  CommittedLines.of(catalog.loadTable(id), CommittedLines.cache(run, source)));
        }
      }
    }
    return cleaned;
  }

  private int clean(SourceSpec source, CommittedLines committed) throws IOException {
    Path landing = new Path(run.landingLocation(source.name()));
    Instant now = Instant.now();
    LandingCleanup cleanup = source.cleanup();
    Path archive = cleanup.archive().map(d -> new Path(run.layout().location(d))).orElse(null);
    int cleaned = 0;
    for (LandingFile file :
        LandingFiles.list(landing, LandingFileFilter.of(source), source.settle(), now)) {
      if (!file.isSettled(source.settle(), now)
          || !committed.holdsAllOf(file, names.nameOf(file.path()))) {
        continue;
      }
      if (archive == null ? delete(source, file) : move(source, file, landing, archive)) {
        cleaned++;
      }
    }
    if (cleaned > 0) {
      LOG.info(
          "Source {}: cleanup {} removed {} landing files wholly in bronze from {}",
          source.name(),
          cleanup.describe(),
          cleaned,
          landing);
    }
    return cleaned;
  }

  private static boolean delete(SourceSpec source, LandingFile file) {
    try {
      if (file.path().getFileSystem().delete(file.path(), false)) {
        return true;
      }
      LOG.warn(
          "Source {}: failed to delete landing file {} (wholly in bronze); the next run tries again",
          source.name(),
          file.path());
    } catch (IOException e) {
      LOG.warn(
          "Source {}: failed to delete landing file {} (wholly in bronze): {}; the next run tries"
              + " again",
          source.name(),
          file.path(),
          e.toString());
    }
    return false;
  }

  private static boolean move(SourceSpec source, LandingFile file, Path landing, Path archive) {
    String relative = relative(file.path(), landing);
    if (relative == null) {
      return false;
    }
    Path target = new Path(archive, relative);
    try {
      FileSystem fs = file.path().getFileSystem();
      if (fs.exists(target)) {
        // Never overwrite: the file there may be the only copy of other rows' source.
        LOG.warn(
            "Source {}: cannot move landing file {} (wholly in bronze) to {}: a file is there"
                + " already. Move or delete one of them; the file stays in landing until then",
            source.name(),
            file.path(),
            target);
        return false;
      }
      fs.mkdirs(target.getParent());
      if (fs.rename(file.path(), target)) {
        return true;
      }
      LOG.warn(
          "Source {}: failed to move landing file {} (wholly in bronze) to {}; the next run tries"
              + " again",
          source.name(),
          file.path(),
          target);
    } catch (IOException e) {
      LOG.warn(
          "Source {}: failed to move landing file {} (wholly in bronze) to {}: {}; the next run"
              + " tries again",
          source.name(),
          file.path(),
          target,
          e.toString());
    }
    return false;
  }

  /** The path of {@code file} below {@code directory}, or null when it is not below it. */
  private static String relative(Path file, Path directory) {
    String path = file.toUri().getPath();
    String root = directory.toUri().getPath();
    root = root.endsWith("/") ? root : root + "/";
    return path.startsWith(root) ? path.substring(root.length()) : null;
  }

  private static boolean isInside(Path path, Path root) {
    String p = path.toUri().getPath();
    String r = root.toUri().getPath();
    return Objects.equals(path.toUri().getScheme(), root.toUri().getScheme())
        && (p.equals(r) || (p + "/").startsWith(r.endsWith("/") ? r : r + "/"));
  }
}
