package io.lakehouseflow.ingestion.discovery;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Lists the landing files under a source's directory (recursively, through a {@link
 * LandingFileFilter}) and decides, at one instant, how much of each is complete ({@link
 * LandingFile}). A directory that does not exist holds no files: a source reads nothing until its
 * directory appears.
 */
public final class LandingFiles {
  private LandingFiles() {}

  /** The files under {@code directory} with their readable lengths decided at {@code decidedAt}. */
  public static List<LandingFile> list(
      Path directory, LandingFileFilter filter, Duration settle, Instant decidedAt)
      throws IOException {
    FileSystem fs = directory.getFileSystem();
    if (!fs.exists(directory)) {
      return List.of();
    }
    Listing listing = new Listing(filter, settle, decidedAt);
    listing.enumerateSplits(new Path[] {directory}, 1);
    return List.copyOf(listing.files);
  }

  /** Flink's recursive listing, deciding each file's readable length as it meets the file. */
  private static final class Listing extends NonSplittingRecursiveEnumerator {
    private final Duration settle;
    private final Instant decidedAt;
    private final List<LandingFile> files = new ArrayList<>();

    private final LandingFileFilter filter;

    Listing(LandingFileFilter filter, Duration settle, Instant decidedAt) {
      super(filter);
      this.filter = filter;
      this.settle = settle;
      this.decidedAt = decidedAt;
    }

    @Override
    protected void convertToSourceSplits(
        FileStatus file, FileSystem fs, List<FileSourceSplit> target) throws IOException {
      if (filter.acceptsFile(file.getPath(), file.getModificationTime())) {
        files.add(LandingFile.decide(fs, file, settle, decidedAt, filter.readsWholeFiles()));
      }
    }
  }
}
