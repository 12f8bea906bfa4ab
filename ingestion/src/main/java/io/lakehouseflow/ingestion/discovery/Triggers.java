package io.lakehouseflow.ingestion.discovery;

import io.lakehouseflow.core.spec.DiscoveryOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts a source's files to read into triggers of at most {@code max_files_per_trigger} files and
 * {@code max_bytes_per_trigger} bytes, oldest first (by modification time, then path), so a backlog
 * is read in the order it landed. A trigger holds at least one file, however large.
 */
public final class Triggers {
  private static final Comparator<LandingFile> OLDEST_FIRST =
      Comparator.comparingLong(LandingFile::modificationTime)
          .thenComparing(f -> f.path().toString());

  private Triggers() {}

  /** All of {@code files}, oldest first, in triggers within {@code limits}. */
  public static List<List<LandingFile>> of(List<LandingFile> files, DiscoveryOptions limits) {
    List<LandingFile> sorted = new ArrayList<>(files);
    sorted.sort(OLDEST_FIRST);
    List<List<LandingFile>> triggers = new ArrayList<>();
    List<LandingFile> current = new ArrayList<>();
    long bytes = 0;
    for (LandingFile file : sorted) {
      long size = file.isPipe() ? 0 : file.readableLength();
      boolean full =
          !current.isEmpty()
              && ((limits.maxFilesPerTrigger() > 0 && current.size() >= limits.maxFilesPerTrigger())
                  || (limits.maxBytesPerTrigger() > 0
                      && bytes + size > limits.maxBytesPerTrigger()));
      if (full) {
        triggers.add(List.copyOf(current));
        current.clear();
        bytes = 0;
      }
      current.add(file);
      bytes += size;
    }
    if (!current.isEmpty()) {
      triggers.add(List.copyOf(current));
    }
    return triggers;
  }

  /** The first trigger of {@code files}: what one discovery of a continuous run offers. */
  public static List<LandingFile> first(List<LandingFile> files, DiscoveryOptions limits) {
    if (limits.unlimited()) {
      return files;
    }
    List<List<LandingFile>> triggers = of(files, limits);
    return triggers.isEmpty() ? List.of() : triggers.get(0);
  }
}
