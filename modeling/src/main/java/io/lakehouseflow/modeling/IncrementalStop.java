package io.lakehouseflow.modeling;

import io.lakehouseflow.core.config.RetainedCheckpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the streaming gold job of an available-now run once it has read everything silver held at
 * its start: it watches the job's read counts (accumulators, one per gold table) until each reaches
 * the row count of its silver table's snapshot at the start, then stops the job with a savepoint.
 * The savepoint completes only after every gold sink has committed it, and the next run resumes
 * from it, so that run reads only newer silver rows. State older than the savepoint is removed.
 */
final class IncrementalStop {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementalStop.class);

  /** How often the read counts are polled; Flink refreshes them with the task heartbeats. */
  private static final Duration POLL = Duration.ofMillis(100);

  /** How long a savepoint may be refused because the job's tasks are still starting. */
  private static final Duration SAVEPOINT_DEADLINE = Duration.ofMinutes(2);

  private final JobClient job;
  private final Map<String, Long> targets;
  private final Map<String, String> tables;
  private final Path stateDirectory;

  /**
   * @param targets per read accumulator, the rows it must reach
   * @param tables per read accumulator, the silver table it counts, for messages
   * @param stateDirectory the plan's checkpoint directory, where the savepoint goes
   */
  IncrementalStop(
      JobClient job, Map<String, Long> targets, Map<String, String> tables, Path stateDirectory) {
    this.job = job;
    this.targets = Map.copyOf(targets);
    this.tables = Map.copyOf(tables);
    this.stateDirectory = stateDirectory;
  }

  /** Waits for the reads, stops the job with a savepoint and returns the savepoint's path. */
  String await() throws Exception {
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
    String savepoint = stopWithSavepoint();
    job.getJobExecutionResult().get();
    LOG.info(
        "Gold job {} read {} rows of silver in {} ms and stopped with savepoint {}",
        job.getJobID(),
        targets,
        (System.nanoTime() - started) / 1_000_000,
        savepoint);
    removeOlderState(new Path(savepoint));
    return savepoint;
  }

  /**
   * Stops the job with a savepoint. A job whose state already covers silver is caught up before all
   * its tasks run, and Flink refuses a savepoint until they do; so a refused savepoint is asked
   * again, until {@link #SAVEPOINT_DEADLINE}.
   */
  private String stopWithSavepoint() throws Exception {
    long deadline = System.nanoTime() + SAVEPOINT_DEADLINE.toNanos();
    while (true) {
      try {
        return job.stopWithSavepoint(false, stateDirectory.toString(), SavepointFormatType.NATIVE)
            .get();
      } catch (ExecutionException e) {
        boolean tasksNotRunning =
            ExceptionUtils.findThrowable(e, CheckpointException.class).isPresent()
                && !job.getJobStatus().get().isGloballyTerminalState();
        if (!tasksNotRunning || System.nanoTime() > deadline) {
          throw e;
        }
        LOG.debug(
            "Gold job {} not ready for its savepoint yet: {}", job.getJobID(), e.getMessage());
        Thread.sleep(POLL.toMillis() * 2);
      }
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
   * Every savepoint and checkpoint of this plan older than {@code savepoint}: a job restored from a
   * savepoint does not share its files (Flink's default no-claim restore), so none is needed again.
   */
  private void removeOlderState(Path savepoint) throws IOException {
    FileSystem fs = stateDirectory.getFileSystem();
    FileStatus[] children = fs.listStatus(stateDirectory);
    if (children == null) {
      return;
    }
    String keep = savepoint.getName();
    for (FileStatus child : children) {
      Path path = child.getPath();
      boolean olderState =
          child.isDir()
              && !path.getName().equals(keep)
              && (path.getName().startsWith(RetainedCheckpoint.SAVEPOINT_DIR_PREFIX)
                  || !RetainedCheckpoint.under(path).isEmpty());
      if (olderState && fs.delete(path, true)) {
        LOG.info("Removed gold state {}, older than savepoint {}", path, keep);
      }
    }
  }
}
