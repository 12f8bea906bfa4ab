package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.layer.BronzeColumns;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.SchemaEvolution;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.flink.table.data.StringData;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
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
  private static final int MAX_QUOTED_VALUE = 200;

  private final ParquetRecordFormat format;
  private final String sourceFile;
  private final boolean parse;
  private final ParquetFileReader reader;
  private final MessageType schema;
  private final List<BlockMetaData> blocks;
  private final long totalRows;

  /** For each declared column, the index of its field in the file's schema, -1 when none. */
  private final int[] fieldOfColumn;

  /** For each declared column, whether the file's type is the column's: read without text. */
  private final boolean[] direct;

  /** The fields no column takes whose values go into {@code _rescued_data}. */
  private final int[] rescuedFields;

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
      ParquetRecordFormat format,
      ParquetFileReader reader,
      String sourceFile,
      long lastEmittedLine,
      boolean parse) {
    this.format = format;
    this.reader = reader;
    this.sourceFile = sourceFile;
    this.parse = parse;
    this.schema = reader.getFileMetaData().getSchema();
    this.blocks = reader.getRowGroups();
    this.totalRows = blocks.stream().mapToLong(BlockMetaData::getRowCount).sum();
    String[] columns = format.columnNames();
    this.fieldOfColumn = new int[columns.length];
    this.direct = new boolean[columns.length];
    List<Type> fields = schema.getFields();
    boolean[] taken = new boolean[fields.size()];
    for (int c = 0; c < columns.length; c++) {
      fieldOfColumn[c] = -1;
      for (int f = 0; f < fields.size(); f++) {
        if (!taken[f] && key(fields.get(f).getName()).equals(key(columns[c]))) {
          fieldOfColumn[c] = f;
          taken[f] = true;
          Type field = fields.get(f);
          direct[c] =
              field.isPrimitive()
                  && !field.isRepetition(Type.Repetition.REPEATED)
                  && format.type(c).kind() != ColumnType.Kind.STRING
                  && sameType(ParquetFields.typeOf(field), format.type(c));
          break;
        }
      }
    }
    List<Integer> rescued = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<Integer> unknownFields = new ArrayList<>();
    for (int f = 0; f < fields.size(); f++) {
      if (taken[f]) {
        continue;
      }
      String name = fields.get(f).getName();
      // A name no column may take (bronze's own, or dotted) is kept aside, whatever the mode.
      if (BronzeColumns.isAddable(name)) {
        unknown.add(name);
        unknownFields.add(f);
      } else {
        rescued.add(f);
      }
    }
    if (!unknown.isEmpty()) {
      if (columns.length == 0) {
        // The source infers its columns and this job started before any file named them.
        throw new NewColumnsException(
            format.sourceName(), sourceFile, unknown, SchemaEvolution.ADD_NEW_COLUMNS);
      }
      switch (format.evolution()) {
        case ADD_NEW_COLUMNS, FAIL ->
            throw new NewColumnsException(
                format.sourceName(), sourceFile, unknown, format.evolution());
        case RESCUE -> rescued.addAll(unknownFields);
        case NONE -> {
          // ignored, as the source asks
        }
      }
    }
    this.rescuedFields = rescued.stream().mapToInt(Integer::intValue).sorted().toArray();
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
      ParquetRecordFormat format,
      LandingFile file,
      String sourceFile,
      long lastEmittedLine,
      boolean parse) {
    if (file.isPipe()) {
      return new CorruptFile(
          lastEmittedLine,
          sourceFile,
          "Cannot read "
              + sourceFile
              + " as Parquet: it is a named pipe, and a Parquet file is read from its footer at"
              + " its end. Land Parquet files as regular files.");
    }
    ParquetFileReader reader;
    try {
      reader = reader(file);
    } catch (IOException | RuntimeException e) {
      return new CorruptFile(
          lastEmittedLine,
          sourceFile,
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
      return new ParquetFileRecords(format, reader, sourceFile, lastEmittedLine, parse);
    } catch (RuntimeException e) {
      try {
        reader.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** No records: a file not yet settled, read on a later listing. */
  static FileRecords none() {
    return new CorruptFile(1, "", "");
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
    String[] columns = format.columnNames();
    Object[] values = new Object[columns.length];
    List<String> failures = new ArrayList<>();
    RescuedData rescued = null;
    for (int field : rescuedFields) {
      if (current.getFieldRepetitionCount(field) > 0) {
        rescued = rescue(rescued, field, schema.getFieldName(field));
      }
    }
    for (int c = 0; c < columns.length; c++) {
      int field = fieldOfColumn[c];
      if (field < 0) {
        continue;
      }
      Type type = schema.getType(field);
      boolean scalar = type.isPrimitive() && !type.isRepetition(Type.Repetition.REPEATED);
      if (scalar && current.getFieldRepetitionCount(field) == 0) {
        continue;
      }
      try {
        values[c] = value(c, field, type, scalar);
      } catch (IllegalArgumentException | ArithmeticException e) {
        if (format.rescuesValues(c)) {
          // The column stays NULL and the value is kept beside it, naming the column.
          rescued = rescue(rescued, field, columns[c]);
          continue;
        }
        String reason =
            e.getMessage() == null || e.getMessage().isEmpty() ? "" : ": " + e.getMessage();
        String text = ParquetFields.jsonOfField(current, field);
        failures.add(
            "column '"
                + columns[c]
                + "' value "
                + abbreviate(text)
                + " (Parquet "
                + describe(type)
                + ") as "
                + format.type(c)
                + reason);
      }
    }
    if (!failures.isEmpty()) {
      return ParsedRecord.corrupt(
          "Cannot read "
              + String.join("; ", failures)
              + " ("
              + sourceFile
              + " row "
              + row
              + "). Fix the file or declare the column"
              + (failures.size() > 1 ? "s" : "")
              + " as string.");
    }
    return ParsedRecord.valid(values, rescued == null ? null : rescued.toJson());
  }

  /** The internal value of column {@code c} from its field, or null for NULL. */
  private Object value(int c, int field, Type type, boolean scalar) {
    ColumnType declared = format.type(c);
    if (direct[c]) {
      return ParquetFields.internal(current, field, declared);
    }
    if (declared.kind() == ColumnType.Kind.STRING) {
      return StringData.fromString(
          scalar
              ? ParquetFields.text(current, field, 0)
              : ParquetFields.jsonOfField(current, field));
    }
    if (!scalar) {
      throw new IllegalArgumentException(
          type.isPrimitive() ? "a repeated field is no scalar" : "a Parquet group is no scalar");
    }
    String text = ParquetFields.text(current, field, 0);
    // An empty string is no value of a typed column, as an empty CSV field is NULL.
    return text.isBlank() ? null : format.valueParser(c).parse(text);
  }

  private RescuedData rescue(RescuedData rescued, int field, String name) {
    Type type = schema.getType(field);
    if (ParquetFields.isJsonString(type) && !type.isRepetition(Type.Repetition.REPEATED)) {
      return RescuedData.add(rescued, field, name, ParquetFields.text(current, field, 0));
    }
    return RescuedData.addJson(rescued, field, name, ParquetFields.jsonOfField(current, field));
  }

  /** Timestamps with and without zone are stored alike; others must be the very type. */
  private static boolean sameType(ColumnType file, ColumnType declared) {
    return file.equals(declared) || (file.isTimestamp() && declared.isTimestamp());
  }

  private static String describe(Type type) {
    if (!type.isPrimitive()) {
      LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
      return logical == null ? "group" : logical.toString().toLowerCase(Locale.ROOT);
    }
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    String name = type.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(Locale.ROOT);
    return logical == null ? name : name + " " + logical;
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

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String value) {
    return value.length() <= MAX_QUOTED_VALUE
        ? value
        : value.substring(0, MAX_QUOTED_VALUE) + "... (" + value.length() + " characters)";
  }

  /**
   * A file that is not Parquet: one corrupt record, number 1, unless a resume point is past it.
   * With an empty error it is no record at all (a file waiting to settle).
   */
  private static final class CorruptFile implements FileRecords {
    private final String sourceFile;
    private final String error;
    private boolean pending;

    CorruptFile(long lastEmittedLine, String sourceFile, String error) {
      this.sourceFile = sourceFile;
      this.error = error;
      this.pending = lastEmittedLine < 1 && !error.isEmpty();
    }

    @Override
    public boolean next() {
      boolean has = pending;
      pending = false;
      return has;
    }

    @Override
    public long startLine() {
      return 1;
    }

    @Override
    public ParsedRecord parse() {
      return ParsedRecord.corrupt(error);
    }

    /** What stands for the file's bytes, which are no text: the file it is. */
    @Override
    public String rawText() {
      return "(" + sourceFile + ": not Parquet)";
    }

    @Override
    public boolean withheld() {
      return false;
    }

    @Override
    public void close() {}
  }
}
