package io.lakehouseflow.modeling;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the streaming gold job of an available-now run once it has read everything silver held at
 * its start: it watches the job's read counts (accumulators, one per gold table) until each reaches
 * the row count of its silver table's snapshot at the start, then triggers a checkpoint, whose
 * barrier follows every row read, waits until each gold table holds that checkpoint's Iceberg
 * commit, and cancels the job. The checkpoint is retained on cancellation, and the next run
 * restores it in claim mode, so that run reads only newer silver rows.
 *
 * <p>Why a checkpoint and not stop-with-savepoint: a savepoint copies all state, so every run would
 * pay for the whole history; an incremental RocksDB checkpoint, restored in claim mode, costs what
 * changed since the previous one.
 */
final class IncrementalStop {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementalStop.class);

  /** How often the read counts are polled; Flink refreshes them with the task heartbeats. */
  private static final Duration POLL = Duration.ofMillis(100);

  /** How long a checkpoint may be refused because the job's tasks are still starting. */
  private static final Duration TRIGGER_DEADLINE = Duration.ofMinutes(2);

  /** How long the gold tables may take to commit the checkpoint once it is complete. */
  private static final Duration COMMIT_DEADLINE = Duration.ofMinutes(5);

  private final JobClient job;
  private final Map<String, Long> targets;
  private final Map<String, String> tables;
  private final GoldCommits commits;
  private final Path stateDirectory;

  /**
   * @param targets per read accumulator, the rows it must reach
   * @param tables per read accumulator, the silver table it counts, for messages
   * @param commits the gold tables the job writes
   * @param stateDirectory the plan's checkpoint directory
   */
  IncrementalStop(
      JobClient job,
      Map<String, Long> targets,
      Map<String, String> tables,
      GoldCommits commits,
      Path stateDirectory) {
    this.job = job;
    this.targets = Map.copyOf(targets);
    this.tables = Map.copyOf(tables);
    this.commits = commits;
    this.stateDirectory = stateDirectory;
  }

  /**
   * Waits for the reads, ends the job on a committed checkpoint and returns the checkpoint's id.
   */
  long await() throws Exception {
    long started = System.nanoTime();
    while (!caughtUp()) {
      if (job.getJobStatus().get().isGloballyTerminalState()) {
        job.getJobExecutionResult().get(); // rethrows the failure
        throw new IllegalStateException(
            "Gold job "
                + job.getJobID()
                + " ended before it read the silver rows committed at its start "
                + targets
                + "; run again.");
      }
      Thread.sleep(POLL.toMillis());
    }
    long checkpoint = checkpoint();
    commits.await(job, checkpoint, COMMIT_DEADLINE);
    job.cancel().get();
    awaitStopped();
    LOG.info(
        "Gold job {} read {} rows of silver in {} ms and ended on checkpoint {}",
        job.getJobID(),
        targets,
        (System.nanoTime() - started) / 1_000_000,
        checkpoint);
    removeEmptyDirectories(stateDirectory);
    return checkpoint;
  }

  /**
   * Triggers the checkpoint the run ends on. A job whose state already covers silver is caught up
   * before all its tasks run, and Flink refuses a checkpoint until they do; so a refused checkpoint
   * is asked again, until {@link #TRIGGER_DEADLINE}.
   */
  private long checkpoint() throws Exception {
    CheckpointTrigger trigger = CheckpointTrigger.of(job);
    long deadline = System.nanoTime() + TRIGGER_DEADLINE.toNanos();
    while (true) {
      try {
        return trigger.trigger().get();
      } catch (ExecutionException e) {
        if (job.getJobStatus().get().isGloballyTerminalState() || System.nanoTime() > deadline) {
          throw e;
        }
        LOG.debug("Gold job {} not ready for a checkpoint yet: {}", job.getJobID(), e.getMessage());
        Thread.sleep(POLL.toMillis() * 2);
      }
    }
  }

  /**
   * Waits until the cancelled job has stopped, so that its checkpoint directory is final. Its
   * result is all there is to wait on: an embedded cluster shuts down with its job, and asking it
   * for the job's status then fails.
   */
  private void awaitStopped() throws InterruptedException {
    try {
      job.getJobExecutionResult().get();
    } catch (ExecutionException expected) {
      // A cancelled job's result is a failure; it has stopped, which is all that matters here.
    }
  }

  private boolean caughtUp() throws Exception {
    Map<String, Object> accumulators = job.getAccumulators().get();
    Map<String, String> behind = new TreeMap<>();
    for (Map.Entry<String, Long> target : targets.entrySet()) {
      Object read = accumulators.get(target.getKey());
      long rows = read instanceof Number n ? n.longValue() : 0;
      if (rows < target.getValue()) {
        behind.put(tables.get(target.getKey()), rows + "/" + target.getValue());
      }
    }
    if (!behind.isEmpty()) {
      LOG.debug("Gold job {} still reading silver: {}", job.getJobID(), behind);
    }
    return behind.isEmpty();
  }

  /**
   * Removes the directories of earlier jobs that hold no file any more. A job restored in claim
   * mode owns the checkpoint it restored and Flink deletes it, and the shared files no later
   * checkpoint needs, once subsumed; the directories stay behind. A directory holding any file is
   * kept: a later incremental checkpoint may still refer to the files of an earlier job.
   */
  private static void removeEmptyDirectories(Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem();
    FileStatus[] children = fs.listStatus(dir);
    if (children == null) {
      return;
    }
    for (FileStatus child : children) {
      if (child.isDir() && holdsNoFile(fs, child.getPath()) && fs.delete(child.getPath(), true)) {
        LOG.debug("Removed empty gold state directory {}", child.getPath());
      }
    }
  }

  private static boolean holdsNoFile(FileSystem fs, Path dir) throws IOException {
    FileStatus[] children = fs.listStatus(dir);
    if (children == null) {
      return true;
    }
    for (FileStatus child : children) {
      if (!child.isDir() || !holdsNoFile(fs, child.getPath())) {
        return false;
      }
    }
    return true;
  }
}
