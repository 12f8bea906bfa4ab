package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The rows of one Parquet file, each numbered by its index in the file + 1. Rows up to a resume
 * point are passed over by whole row groups where the footer's row counts allow, then one by one;
 * counting (parse false) takes the footer's counts alone.
 *
 * <p>A file whose footer cannot be read is one corrupt record, number 1, naming the file and the
 * reason. A row group that fails to decode ends the file with a corrupt record at the first row not
 * read: the footer promised more rows, so the run's conservation check fails and says so.
 */
final class ParquetFileRecords implements FileRecords {
  private final String sourceFile;
  private final boolean parse;
  private final ParquetFileReader reader;
  private final MessageType schema;
  private final List<BlockMetaData> blocks;
  private final long totalRows;
  private final SchemaRowParser parser;

  private MessageColumnIO columnIo;
  private RecordReader<Group> rows;
  private int nextBlock;
  private long remainingInGroup;
  private long toSkip;

  /** The number of the current row: rows read or passed over so far. */
  private long row;

  private Group current;
  private Exception failure;
  private boolean ended;

  private ParquetFileRecords(
      SchemaColumns columns,
      ParquetFileReader reader,
      String sourceFile,
      long lastEmittedLine,
      boolean parse) {
    this.reader = reader;
    this.sourceFile = sourceFile;
    this.parse = parse;
    this.schema = reader.getFileMetaData().getSchema();
    this.blocks = reader.getRowGroups();
    this.totalRows = blocks.stream().mapToLong(BlockMetaData::getRowCount).sum();
    this.parser =
        SchemaRowParser.of(
            columns, schema.getFields().stream().map(ParquetFields::field).toList(), sourceFile);
    // Already emitted before the checkpoint or already committed to bronze: whole row groups
    // first, by the footer's counts, without reading them.
    long skip = Math.max(0, lastEmittedLine);
    while (nextBlock < blocks.size() && row + blocks.get(nextBlock).getRowCount() <= skip) {
      row += blocks.get(nextBlock).getRowCount();
      if (parse) {
        reader.skipNextRowGroup();
      }
      nextBlock++;
    }
    this.toSkip = skip - row;
  }

  /**
   * The rows of {@code file} after row {@code lastEmittedLine}; one corrupt record for a file that
   * is not Parquet.
   *
   * @throws NewColumnsException when the file has fields the table lacks and the source adds or
   *     refuses such columns
   */
  static FileRecords open(
      SchemaColumns columns,
      LandingFile file,
      String sourceFile,
      long lastEmittedLine,
      boolean parse) {
    if (file.isPipe()) {
      return SchemaFileRecords.corrupt(
          lastEmittedLine,
          sourceFile,
          "Parquet",
          "Cannot read "
              + sourceFile
              + " as Parquet: it is a named pipe, and a Parquet file is read from its footer at"
              + " its end. Land Parquet files as regular files.");
    }
    ParquetFileReader reader;
    try {
      reader = reader(file);
    } catch (IOException | RuntimeException e) {
      return SchemaFileRecords.corrupt(
          lastEmittedLine,
          sourceFile,
          "Parquet",
          "Cannot read "
              + sourceFile
              + " ("
              + file.size()
              + " bytes) as Parquet: "
              + e.getMessage()
              + ". The whole file is kept as this one corrupt row. Land a valid Parquet file"
              + " under a new name, or check the writer that produced it.");
    }
    try {
      return new ParquetFileRecords(columns, reader, sourceFile, lastEmittedLine, parse);
    } catch (RuntimeException e) {
      try {
        reader.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** A reader of {@code file}'s footer and row groups, on Flink's file system of its path. */
  static ParquetFileReader reader(LandingFile file) throws IOException {
    FSDataInputStream in = file.path().getFileSystem().open(file.path());
    try {
      return ParquetFileReader.open(
          new ParquetInputFile(in, file.size()), ParquetReadOptions.builder().build());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  public boolean next() throws IOException {
    if (ended) {
      return false;
    }
    if (!parse) {
      if (row + toSkip >= totalRows) {
        return false;
      }
      row += toSkip + 1;
      toSkip = 0;
      return true;
    }
    try {
      while (remainingInGroup == 0) {
        if (nextBlock >= blocks.size()) {
          ended = true;
          return false;
        }
        PageReadStore pages = reader.readNextRowGroup();
        nextBlock++;
        if (pages == null) {
          ended = true;
          return false;
        }
        if (columnIo == null) {
          columnIo = new ColumnIOFactory().getColumnIO(schema);
        }
        rows = columnIo.getRecordReader(pages, new GroupRecordConverter(schema));
        remainingInGroup = pages.getRowCount();
        for (; toSkip > 0 && remainingInGroup > 0; toSkip--, remainingInGroup--) {
          rows.read();
          row++;
        }
      }
      current = rows.read();
      remainingInGroup--;
      row++;
      return true;
    } catch (IOException | RuntimeException e) {
      // Reported as the next row, which is corrupt; nothing after it is read.
      failure = e;
      current = null;
      ended = true;
      row++;
      return true;
    }
  }

  @Override
  public long startLine() {
    return row;
  }

  @Override
  public ParsedRecord parse() {
    if (failure != null) {
      return ParsedRecord.corrupt(
          "Cannot read row "
              + row
              + " of "
              + sourceFile
              + " as Parquet: "
              + failure.getMessage()
              + ". It and the "
              + (totalRows - row)
              + " rows after it are not in bronze: the file is damaged. Land it again, whole,"
              + " under a new name.");
    }
    return parser.parse(new ParquetRow(current), row);
  }

  @Override
  public String rawText() {
    return current == null ? null : ParquetFields.json(current);
  }

  @Override
  public boolean withheld() {
    return false;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** A Parquet row read field by field. */
  private record ParquetRow(Group group) implements SchemaRow {
    @Override
    public boolean isNull(int field) {
      return group.getFieldRepetitionCount(field) == 0
          && !group.getType().getType(field).isRepetition(Type.Repetition.REPEATED);
    }

    @Override
    public Object internal(int field, ColumnType type) {
      return ParquetFields.internal(group, field, type);
    }

    @Override
    public String text(int field) {
      return ParquetFields.text(group, field, 0);
    }

    @Override
    public String json(int field) {
      return ParquetFields.jsonOfField(group, field);
    }

    @Override
    public String json() {
      return ParquetFields.json(group);
    }
  }
}
