package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;

/**
 * Reads a landing CSV file into bronze rows, one per non-blank line, each positioned by its line
 * number so a checkpoint or a bronze resume point restarts exactly after the last line emitted.
 * Files are not split: a line's number is only known by reading from the start. A split's length is
 * where its file's complete lines end ({@code LandingFile}); nothing after it is read.
 */
public final class CsvBulkFormat implements BulkFormat<RowData, FileSourceSplit> {
  private static final long serialVersionUID = 1L;

  private final CsvRecordParser parser;
  private final LandingFileNames names;
  private final LayerSchema layout;
  private final Map<String, Long> committedLines;

  private CsvBulkFormat(
      CsvRecordParser parser,
      LandingFileNames names,
      LayerSchema layout,
      Map<String, Long> committedLines) {
    this.parser = parser;
    this.names = names;
    this.layout = layout;
    this.committedLines = committedLines;
  }

  /**
   * A format producing rows in the {@code layout} of the bronze table (from {@code
   * LayerSchemas.bronze}), which holds every column the parser reads. {@code committedLines} (last
   * committed line per file name, from bronze) is a floor for every reader: a checkpoint older than
   * a later run's commits cannot make a file's lines appear twice.
   */
  public static CsvBulkFormat of(
      CsvRecordParser parser,
      LandingFileNames names,
      LayerSchema layout,
      Map<String, Long> committedLines) {
    Arrays.stream(parser.columnNames()).forEach(layout::position);
    return new CsvBulkFormat(parser, names, layout, new HashMap<>(committedLines));
  }

  @Override
  public Reader<RowData> createReader(Configuration config, FileSourceSplit split)
      throws IOException {
    String name = names.nameOf(split.path());
    return CsvFileReader.open(parser, layout, split, name, committedLines.getOrDefault(name, 0L));
  }

  @Override
  public Reader<RowData> restoreReader(Configuration config, FileSourceSplit split)
      throws IOException {
    // Offsets are line numbers of emitted lines; records after the offset are never used (0).
    long lastEmittedLine =
        split
            .getReaderPosition()
            .map(p -> Math.max(0, p.getOffset()) + p.getRecordsAfterOffset())
            .orElse(0L);
    String name = names.nameOf(split.path());
    return CsvFileReader.open(
        parser,
        layout,
        split,
        name,
        Math.max(lastEmittedLine, committedLines.getOrDefault(name, 0L)));
  }

  /**
   * How many rows a reader of {@code file} emits after {@code lastEmittedLine} (0: from the start)
   * within its readable length: its non-blank lines after the header (the header too when it does
   * not match the declared columns), by the rules the reader skips lines with.
   */
  public long countLines(LandingFile file, long lastEmittedLine) throws IOException {
    return CsvFileReader.countLines(parser, file, lastEmittedLine);
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
