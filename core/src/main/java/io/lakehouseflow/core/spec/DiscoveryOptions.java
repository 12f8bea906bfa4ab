package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which of a source's landing files are read, and how many at a time.
 *
 * @param include globs on file names; when not empty, only files matching one are read (directory
 *     names are never matched, so {@code *.csv} reads CSV files at any depth)
 * @param modifiedAfter when set, only files last modified after it are read
 * @param maxFilesPerTrigger at most this many files per bronze commit: per job in an available-now
 *     run (which then runs as many jobs as it needs, one after the other), per discovery in a
 *     continuous one; 0 for no limit
 * @param maxBytesPerTrigger at most this many bytes of files per bronze commit, likewise (a file
 *     larger than the limit is read alone); 0 for no limit
 */
public record DiscoveryOptions(
    List<String> include, Instant modifiedAfter, int maxFilesPerTrigger, long maxBytesPerTrigger)
    implements Serializable {

  /** Every file, all at once. */
  public static final DiscoveryOptions DEFAULT = new DiscoveryOptions(List.of(), null, 0, 0);

  public DiscoveryOptions {
    include = List.copyOf(include);
  }

  public Optional<Instant> modifiedAfterTime() {
    return Optional.ofNullable(modifiedAfter);
  }

  /** Whether a trigger may take any number of files. */
  public boolean unlimited() {
    return maxFilesPerTrigger == 0 && maxBytesPerTrigger == 0;
  }
}
