package io.lakehouseflow.ingestion.format;

import java.io.IOException;
import java.io.Reader;

/**
 * The records of one JSON Lines file: each non-blank line (blank: empty or JSON whitespace only) is
 * one record, ended by LF or CRLF; the last line may lack its line break. Lines are counted from 1.
 * A byte order mark at the start is skipped. A line is copied out only when it is to be parsed;
 * skipped and counted lines are only scanned for their end.
 *
 * <p>A JSON line cannot hold a line break (JSON escapes them in strings), so no record is ever cut:
 * the readable part of a growing file ends after a line break, and what it holds is whole lines.
 */
final class JsonLines implements FileRecords {
  private static final int BUFFER = 1 << 16;
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final Reader in;
  private final JsonRecordParser parser;
  private final String sourceFile;
  private final long skipThrough;
  private final boolean keepText;
  private final char[] buffer = new char[BUFFER];
  private final StringBuilder text = new StringBuilder();
  private int position;
  private int limit;
  private boolean started;
  private boolean endOfInput;

  /** The number of the last line read. */
  private long line;

  JsonLines(
      Reader in, JsonRecordParser parser, String sourceFile, long skipThrough, boolean keepText) {
    this.in = in;
    this.parser = parser;
    this.sourceFile = sourceFile;
    this.skipThrough = skipThrough;
    this.keepText = keepText;
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (position >= limit && !fill()) {
        return false;
      }
      line++;
      boolean keep = keepText && line > skipThrough;
      text.setLength(0);
      if (!readLine(keep, line <= skipThrough)) {
        continue;
      }
      return true;
    }
  }

  /**
   * Reads to the end of the current line.
   *
   * @return whether it is a record: not blank, and not skipped
   */
  private boolean readLine(boolean keep, boolean skipped) throws IOException {
    boolean blank = true;
    while (true) {
      if (position >= limit && !fill()) {
        break;
      }
      int start = position;
      int end = start;
      boolean lineEnd = false;
      while (end < limit) {
        char c = buffer[end];
        if (c == '\n') {
          lineEnd = true;
          break;
        }
        if (blank && c != ' ' && c != '\t' && c != '\r') {
          blank = false;
        }
        end++;
      }
      if (keep) {
        text.append(buffer, start, end - start);
      }
      position = lineEnd ? end + 1 : end;
      if (lineEnd) {
        break;
      }
    }
    if (keep && text.length() > 0 && text.charAt(text.length() - 1) == '\r') {
      text.setLength(text.length() - 1);
    }
    return !blank && !skipped;
  }

  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    int read = in.read(buffer, 0, buffer.length);
    if (read <= 0) {
      endOfInput = true;
      return false;
    }
    position = 0;
    limit = read;
    if (!started) {
      started = true;
      if (buffer[0] == BYTE_ORDER_MARK) {
        position = 1;
        return position < limit || fill();
      }
    }
    return true;
  }

  @Override
  public long startLine() {
    return line;
  }

  @Override
  public ParsedRecord parse() {
    return parser.parse(text.toString(), sourceFile, line);
  }

  @Override
  public String rawText() {
    return text.toString();
  }

  @Override
  public boolean withheld() {
    return false;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
