package io.lakehouseflow.ingestion.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
  private final CommittedLines committed;
  private final FileEnumerator files = new NonSplittingRecursiveEnumerator();
  private int lastLoggedFileCount = -1;

  private ResumingFileEnumerator(
      String sourceName, LandingFileNames names, CommittedLines committed) {
    this.sourceName = sourceName;
    this.names = names;
    this.committed = committed;
  }

  /**
   * A provider for {@code FileSource.setFileEnumerator}.
   *
   * @param committed what bronze already holds of each file
   */
  public static Provider provider(
      String sourceName, LandingFileNames names, CommittedLines committed) {
    return () -> new ResumingFileEnumerator(sourceName, names, committed);
  }

  @Override
  public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
      throws IOException {
    List<FileSourceSplit> splits = new ArrayList<>();
    int resumed = 0;
    for (FileSourceSplit split : files.enumerateSplits(paths, minDesiredSplits)) {
      String name = names.nameOf(split.path());
      Long lastLine = committed.lastLine().get(name);
      Long ingestedSize = committed.fileSize().get(name);
      if (ingestedSize != null && split.fileSize() < ingestedSize) {
        throw new IOException(
            "Cannot resume landing file "
                + name
                + " of source '"
                + sourceName
                + "': it has "
                + split.fileSize()
                + " bytes but had "
                + ingestedSize
                + " when its lines up to "
                + lastLine
                + " were ingested, so it was replaced or truncated and resuming would skip or"
                + " repeat lines. Landing files may only grow: write new data to a new file. To"
                + " ingest the file again from its start, rebuild bronze."
                + sourceName
                + " and the layers built on it with ./lakehouse reset --layer all (with this"
                + " run's --pipeline and --data-dir).");
      }
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
