package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.spec.DiscoveryOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a source's landing files into splits, one per file, each starting after its last line
 * already committed to bronze (so a run without a Flink checkpoint neither repeats nor loses lines)
 * and ending where the file's complete lines end ({@link LandingFile}), so a reader never reads a
 * line its writer has not finished.
 *
 * <p>An available-now run hands over the files its client listed ({@link #listed}), so the job
 * reads exactly what the conservation check then counts. A continuous run lists at every discovery
 * ({@link #discovering}).
 */
public final class ResumingFileEnumerator implements FileEnumerator {
  private static final Logger LOG = LoggerFactory.getLogger(ResumingFileEnumerator.class);

  private final String sourceName;
  private final LandingFileNames names;
  private final CommittedLines committed;
  private final Discovery discovery;
  private final DiscoveryOptions limits;
  private int nextId;
  private String lastLogged;

  /** Files the last discovery left for the next one by the trigger's limits; read by a gauge. */
  private volatile int heldBack;

  /**
   * Files found wholly in bronze, with their size then: continuous discovery lists them again every
   * interval (Flink remembers only paths it was given splits for), and need not open them again.
   */
  private final Map<String, Long> wholeInBronze = new HashMap<>();

  /** Creates the enumerator of one split enumerator, typed so its backlog can be read. */
  public interface Provider extends FileEnumerator.Provider {
    @Override
    ResumingFileEnumerator create();
  }

  /** Where the files of one call to {@link #enumerateSplits} come from. */
  private interface Discovery {
    List<LandingFile> files(Path[] paths) throws IOException;
  }

  private ResumingFileEnumerator(
      String sourceName,
      LandingFileNames names,
      CommittedLines committed,
      Discovery discovery,
      DiscoveryOptions limits) {
    this.sourceName = sourceName;
    this.names = names;
    this.committed = committed;
    this.discovery = discovery;
    this.limits = limits;
  }

  /**
   * A provider for {@code FileSource.setFileEnumerator} that reads exactly {@code files}, each up
   * to its readable length, whatever the source's paths hold when the job starts.
   *
   * @param committed what bronze already holds of each file
   */
  public static Provider listed(
      String sourceName,
      LandingFileNames names,
      CommittedLines committed,
      List<LandingFile> files) {
    List<LandingFile> listed = List.copyOf(files);
    return () ->
        new ResumingFileEnumerator(
            sourceName, names, committed, paths -> listed, DiscoveryOptions.DEFAULT);
  }

  /**
   * A provider for a continuous {@code FileSource}: each discovery lists the source's paths and
   * decides at that moment which files are complete.
   *
   * <p>A file whose unterminated last line has not settled yet is withheld, not offered with its
   * complete lines only: Flink's {@code ContinuousFileSplitEnumerator} marks a path processed when
   * a split for it is returned (and only then), and never offers that path again. Offering the
   * complete part would leave the last line, once its writer ends it, unread until the next
   * available-now run; withholding offers the whole file at the first discovery after the line is
   * terminated or has settled. An empty file that has not settled is withheld too: its writer has
   * created it and not written yet.
   */
  public static Provider discovering(
      String sourceName,
      LandingFileNames names,
      CommittedLines committed,
      LandingFileFilter filter,
      Duration settle,
      DiscoveryOptions limits) {
    return () ->
        new ResumingFileEnumerator(
            sourceName,
            names,
            committed,
            paths -> {
              Instant now = Instant.now();
              List<LandingFile> ready = new ArrayList<>();
              for (Path path : paths) {
                for (LandingFile file : LandingFiles.list(path, filter, settle, now)) {
                  if (file.isComplete() && (file.size() > 0 || file.isSettled(settle, now))) {
                    ready.add(file);
                  }
                }
              }
              return ready;
            },
            limits);
  }

  /**
   * How many files the last discovery found unread but left for the next one, by the trigger's
   * limits ({@code max_files_per_trigger}, {@code max_bytes_per_trigger}).
   */
  public int heldBack() {
    return heldBack;
  }

  @Override
  public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
      throws IOException {
    List<FileSourceSplit> splits = new ArrayList<>();
    int resumed = 0;
    int partial = 0;
    int ingested = 0;
    List<LandingFile> toRead = new ArrayList<>();
    for (LandingFile file : discovery.files(paths)) {
      String name = names.nameOf(file.path());
      Long whole = wholeInBronze.get(name);
      if ((whole != null && whole == file.size()) || committed.holdsAllOf(file, name)) {
        wholeInBronze.put(name, file.size());
        ingested++;
      } else {
        toRead.add(file);
      }
    }
    // Files past the trigger's limits get no split, so the next discovery offers them again.
    List<LandingFile> trigger = Triggers.first(toRead, limits);
    int waiting = toRead.size() - trigger.size();
    heldBack = waiting;
    for (LandingFile file : trigger) {
      String name = names.nameOf(file.path());
      FileSourceSplit split = file.split(Integer.toString(nextId++));
      Long lastLine = committed.lastLine().get(name);
      Long ingestedSize = committed.fileSize().get(name);
      if (ingestedSize != null && !file.isPipe() && file.size() < ingestedSize) {
        throw new IOException(
            "Cannot resume landing file "
                + name
                + " of source '"
                + sourceName
                + "': it has "
                + file.size()
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
      if (!file.isComplete()) {
        partial++;
      }
      if (lastLine != null) {
        splits.add(split.updateWithCheckpointedPosition(new CheckpointedPosition(lastLine, 0)));
        resumed++;
      } else {
        splits.add(split);
      }
    }
    // Continuous discovery lists every file each interval; log only when the listing changes.
    String summary = splits.size() + "/" + resumed + "/" + partial + "/" + ingested + "/" + waiting;
    if (!summary.equals(lastLogged)) {
      LOG.info(
          "Source {}: {} landing files to read, {} of them partly in bronze already (resumed"
              + " after their last committed line), {} read up to their last line break (their"
              + " unterminated last line waits for its line break or the settle time); {} files"
              + " wholly in bronze, not opened; {} left for the next discovery by the trigger's"
              + " limits",
          sourceName,
          splits.size(),
          resumed,
          partial,
          ingested,
          waiting);
      lastLogged = summary;
    }
    return splits;
  }
}
