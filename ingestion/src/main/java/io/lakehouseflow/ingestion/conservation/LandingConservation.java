package io.lakehouseflow.ingestion.conservation;

import io.lakehouseflow.ingestion.discovery.BronzeDataFiles;
import io.lakehouseflow.ingestion.discovery.CommittedLines;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import io.lakehouseflow.ingestion.format.LandingBulkFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.core.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bronze half of an available-now run's conservation check, for one source: every line the run
 * had to read from a landing file is a row the run committed to bronze. Taken before the job starts
 * ({@link #before}), it remembers the table's snapshot, the files the run's client listed with the
 * part of each that holds complete lines, and each file's resume point; checked after the job
 * ({@link #imbalances}), it compares, per listed file, the lines after that resume point and within
 * that part with the rows of that {@code _source_file} in the data files committed since the
 * snapshot. A file that lands or grows during the run is not part of the run: the next run reads
 * it.
 *
 * <p>Rows are counted by {@link BronzeDataFiles}, from Iceberg metadata where a data file holds one
 * landing file only, so the check reads only this run's new data, never all of bronze. Lines are
 * counted by the reader's own rules ({@link LandingBulkFormat#countLines}).
 */
public final class LandingConservation {
  private static final Logger LOG = LoggerFactory.getLogger(LandingConservation.class);

  private final String sourceName;
  private final Path landing;
  private final List<LandingFile> files;
  private final LandingFileNames names;
  private final CommittedLines committed;
  private final LandingBulkFormat format;
  private final long sequenceNumberBefore;

  private LandingConservation(
      String sourceName,
      Path landing,
      List<LandingFile> files,
      LandingFileNames names,
      CommittedLines committed,
      LandingBulkFormat format,
      long sequenceNumberBefore) {
    this.sourceName = sourceName;
    this.landing = landing;
    this.files = files;
    this.names = names;
    this.committed = committed;
    this.format = format;
    this.sequenceNumberBefore = sequenceNumberBefore;
  }

  /**
   * Remembers what {@code bronze} holds before a run: its current snapshot, and {@code committed},
   * the resume points the run's readers start from (read from that same snapshot); {@code files}
   * are the landing files under {@code landing} the run reads, as its client listed them.
   */
  public static LandingConservation before(
      String sourceName,
      Table bronze,
      Path landing,
      List<LandingFile> files,
      LandingFileNames names,
      CommittedLines committed,
      LandingBulkFormat format) {
    Snapshot snapshot = bronze.currentSnapshot();
    return new LandingConservation(
        Objects.requireNonNull(sourceName, "sourceName"),
        Objects.requireNonNull(landing, "landing"),
        List.copyOf(files),
        Objects.requireNonNull(names, "names"),
        Objects.requireNonNull(committed, "committed"),
        Objects.requireNonNull(format, "format"),
        snapshot == null ? 0 : snapshot.sequenceNumber());
  }

  public String sourceName() {
    return sourceName;
  }

  /**
   * The landing files whose lines after their resume point differ from the rows committed to {@code
   * bronze} (refreshed after the run) since the snapshot {@link #before} saw; empty when every line
   * arrived exactly once.
   */
  public List<Imbalance> imbalances(Table bronze) {
    Map<String, Long> rows = rowsCommittedSinceBefore(bronze);
    List<Imbalance> imbalances = new ArrayList<>();
    try {
      for (LandingFile file : files) {
        String name = names.nameOf(file.path());
        if (file.isPipe()) {
          // A pipe is read once; its lines cannot be counted again.
          LOG.warn("Source {}: {} is a named pipe, its lines are not checked", sourceName, name);
          rows.remove(name);
          continue;
        }
        long after = committed.lastLine().getOrDefault(name, 0L);
        long lines = format.countLines(file, after);
        long committedRows = rows.getOrDefault(name, 0L);
        if (lines != committedRows) {
          imbalances.add(new Imbalance(name, after, lines, committedRows));
        }
        rows.remove(name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to count the lines of the landing files of source '"
              + sourceName
              + "' under "
              + landing
              + ". Check that the directory is readable.",
          e);
    }
    // Rows of files the run did not list have no lines to match: something else wrote them.
    rows.forEach((name, count) -> imbalances.add(new Imbalance(name, 0, 0, count)));
    return imbalances;
  }

  private Map<String, Long> rowsCommittedSinceBefore(Table bronze) {
    Map<String, Long> rows = new TreeMap<>();
    BronzeDataFiles.since(bronze, sequenceNumberBefore)
        .forEach((file, extent) -> rows.put(file, extent.rows()));
    return rows;
  }

  /**
   * A landing file whose lines and bronze rows differ.
   *
   * @param file the file's name, as in {@code _source_file}
   * @param afterLine the last line bronze held before the run; lines after it were to be read
   * @param lines the non-blank lines after the header (or from the first line, when the header does
   *     not match) and after {@code afterLine}, up to where the file's complete lines ended
   * @param committedRows the rows of the file bronze committed in the run
   */
  public record Imbalance(String file, long afterLine, long lines, long committedRows) {
    /** {@code <file> has N lines but bronze committed M} and where the lines were counted from. */
    public String describe() {
      return file
          + " has "
          + lines
          + (lines == 1 ? " line" : " lines")
          + (afterLine > 0 ? " after line " + afterLine : "")
          + " but bronze committed "
          + committedRows;
    }
  }
}
