package io.lakehouseflow.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;

/**
 * The complete checkpoints ({@code chk-N} directories with their {@code _metadata}) that jobs
 * retain under their checkpoint directories, such as {@code <data>/checkpoints/silver}, at any
 * depth below (plan fingerprint, job id). Works for jobs on a test's MiniCluster and in another
 * process alike.
 *
 * <p>Tests wait for new ones instead of sleeping: a checkpoint that completed after a job read its
 * input proves the job made progress, and whatever it would have written twice is committed by the
 * checkpoint after it.
 */
public final class RetainedCheckpoints {
  private static final int MAX_DEPTH = 5;

  private final List<Path> jobDirectories;

  private RetainedCheckpoints(List<Path> jobDirectories) {
    this.jobDirectories = List.copyOf(jobDirectories);
  }

  /** The checkpoints retained under each of {@code jobDirectories}; none need exist yet. */
  public static RetainedCheckpoints under(Path... jobDirectories) {
    return new RetainedCheckpoints(List.of(jobDirectories));
  }

  /** As {@link #under(Path...)}, for the Flink paths a run names (local {@code file:} ones). */
  public static RetainedCheckpoints under(org.apache.flink.core.fs.Path... jobDirectories) {
    return under(
        java.util.Arrays.stream(jobDirectories).map(p -> Path.of(p.toUri())).toArray(Path[]::new));
  }

  /** The complete checkpoints under {@code jobDirectory} now; empty when it does not exist. */
  public static Set<Path> completed(Path jobDirectory) {
    for (int attempt = 1; ; attempt++) {
      if (!Files.isDirectory(jobDirectory)) {
        return Set.of();
      }
      try (Stream<Path> found = Files.find(jobDirectory, MAX_DEPTH, (p, a) -> isComplete(p))) {
        return found.collect(Collectors.toSet());
      } catch (IOException | UncheckedIOException e) {
        // Flink deletes subsumed checkpoints while we walk; list again.
        Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
        if (!(cause instanceof NoSuchFileException) || attempt == 5) {
          throw new IllegalStateException("Failed to list checkpoints under " + jobDirectory, e);
        }
      }
    }
  }

  /**
   * Waits, as {@code condition} says (deadline, poll interval, fail-fast checks), until each job
   * directory holds {@code count} complete checkpoints that were not complete when this was called.
   * Subsumed checkpoints may be deleted meanwhile; every one seen counts.
   */
  public void awaitNew(int count, ConditionFactory condition) {
    Map<Path, Set<Path>> before = new LinkedHashMap<>();
    Map<Path, Set<Path>> seen = new LinkedHashMap<>();
    for (Path dir : jobDirectories) {
      before.put(dir, completed(dir));
      seen.put(dir, new HashSet<>());
    }
    condition
        .alias(count + " new complete checkpoint(s) under each of " + jobDirectories)
        .untilAsserted(
            () -> {
              Map<Path, Integer> newCounts = new LinkedHashMap<>();
              for (Path dir : jobDirectories) {
                Set<Path> now = new HashSet<>(completed(dir));
                now.removeAll(before.get(dir));
                seen.get(dir).addAll(now);
                newCounts.put(dir, seen.get(dir).size());
              }
              assertThat(newCounts)
                  .as(
                      "new complete checkpoints per job directory, %d wanted in each (complete"
                          + " before: %s)",
                      count, before)
                  .allSatisfy(
                      (dir, n) -> assertThat(n).as("under %s", dir).isGreaterThanOrEqualTo(count));
            });
  }

  private static boolean isComplete(Path p) {
    return p.getFileName().toString().startsWith("chk-")
        && Files.isRegularFile(p.resolve("_metadata"));
  }
}
