package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;

/**
 * Reads a landing file, in its source's {@link RecordFormat} (CSV, JSON Lines, Parquet), into
 * bronze rows, one per non-blank record or Parquet row, each positioned by its number in the file
 * ({@code _record_number}, from 1: the line a text record starts on, a Parquet row's index + 1) so
 * a checkpoint or a bronze resume point restarts exactly after the last record emitted: the records
 * numbered up to it are skipped whole. Files are not split: a line's number, and whether a line
 * break is inside quotes, are only known by reading from the start. A split's length is where its
 * file's complete lines end ({@code LandingFile}); nothing after it is read.
 *
 * <p>Whether a file has settled (what it holds is final: a quote its readable part ends inside is
 * malformed, not cut; a compressed file can be read) is judged at one instant, the one its listing
 * decided readable lengths at when given ({@link #judgingSettledAt}), so that readers and {@link
 * #countLines} decide alike; otherwise when a reader opens.
 */
public final class LandingBulkFormat implements BulkFormat<RowData, FileSourceSplit> {
  private static final long serialVersionUID = 1L;

  private final RecordFormat format;
  private final LandingFileNames names;
  private final LayerSchema layout;
  private final Map<String, Long> committedLines;
  private final Instant judgedAt;

  private LandingBulkFormat(
      RecordFormat format,
      LandingFileNames names,
      LayerSchema layout,
      Map<String, Long> committedLines,
      Instant judgedAt) {
    this.format = format;
    this.names = names;
    this.layout = layout;
    this.committedLines = committedLines;
    this.judgedAt = judgedAt;
  }

  /**
   * A format producing rows in the {@code layout} of the bronze table (from {@code
   * LayerSchemas.bronze}), which holds every column the parser reads. {@code committedLines} (last
   * committed line per file name, from bronze) is a floor for every reader: a checkpoint older than
   * a later run's commits cannot make a file's lines appear twice.
   */
  public static LandingBulkFormat of(
      RecordFormat format,
      LandingFileNames names,
      LayerSchema layout,
      Map<String, Long> committedLines) {
    Arrays.stream(format.columnNames()).forEach(layout::position);
    return new LandingBulkFormat(format, names, layout, new HashMap<>(committedLines), null);
  }

  /**
   * This format judging whether files have settled at {@code decidedAt}, the instant the listing of
   * the files it reads decided their readable lengths ({@code LandingFiles.list}): a file read and
   * counted later is judged as it was listed.
   */
  public LandingBulkFormat judgingSettledAt(Instant decidedAt) {
    return new LandingBulkFormat(
        format, names, layout, committedLines, Objects.requireNonNull(decidedAt, "decidedAt"));
  }

  private Instant judgedAt() {
    return judgedAt != null ? judgedAt : Instant.now();
  }

  @Override
  public Reader<RowData> createReader(Configuration config, FileSourceSplit split)
      throws IOException {
    String name = names.nameOf(split.path());
    return stopOnNewColumns(
        () ->
            LandingFileReader.open(
                format, layout, split, name, committedLines.getOrDefault(name, 0L), judgedAt()));
  }

  @Override
  public Reader<RowData> restoreReader(Configuration config, FileSourceSplit split)
      throws IOException {
    // Offsets are the start lines of emitted records; records after the offset are never used (0).
    long lastEmittedLine =
        split
            .getReaderPosition()
            .map(p -> Math.max(0, p.getOffset()) + p.getRecordsAfterOffset())
            .orElse(0L);
    String name = names.nameOf(split.path());
    return stopOnNewColumns(
        () ->
            LandingFileReader.open(
                format,
                layout,
                split,
                name,
                Math.max(lastEmittedLine, committedLines.getOrDefault(name, 0L)),
                judgedAt()));
  }

  /**
   * A file naming columns the table lacks stops the job rather than restarting it into the same
   * file forever: the next start adds the columns ({@code BronzeSchema}) and reads it.
   */
  private static LandingFileReader stopOnNewColumns(ReaderOpening opening) throws IOException {
    try {
      return opening.open();
    } catch (NewColumnsException e) {
      throw new SuppressRestartsException(e);
    }
  }

  private interface ReaderOpening {
    LandingFileReader open() throws IOException;
  }

  /**
   * The columns {@code file}'s header or schema names (empty without one), typed as the file types
   * them (string for a CSV header), read before a job is built so that schema evolution can add the
   * new ones first.
   */
  public List<ColumnSpec> header(LandingFile file) throws IOException {
    return LandingFileReader.header(format, file, judgedAt());
  }

  /**
   * The values of the first {@code maxRecords} records of {@code file}, read before a job is built
   * so that bronze can type the columns it infers or adds ({@link RecordFormat#sample}).
   */
  public List<Map<String, SampledValue>> sample(LandingFile file, int maxRecords)
      throws IOException {
    return format.sample(file, judgedAt(), maxRecords);
  }

  /**
   * Whether the column names {@code header} of a file are read as naming its columns against the
   * table's {@code columns} ({@link RecordFormat#readsAsHeader}).
   */
  public boolean readsAsHeader(List<String> header, List<String> columns) {
    return format.readsAsHeader(header, columns);
  }

  /**
   * How many rows a reader of {@code file} emits after {@code lastEmittedLine} (0: from the start)
   * within its readable length: its non-blank records that start after it, the header excluded
   * (included when it does not match the declared columns), by the rules the reader reads with: a
   * cut quoted record of a file that has not settled is not counted, nor a compressed file that has
   * not settled.
   */
  public long countLines(LandingFile file, long lastEmittedLine) throws IOException {
    return LandingFileReader.countLines(format, file, lastEmittedLine, judgedAt());
  }

  @Override
  public boolean isSplittable() {
    return false;
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return InternalTypeInfo.of(layout.rowType());
  }
}
