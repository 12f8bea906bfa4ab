package io.lakehouseflow.ingestion.discovery;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;
import org.apache.flink.core.fs.Path;

/**
 * The split assigner of a landing source's enumerator, counting what it holds: the files discovered
 * (each path once, however often a split of it comes back after a reader failure) and the files
 * waiting for a reader. Flink's own assigner decides which reader gets which file.
 *
 * <p>The enumerator calls it from the coordinator thread; the metric reporter reads {@link
 * #waiting()} from its own, so the count is atomic rather than read from the assigner's list.
 */
final class LandingBacklog implements FileSplitAssigner {
  private final FileSplitAssigner assigner;
  private final Set<Path> discovered = new HashSet<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Runnable onDiscovered;

  /**
   * @param onDiscovered called once per file path the enumerator hands over for the first time
   */
  LandingBacklog(
      FileSplitAssigner assigner, Collection<FileSourceSplit> initial, Runnable onDiscovered) {
    this.assigner = assigner;
    this.onDiscovered = onDiscovered;
    count(initial);
  }

  @Override
  public Optional<FileSourceSplit> getNext(String hostname) {
    Optional<FileSourceSplit> next = assigner.getNext(hostname);
    if (next.isPresent()) {
      waiting.decrementAndGet();
    }
    return next;
  }

  @Override
  public void addSplits(Collection<FileSourceSplit> splits) {
    assigner.addSplits(splits);
    count(splits);
  }

  @Override
  public Collection<FileSourceSplit> remainingSplits() {
    return assigner.remainingSplits();
  }

  /** Files discovered and not yet handed to a reader. */
  int waiting() {
    return waiting.get();
  }

  private void count(Collection<FileSourceSplit> splits) {
    waiting.addAndGet(splits.size());
    for (FileSourceSplit split : splits) {
      if (discovered.add(split.path())) {
        onDiscovered.run();
      }
    }
  }
}
