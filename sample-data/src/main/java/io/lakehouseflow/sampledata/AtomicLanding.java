package io.lakehouseflow.sampledata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Lands a file the way a producer must: written under a hidden name (which discovery ignores), then
 * renamed into place in one step, so a reader watching the directory never sees half a file.
 */
public final class AtomicLanding {
  private AtomicLanding() {}

  /**
   * Writes {@code text} to {@code directory/fileName}, creating the directory; returns the file.
   */
  public static Path write(Path directory, String fileName, String text) throws IOException {
    Files.createDirectories(directory);
    Path hidden = directory.resolve("." + fileName);
    Path file = directory.resolve(fileName);
    Files.writeString(hidden, text);
    Files.move(hidden, file, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
