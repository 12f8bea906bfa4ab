package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.spec.Compression;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileStatus;

/**
 * A landing file as one listing saw it, with the part of it that holds only complete lines: all of
 * it when its last byte is a line break ({@code \n}), when it is empty, or when it has not been
 * modified for the source's settle time; otherwise up to and including its last line break, so an
 * unterminated last line, which its writer may still be writing, waits for a later listing. A
 * compressed file ({@code .gz}, {@code .zst}), and every file of a source whose format is read
 * whole (Parquet), is readable whole once settled, and not at all before.
 *
 * @param path where the file is
 * @param size its size when listed
 * @param modificationTime its modification time when listed (epoch milliseconds)
 * @param readableLength how many bytes from its start are read; {@link #TO_END} for a named pipe
 * @param readWhole whether the file is only ever read whole, once settled: it is compressed or of a
 *     format whose part holds nothing readable (Parquet writes where its rows are last)
 */
public record LandingFile(
    Path path, long size, long modificationTime, long readableLength, boolean readWhole)
    implements Serializable {
  /**
   * The readable length of a named pipe: it has no size, so it is read until its writer closes it,
   * and what the writer wrote by then is complete.
   */
  public static final long TO_END = Long.MAX_VALUE;

  private static final int TAIL_CHUNK = 8192;

  public LandingFile {
    Objects.requireNonNull(path, "path");
  }

  /** A file of a text format: read whole only when its name says it is compressed. */
  public LandingFile(Path path, long size, long modificationTime, long readableLength) {
    this(path, size, modificationTime, readableLength, isCompressed(path));
  }

  /**
   * Decides the readable length of {@code file} at {@code decidedAt}: it is settled when it was
   * last modified at least {@code settle} before then.
   *
   * @param wholeFormat whether the source's format is read only whole (Parquet)
   */
  static LandingFile decide(
      FileSystem fs, FileStatus file, Duration settle, Instant decidedAt, boolean wholeFormat)
      throws IOException {
    long size = file.getLen();
    long modified = file.getModificationTime();
    boolean whole = wholeFormat || isCompressed(file.getPath());
    if (file instanceof LocalFileStatus local && !Files.isRegularFile(local.getFile().toPath())) {
      return new LandingFile(file.getPath(), size, modified, TO_END, whole);
    }
    boolean settled = settled(modified, settle, decidedAt);
    long readable;
    if (settled) {
      readable = size;
    } else if (whole) {
      // A compressed stream cannot be cut at a line break, and a Parquet file being written has no
      // footer yet: nothing is read before it settles.
      readable = 0;
    } else {
      readable = afterLastLineBreak(fs, file.getPath(), size);
    }
    return new LandingFile(file.getPath(), size, modified, readable, whole);
  }

  private static boolean isCompressed(Path path) {
    return Compression.ofExtension(path.getName()) != Compression.NONE;
  }

  /** Whether the file was unmodified for at least {@code settle} before {@code at}. */
  public boolean isSettled(Duration settle, Instant at) {
    return settled(modificationTime, settle, at);
  }

  private static boolean settled(long modificationTime, Duration settle, Instant at) {
    return !Instant.ofEpochMilli(modificationTime).plus(settle).isAfter(at);
  }

  /** Whether every byte of the file as listed is read: no unterminated last line waits. */
  public boolean isComplete() {
    return readableLength >= size;
  }

  /** Whether this is a named pipe, read to its end and never counted again. */
  public boolean isPipe() {
    return readableLength == TO_END;
  }

  /** Whether the file's last byte, at its listed size, is a line break ({@code \n}). */
  boolean endsWithLineBreak() throws IOException {
    if (size == 0) {
      return false;
    }
    try (FSDataInputStream in = path.getFileSystem().open(path)) {
      in.seek(size - 1);
      return in.read() == '\n';
    }
  }

  /** The split reading this file's readable part; its reader stops at {@code readableLength}. */
  FileSourceSplit split(String id) {
    return new FileSourceSplit(id, path, 0, readableLength, modificationTime, size);
  }

  /** The length of the first {@code size} bytes of {@code file} up to their last {@code \n}. */
  private static long afterLastLineBreak(FileSystem fs, Path file, long size) throws IOException {
    byte[] chunk = new byte[TAIL_CHUNK];
    try (FSDataInputStream in = fs.open(file)) {
      long end = size;
      while (end > 0) {
        int length = (int) Math.min(TAIL_CHUNK, end);
        long start = end - length;
        in.seek(start);
        int read = 0;
        while (read < length) {
          int n = in.read(chunk, read, length - read);
          if (n < 0) {
            // Shorter than listed: replaced meanwhile; read what the listing saw up to here.
            break;
          }
          read += n;
        }
        for (int i = read - 1; i >= 0; i--) {
          if (chunk[i] == '\n') {
            return start + i + 1;
          }
        }
        end = start;
      }
    }
    return 0;
  }
}
