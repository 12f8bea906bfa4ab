package io.lakehouseflow.core.spec;

import java.util.Locale;

/**
 * How landing files are compressed. A compressed file is read only whole, once it has settled, and
 * by one reader: a compressed stream cannot be cut at a line break or entered in the middle.
 */
public enum Compression {
  /** From the file name: {@code .gz} is gzip, {@code .zst} is zstd, anything else is plain. */
  AUTO,
  NONE,
  GZIP,
  ZSTD;

  /** The compression of the file named {@code fileName}: this one, or for AUTO its extension's. */
  public Compression forFile(String fileName) {
    return this == AUTO ? ofExtension(fileName) : this;
  }

  /** The compression a file name's extension names ({@code .gz}, {@code .zst}), else NONE. */
  public static Compression ofExtension(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      return GZIP;
    }
    return name.endsWith(".zst") ? ZSTD : NONE;
  }
}
