package io.lakehouseflow.ingestion.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits CSV text into records in one pass, per RFC 4180: fields separated by the delimiter, a
 * record ended by CRLF, LF or CR outside quotes, a quoted field holding delimiters, line breaks and
 * quotes (doubled, or after the escape character). Each record knows the line it starts on and its
 * raw text, so a record that does not parse is kept as it was written.
 *
 * <p>Malformed quoting never throws, and never swallows the rest of the input unseen:
 *
 * <ul>
 *   <li>a character after a closing quote (other than spaces) makes the record malformed; the rest
 *       of the field is read as written, up to the next delimiter or line break;
 *   <li>a quote still open at the end of input, when the input is {@code complete} (the file will
 *       not grow), makes a malformed record of the text from the record's start to the end of the
 *       line the quote opened on, and reading goes on at the next line, as if that quote had been
 *       closed there;
 *   <li>a quote still open at the end of an input that is not {@code complete} (a file that may
 *       still grow, read up to its last line break) ends the records: the cut record is not
 *       returned, and {@link #withheld()} tells so; a later read, of more of the file, returns it.
 * </ul>
 *
 * <p>Lines are counted by line breaks outside and inside quotes (CRLF counts once), from 1. A byte
 * order mark at the start is skipped. The record's text is kept in one buffer from its start, so
 * the buffer grows to the longest record; fields are copied out only as strings.
 */
final class CsvRecordReader implements Closeable {
  private static final int INITIAL_BUFFER = 1 << 16;
  private static final int END = -1;
  private static final int CUT = -2;
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final Reader in;
  private final char delimiter;
  private final char quote;
  private final int escape;
  private final boolean complete;

  private char[] buffer = new char[INITIAL_BUFFER];
  private int position;
  private int limit;
  private boolean endOfInput;
  private boolean started;

  /** The number of the line {@link #position} is on. */
  private long line = 1;

  // The record being read. Indices into the buffer; fill() moves them with the text it keeps.
  private int recordStart;
  private int recordEnd;
  private int segmentStart;
  private int breakInQuote;
  private long recordLine;
  private String[] fields = new String[16];
  private int fieldCount;
  private boolean anyQuoted;
  private String error;
  private int errorField;
  private boolean withheld;
  private boolean keepFields = true;
  private boolean materialize = true;
  private long skipThrough;
  private final StringBuilder unescaped = new StringBuilder();

  /**
   * @param escape the escape character, or -1 for none (a quote in a quoted field is doubled)
   * @param complete whether the end of {@code in} is the end of the file for good
   */
  CsvRecordReader(Reader in, char delimiter, char quote, int escape, boolean complete) {
    this.in = in;
    this.delimiter = delimiter;
    this.quote = quote;
    this.escape = escape;
    this.complete = complete;
  }

  /**
   * Whether {@link #next} builds the fields' strings; when false, only the first field is kept (to
   * recognise blank lines) and the field count, for counting and skipping records cheaply.
   */
  void keepFields(boolean keep) {
    this.keepFields = keep;
  }

  /**
   * Makes {@link #next} pass over the records that start on or before {@code lastLine}, reading
   * them only as far as needed to find where the next one starts.
   */
  void skipThrough(long lastLine) {
    this.skipThrough = lastLine;
  }

  /**
   * Reads the next non-blank record (blank: an empty or whitespace-only line, outside quotes).
   *
   * @return false at the end of input, or when the rest of the input is a record cut by it
   */
  boolean next() throws IOException {
    while (true) {
      recordStart = position;
      if (position >= limit && !fill()) {
        return false;
      }
      if (!started) {
        started = true;
        if (buffer[position] == BYTE_ORDER_MARK) {
          position++;
          recordStart = position;
          continue;
        }
      }
      recordLine = line;
      boolean skipped = recordLine <= skipThrough;
      materialize = keepFields && !skipped;
      fieldCount = 0;
      anyQuoted = false;
      error = null;
      if (!readRecord()) {
        withheld = true;
        return false;
      }
      boolean blank = fieldCount == 1 && !anyQuoted && fields[0].isBlank();
      if (!blank && !skipped) {
        return true;
      }
    }
  }

  /** The line the current record (or the cut one, after {@link #withheld}) starts on, from 1. */
  long startLine() {
    return recordLine;
  }

  int fieldCount() {
    return fieldCount;
  }

  /** The {@code i}-th field of the current record, unquoted and unescaped. */
  String field(int i) {
    return fields[i];
  }

  /** The current record's text as written, without the line break that ends it. */
  String rawText() {
    return new String(buffer, recordStart, recordEnd - recordStart);
  }

  /** Why the current record is malformed (after "field N "), or null when it is well-formed. */
  String error() {
    return error;
  }

  /** The index of the field {@link #error} is about. */
  int errorField() {
    return errorField;
  }

  /** Whether reading ended at a record cut by the end of an input that is not complete. */
  boolean withheld() {
    return withheld;
  }

  private boolean readRecord() throws IOException {
    while (true) {
      segmentStart = position;
      int c = read();
      if (c == quote) {
        anyQuoted = true;
        c = readQuoted();
        if (c == CUT) {
          return false;
        }
      } else {
        c = readToFieldEnd(c);
        int end = c == END ? position : position - 1;
        addField(materialize || fieldCount == 0 ? text(segmentStart, end) : null);
      }
      if (c == delimiter) {
        continue;
      }
      if (c == END) {
        recordEnd = position;
      } else {
        recordEnd = position - 1;
        endLine(c);
      }
      return true;
    }
  }

  /**
   * Reads a quoted field, its opening quote just read, and what follows its closing quote.
   *
   * @return what ended the field: the delimiter, CR or LF, {@link #END}, or {@link #CUT}
   */
  private int readQuoted() throws IOException {
    long quoteLine = line;
    int field = fieldCount;
    breakInQuote = -1;
    segmentStart = position;
    unescaped.setLength(0);
    boolean copied = false;
    while (true) {
      int c = read();
      if (c == END) {
        return unterminated(quoteLine, field);
      }
      if (c == quote) {
        if (peek() != quote) {
          break;
        }
        copied = true;
        unescaped.append(buffer, segmentStart, position - segmentStart);
        position++;
        segmentStart = position;
      } else if (c == escape) {
        int next = peek();
        // Only a quote or the escape itself is escaped; "C:\temp" keeps its backslash.
        if (next == quote || next == escape) {
          copied = true;
          unescaped.append(buffer, segmentStart, position - 1 - segmentStart).append((char) next);
          position++;
          segmentStart = position;
        }
      } else if (c == '\n' || c == '\r') {
        if (breakInQuote < 0) {
          breakInQuote = position - 1;
        }
        if (c == '\r' && peek() == '\n') {
          position++;
        }
        line++;
      }
    }
    int closing = position - 1;
    String value = null;
    if (materialize || field == 0) {
      value =
          copied
              ? unescaped.append(buffer, segmentStart, closing - segmentStart).toString()
              : text(segmentStart, closing);
    }
    addField(value);
    // The text after the closing quote, kept for a malformed field; fill() moves this index.
    segmentStart = closing + 1;
    int c = read();
    while ((c == ' ' || c == '\t') && c != delimiter) {
      c = read();
    }
    if (c == delimiter || c == '\n' || c == '\r' || c == END) {
      return c;
    }
    fail(
        field,
        "has '"
            + (char) c
            + "' after its closing quote on line "
            + line
            + ": a quoted field ends at its closing quote");
    c = readToFieldEnd(c);
    if (materialize || field == 0) {
      fields[field] = value + text(segmentStart, c == END ? position : position - 1);
    }
    return c;
  }

  private int unterminated(long quoteLine, int field) throws IOException {
    if (!complete) {
      return CUT;
    }
    if (breakInQuote < 0) {
      fail(field, "opens a quote on line " + quoteLine + " that is never closed");
      addField(null);
      return END;
    }
    // Read on after the line the quote opened on: one stray quote must not take the whole rest
    // of the file into one field.
    fail(
        field,
        "opens a quote on line "
            + quoteLine
            + " that is never closed: the file ends inside it, on line "
            + line
            + ". This row keeps the text up to the end of line "
            + quoteLine
            + ", and reading went on at line "
            + (quoteLine + 1));
    addField(null);
    position = breakInQuote;
    line = quoteLine;
    return read();
  }

  /** Reads on from {@code c} to what ends an unquoted field; returns that character or END. */
  private int readToFieldEnd(int c) throws IOException {
    while (c != delimiter && c != '\n' && c != '\r' && c != END) {
      c = read();
    }
    return c;
  }

  private void fail(int field, String reason) {
    if (error == null) {
      error = reason;
      errorField = field;
    }
  }

  private void addField(String value) {
    if (fieldCount == fields.length) {
      fields = Arrays.copyOf(fields, fields.length * 2);
    }
    fields[fieldCount++] = value;
  }

  private String text(int start, int end) {
    return new String(buffer, start, end - start);
  }

  /** Consumes the LF of a CRLF that {@code c} (CR or LF, just read) starts. */
  private void endLine(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      position++;
    }
    line++;
  }

  private int read() throws IOException {
    if (position >= limit && !fill()) {
      return END;
    }
    return buffer[position++];
  }

  private int peek() throws IOException {
    if (position >= limit && !fill()) {
      return END;
    }
    return buffer[position];
  }

  /** Reads more input after what the buffer holds, keeping the current record's text. */
  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    int keep = recordStart;
    if (keep > 0) {
      System.arraycopy(buffer, keep, buffer, 0, limit - keep);
      limit -= keep;
      position -= keep;
      recordStart = 0;
      recordEnd -= keep;
      segmentStart -= keep;
      breakInQuote = breakInQuote < 0 ? breakInQuote : breakInQuote - keep;
    }
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    int n;
    do {
      n = in.read(buffer, limit, buffer.length - limit);
    } while (n == 0);
    if (n < 0) {
      endOfInput = true;
      return false;
    }
    limit += n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
