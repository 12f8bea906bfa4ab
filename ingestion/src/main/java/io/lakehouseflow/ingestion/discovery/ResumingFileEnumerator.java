package io.lakehouseflow.ingestion.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a source's landing files (recursively, one split per file, skipping hidden files starting
 * with {@code .} or {@code _}) and starts each file after its last line already committed to
 * bronze, so a run without a Flink checkpoint neither repeats nor loses lines.
 */
public final class ResumingFileEnumerator implements FileEnumerator {
  private static final Logger LOG = LoggerFactory.getLogger(ResumingFileEnumerator.class);

  private final String sourceName;
  private final LandingFileNames names;
  private final Map<String, Long> committedLines;
  private final FileEnumerator files = new NonSplittingRecursiveEnumerator();
  private int lastLoggedFileCount = -1;

  private ResumingFileEnumerator(
      String sourceName, LandingFileNames names, Map<String, Long> committedLines) {
    this.sourceName = sourceName;
    this.names = names;
    this.committedLines = committedLines;
  }

  /**
   * A provider for {@code FileSource.setFileEnumerator}.
   *
   * @param committedLines the last committed line per file name, from {@link CommittedLines}
   */
  public static Provider provider(
      String sourceName, LandingFileNames names, Map<String, Long> committedLines) {
    Map<String, Long> lines = Map.copyOf(committedLines);
    return () -> new ResumingFileEnumerator(sourceName, names, lines);
  }

  @Override
  public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
      throws IOException {
    List<FileSourceSplit> splits = new ArrayList<>();
    int resumed = 0;
    for (FileSourceSplit split : files.enumerateSplits(paths, minDesiredSplits)) {
      Long lastLine = committedLines.get(names.nameOf(split.path()));
      if (lastLine != null && split.getReaderPosition().isEmpty()) {
        splits.add(split.updateWithCheckpointedPosition(new CheckpointedPosition(lastLine, 0)));
        resumed++;
      } else {
        splits.add(split);
      }
    }
    // Continuous discovery lists every file each interval; log only when the listing changes.
    if (splits.size() != lastLoggedFileCount) {
      LOG.info(
          "Source {}: found {} landing files, {} of them partly or fully in bronze already (resumed"
              + " after their last committed line)",
          sourceName,
          splits.size(),
          resumed);
      lastLoggedFileCount = splits.size();
    }
    return splits;
  }
}
