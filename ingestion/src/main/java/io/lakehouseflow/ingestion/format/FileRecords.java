package io.lakehouseflow.ingestion.format;

import java.io.Closeable;
import java.io.IOException;

/** The records of one landing file, read forward once, each known by the line it starts on. */
interface FileRecords extends Closeable {

  /**
   * Moves to the next record to emit, passing over blank lines.
   *
   * @return false at the end of the text, or when the rest of it is a record cut by its end
   */
  boolean next() throws IOException;

  /** The line the current record starts on, from 1. */
  long startLine();

  /** The current record's values, or why it does not parse; only when opened to parse. */
  ParsedRecord parse();

  /** The current record's text as written, kept in {@code _corrupt_record}. */
  String rawText();

  /** Whether reading stopped at a record cut by the end of the text, which a later read emits. */
  boolean withheld();
}
