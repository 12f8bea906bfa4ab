package io.lakehouseflow.ingestion.format;

/**
 * What a file of a format with a schema (Parquet, Avro) yields when it has no rows to read: nothing
 * while it waits to settle, or one corrupt record, number 1, for a file that is not of its format
 * (unless a resume point is past it).
 */
final class SchemaFileRecords implements FileRecords {
  private final String sourceFile;
  private final String format;
  private final String error;
  private boolean pending;

  private SchemaFileRecords(long lastEmittedLine, String sourceFile, String format, String error) {
    this.sourceFile = sourceFile;
    this.format = format;
    this.error = error;
    this.pending = lastEmittedLine < 1 && error != null;
  }

  /** No records: a file not yet settled, read on a later listing. */
  static FileRecords none() {
    return new SchemaFileRecords(0, "", "", null);
  }

  /** {@code sourceFile} is not {@code format}, and {@code error} says why and what to do. */
  static FileRecords corrupt(long lastEmittedLine, String sourceFile, String format, String error) {
    return new SchemaFileRecords(lastEmittedLine, sourceFile, format, error);
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
    return "(" + sourceFile + ": not " + format + ")";
  }

  @Override
  public boolean withheld() {
    return false;
  }

  @Override
  public void close() {}
}
