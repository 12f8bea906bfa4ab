package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far each landing file is already in bronze: the highest {@code _record_number} committed per
 * {@code _source_file}, and the largest size the file had while it was read. Iceberg commits a
 * prefix of every file per checkpoint, so every line up to that number is in bronze and none after
 * it, which makes this an exact resume point for runs that start without a Flink checkpoint.
 *
 * <p>Reading it costs what was committed since the previous run, not all of bronze: {@link
 * #of(Table, Path)} keeps the state of the snapshot it read in a small file and, next time, adds
 * only the data files committed after that snapshot ({@link BronzeDataFiles}). The file is a cache,
 * never the truth: when it is missing, unreadable, of another table (a reset recreated it) or of a
 * snapshot that is no longer an ancestor of the current one (expired), the state is read from all
 * of bronze, which gives the same maps.
 *
 * @param lastLine the last committed line per file name
 * @param fileSize the largest {@code _file_size} seen per file name; a file now smaller was
 *     replaced
 */
public record CommittedLines(Map<String, Long> lastLine, Map<String, Long> fileSize)
    implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(CommittedLines.class);
  private static final int FORMAT_VERSION = 1;

  public CommittedLines {
    lastLine = Map.copyOf(lastLine);
    fileSize = Map.copyOf(fileSize);
  }

  /**
   * Where the committed state of {@code source}'s bronze table is kept between runs: beside the
   * checkpoints, for both run modes (it is the table's, not a job's).
   */
  public static Path cache(PipelineRun run, SourceSpec source) {
    return new Path(new Path(run.checkpointsRoot(), "bronze-files"), source.name() + ".state");
  }

  /** What {@code bronze} holds of each file, read from all of its current snapshot. */
  public static CommittedLines of(Table bronze) {
    return read(bronze, new HashMap<>(), new HashMap<>(), 0);
  }

  /**
   * What {@code bronze} holds of each file at its current snapshot, starting from the state {@code
   * cache} kept of an earlier snapshot, and keeping the new state there for the next run.
   */
  public static CommittedLines of(Table bronze, Path cache) {
    long started = System.nanoTime();
    Snapshot current = bronze.currentSnapshot();
    if (current == null) {
      return of(bronze);
    }
    Optional<Cached> cached = load(bronze, cache);
    if (cached.isPresent() && cached.get().snapshotId() == current.snapshotId()) {
      return cached.get().lines();
    }
    CommittedLines lines =
        cached
            .map(
                c ->
                    read(
                        bronze,
                        new HashMap<>(c.lines().lastLine()),
                        new HashMap<>(c.lines().fileSize()),
                        c.sequenceNumber()))
            .orElseGet(() -> of(bronze));
    store(bronze, cache, new Cached(current.snapshotId(), current.sequenceNumber(), lines));
    LOG.info(
        "{}: committed state of {} landing files read {} in {} ms",
        bronze.name(),
        lines.lastLine().size(),
        cached.isPresent()
            ? "from the state of snapshot " + cached.get().snapshotId() + " and the files since"
            : "from all of the table",
        (System.nanoTime() - started) / 1_000_000);
    return lines;
  }

  /**
   * Whether bronze holds every line {@code file} (named {@code name}) can ever yield, so reading it
   * again would only skip lines: it has the size it had when its last committed line was read, and
   * it ends with a line break. A file without one may have had its unterminated last line withheld
   * then (not settled yet), so it is read again; so is a pipe, and a file that changed. A
   * compressed or Parquet file is only ever read whole, so its size alone tells.
   */
  public boolean holdsAllOf(LandingFile file, String name) throws IOException {
    Long ingestedSize = fileSize.get(name);
    if (ingestedSize == null || file.isPipe() || file.size() != ingestedSize) {
      return false;
    }
    return file.size() == 0 || file.readWhole() || file.endsWithLineBreak();
  }

  private static CommittedLines read(
      Table bronze, Map<String, Long> lastLine, Map<String, Long> fileSize, long sequenceNumber) {
    BronzeDataFiles.since(bronze, sequenceNumber)
        .forEach(
            (file, extent) -> {
              lastLine.merge(file, extent.lastLine(), Math::max);
              fileSize.merge(file, extent.fileSize(), Math::max);
            });
    return new CommittedLines(lastLine, fileSize);
  }

  /** The state of one snapshot, as kept in the cache file. */
  private record Cached(long snapshotId, long sequenceNumber, CommittedLines lines) {}

  private static Optional<Cached> load(Table bronze, Path cache) {
    try {
      FileSystem fs = cache.getFileSystem();
      if (!fs.exists(cache)) {
        return Optional.empty();
      }
      try (FSDataInputStream stream = fs.open(cache);
          DataInputStream in = new DataInputStream(stream)) {
        if (in.readInt() != FORMAT_VERSION || !in.readUTF().equals(bronze.uuid().toString())) {
          return Optional.empty();
        }
        long snapshotId = in.readLong();
        long sequenceNumber = in.readLong();
        Snapshot current = bronze.currentSnapshot();
        if (snapshotId != current.snapshotId()
            && !SnapshotUtil.isAncestorOf(bronze, current.snapshotId(), snapshotId)) {
          return Optional.empty();
        }
        int files = in.readInt();
        Map<String, Long> lastLine = new HashMap<>(files * 2);
        Map<String, Long> fileSize = new HashMap<>(files * 2);
        for (int i = 0; i < files; i++) {
          String name = in.readUTF();
          lastLine.put(name, in.readLong());
          fileSize.put(name, in.readLong());
        }
        return Optional.of(
            new Cached(snapshotId, sequenceNumber, new CommittedLines(lastLine, fileSize)));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Ignoring the committed-state cache {} of {} ({}); reading all of the table instead",
          cache,
          bronze.name(),
          e.toString());
      return Optional.empty();
    }
  }

  private static void store(Table bronze, Path cache, Cached state) {
    Path temporary = new Path(cache.getParent(), "." + cache.getName() + ".tmp");
    try {
      FileSystem fs = cache.getFileSystem();
      fs.mkdirs(cache.getParent());
      try (FSDataOutputStream stream = fs.create(temporary, FileSystem.WriteMode.OVERWRITE);
          DataOutputStream out = new DataOutputStream(stream)) {
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(bronze.uuid().toString());
        out.writeLong(state.snapshotId());
        out.writeLong(state.sequenceNumber());
        Map<String, Long> lastLine = state.lines().lastLine();
        Map<String, Long> fileSize = state.lines().fileSize();
        // Every committed row has a file name, a line and a size, so both maps hold the same files.
        out.writeInt(lastLine.size());
        for (Map.Entry<String, Long> file : lastLine.entrySet()) {
          out.writeUTF(file.getKey());
          out.writeLong(file.getValue());
          out.writeLong(fileSize.getOrDefault(file.getKey(), 0L));
        }
      }
      if (!fs.rename(temporary, cache)) {
        fs.delete(cache, false);
        if (!fs.rename(temporary, cache)) {
          throw new IOException("cannot rename " + temporary + " to " + cache);
        }
      }
    } catch (IOException e) {
      // Only the next run's speed depends on it.
      LOG.warn(
          "Failed to keep the committed state of {} in {}: {}", bronze.name(), cache, e.toString());
    }
  }
}
