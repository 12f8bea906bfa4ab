package io.lakehouseflow.ingestion.format;

import java.io.IOException;

/**
 * The records of one CSV file: its header read first (if the source has one) to lay its fields out
 * by name, then the records after a resume point. A header that does not match the declared columns
 * is itself the file's first record, a corrupt one: it may well be data.
 */
final class CsvFileRecords implements FileRecords {
  private final CsvRecordReader records;
  private final CsvRecordParser parser;
  private final String sourceFile;
  private CsvRecordParser.FieldLayout layout;

  /** A header that did not match, emitted as the file's first (corrupt) record. */
  private boolean unmatchedHeader;

  private boolean onHeader;
  private long headerLine;
  private String headerText;
  private ParsedRecord headerParsed;

  private CsvFileRecords(CsvRecordReader records, CsvRecordParser parser, String sourceFile) {
    this.records = records;
    this.parser = parser;
    this.sourceFile = sourceFile;
  }

  static CsvFileRecords open(
      CsvRecordReader records,
      CsvRecordParser parser,
      String sourceFile,
      long lastEmittedLine,
      boolean parse)
      throws IOException {
    CsvFileRecords file = new CsvFileRecords(records, parser, sourceFile);
    try {
      file.start(lastEmittedLine, parse);
    } catch (IOException | RuntimeException e) {
      records.close();
      throw e;
    }
    return file;
  }

  private void start(long lastEmittedLine, boolean parse) throws IOException {
    layout = parser.positional();
    if (parser.hasHeader() && records.next()) {
      layout = parser.fromHeader(records, sourceFile);
      if (layout.error() != null && records.startLine() > lastEmittedLine) {
        unmatchedHeader = true;
        headerLine = records.startLine();
        if (parse) {
          headerText = records.rawText();
          headerParsed = parser.parse(records, layout, sourceFile);
        }
      }
    }
    // Already emitted before the checkpoint or already committed to bronze.
    records.skipThrough(lastEmittedLine);
    records.keepFields(parse);
  }

  @Override
  public boolean next() throws IOException {
    if (unmatchedHeader) {
      unmatchedHeader = false;
      onHeader = true;
      return true;
    }
    onHeader = false;
    return records.next();
  }

  @Override
  public long startLine() {
    return onHeader ? headerLine : records.startLine();
  }

  @Override
  public ParsedRecord parse() {
    return onHeader ? headerParsed : parser.parse(records, layout, sourceFile);
  }

  @Override
  public String rawText() {
    return onHeader ? headerText : records.rawText();
  }

  @Override
  public boolean withheld() {
    return records.withheld();
  }

  @Override
  public void close() throws IOException {
    records.close();
  }
}
