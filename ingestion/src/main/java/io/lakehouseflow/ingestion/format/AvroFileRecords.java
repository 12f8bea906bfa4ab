package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * The records of one Avro container file, each numbered by its index in the file + 1. Records up to
 * a resume point are passed over by whole blocks where a block's record count allows (a block is
 * decompressed, not decoded), then one by one; counting (parse false) passes over every block
 * whole.
 *
 * <p>A file whose header cannot be read, or whose schema is not a record, is one corrupt record,
 * number 1, naming the file and the reason. A block that fails to read ends the file with a corrupt
 * record at the first record not read.
 */
final class AvroFileRecords implements FileRecords {
  private static final int READ_BUFFER = 1 << 16;

  private final DataFileStream<GenericRecord> stream;
  private final String sourceFile;
  private final boolean parse;
  private final List<Schema> fieldSchemas;
  private final SchemaRowParser parser;

  private long toSkip;

  /** Records of the current block not yet read; 0 at a block's boundary. */
  private long leftInBlock;

  /** Counting: records of a block passed over whole, still to count. */
  private long uncounted;

  /** The number of the current record: records read or passed over so far. */
  private long row;

  private GenericRecord current;
  private Exception failure;
  private boolean ended;

  private AvroFileRecords(
      SchemaColumns columns,
      DataFileStream<GenericRecord> stream,
      String sourceFile,
      long lastEmittedLine,
      boolean parse) {
    this.stream = stream;
    this.sourceFile = sourceFile;
    this.parse = parse;
    List<Schema.Field> fields = stream.getSchema().getFields();
    this.fieldSchemas = fields.stream().map(f -> AvroFields.nonNull(f.schema())).toList();
    this.parser =
        SchemaRowParser.of(columns, fields.stream().map(AvroFields::field).toList(), sourceFile);
    this.toSkip = Math.max(0, lastEmittedLine);
  }

  /**
   * The records of {@code file} after record {@code lastEmittedLine}; one corrupt record for a file
   * that is not an Avro container file of records.
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
    DataFileStream<GenericRecord> stream;
    try {
      stream = stream(file);
    } catch (IOException | RuntimeException e) {
      return SchemaFileRecords.corrupt(
          lastEmittedLine,
          sourceFile,
          "Avro",
          "Cannot read "
              + sourceFile
              + (file.isPipe() ? "" : " (" + file.size() + " bytes)")
              + " as an Avro container file: "
              + e.getMessage()
              + ". The whole file is kept as this one corrupt row. Land a valid Avro file under a"
              + " new name, or check the writer that produced it.");
    }
    Schema schema = stream.getSchema();
    try {
      if (schema.getType() != Schema.Type.RECORD) {
        stream.close();
        return SchemaFileRecords.corrupt(
            lastEmittedLine,
            sourceFile,
            "Avro",
            "Cannot read "
                + sourceFile
                + " as rows: its Avro schema is "
                + schema.getType().getName()
                + ", not a record. The whole file is kept as this one corrupt row. Write Avro"
                + " files whose schema is a record, one field per column.");
      }
      return new AvroFileRecords(columns, stream, sourceFile, lastEmittedLine, parse);
    } catch (IOException | RuntimeException e) {
      try {
        stream.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      return SchemaFileRecords.corrupt(lastEmittedLine, sourceFile, "Avro", e.getMessage());
    }
  }

  /** The top-level fields of {@code file}'s record schema. */
  static List<FileField> fields(LandingFile file) throws IOException {
    try (DataFileStream<GenericRecord> stream = stream(file)) {
      Schema schema = stream.getSchema();
      return schema.getType() == Schema.Type.RECORD
          ? schema.getFields().stream().map(AvroFields::field).toList()
          : List.of();
    }
  }

  private static DataFileStream<GenericRecord> stream(LandingFile file) throws IOException {
    InputStream in =
        new BufferedInputStream(file.path().getFileSystem().open(file.path()), READ_BUFFER);
    try {
      return new DataFileStream<>(in, new GenericDatumReader<>());
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
    try {
      while (true) {
        if (uncounted > 0) {
          uncounted--;
          row++;
          return true;
        }
        if (leftInBlock == 0) {
          if (!stream.hasNext()) {
            ended = true;
            return false;
          }
          leftInBlock = stream.getBlockCount();
          if (toSkip >= leftInBlock || (!parse && toSkip == 0)) {
            // Already emitted, or only counted: the whole block is passed over undecoded.
            long passed = Math.min(toSkip, leftInBlock);
            row += passed;
            toSkip -= passed;
            uncounted = leftInBlock - passed;
            stream.nextBlock();
            leftInBlock = 0;
            continue;
          }
        }
        GenericRecord record = stream.next();
        leftInBlock--;
        row++;
        if (toSkip > 0) {
          toSkip--;
          continue;
        }
        current = record;
        return true;
      }
    } catch (IOException | RuntimeException e) {
      // Reported as the next record, which is corrupt; nothing after it is read.
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
          "Cannot read record "
              + row
              + " of "
              + sourceFile
              + " as Avro: "
              + failure.getMessage()
              + ". It and the records after it are not in bronze: the file is damaged. Land it"
              + " again, whole, under a new name.");
    }
    return parser.parse(new AvroRow(current, fieldSchemas), row);
  }

  @Override
  public String rawText() {
    return current == null ? null : AvroFields.json(current, current.getSchema());
  }

  @Override
  public boolean withheld() {
    return false;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }

  /** An Avro record read field by field, each field's schema without its null branch. */
  private record AvroRow(GenericRecord record, List<Schema> schemas) implements SchemaRow {
    @Override
    public boolean isNull(int field) {
      return record.get(field) == null;
    }

    @Override
    public Object internal(int field, ColumnType type) {
      return AvroFields.internal(record.get(field), schemas.get(field), type);
    }

    @Override
    public String text(int field) {
      return AvroFields.text(record.get(field), schemas.get(field));
    }

    @Override
    public String json(int field) {
      return AvroFields.json(record.get(field), schemas.get(field));
    }

    @Override
    public String json() {
      return AvroFields.json(record, record.getSchema());
    }
  }
}
