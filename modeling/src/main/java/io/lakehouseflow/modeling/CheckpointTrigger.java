package io.lakehouseflow.modeling;

import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.client.program.ClusterClientProvider;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * Triggers a checkpoint of a running job, as {@code POST /jobs/:jobid/checkpoints} of Flink's REST
 * API does, and completes with its id once the checkpoint is complete.
 *
 * <p>Flink's {@link JobClient} can take savepoints but not checkpoints. A savepoint, even in the
 * native format, copies all state, so a run ending on one costs time in proportion to the state; an
 * incremental checkpoint costs what changed. Both kinds of client Flink hands out hold what
 * triggers one: a local MiniCluster ({@link MiniCluster#triggerCheckpoint(JobID, CheckpointType)})
 * or the cluster client of a session cluster ({@link ClusterClient#triggerCheckpoint}), in a
 * private field this class reads.
 */
final class CheckpointTrigger {
  private final JobID job;
  private final Object target;

  private CheckpointTrigger(JobID job, Object target) {
    this.job = job;
    this.target = target;
  }

  /**
   * The trigger of {@code client}'s job.
   *
   * @throws IllegalStateException when {@code client} is of a kind that holds neither a MiniCluster
   *     nor a cluster client
   */
  static CheckpointTrigger of(JobClient client) {
    Object target = field(client, MiniCluster.class);
    if (target == null) {
      target = field(client, ClusterClientProvider.class);
    }
    if (target == null) {
      throw new IllegalStateException(
          "Cannot trigger a checkpoint of job "
              + client.getJobID()
              + ": its client ("
              + client.getClass().getName()
              + ") holds neither a MiniCluster nor a cluster client, and an incremental gold run"
              + " ends on a checkpoint. Run the gold job with --rebuild, or in continuous mode.");
    }
    return new CheckpointTrigger(client.getJobID(), target);
  }

  /**
   * Triggers a checkpoint of the type the job is configured with (incremental under RocksDB). The
   * future completes with the checkpoint's id once it is complete, or fails as Flink refused or
   * aborted it (for example while not all tasks are running yet).
   */
  CompletableFuture<Long> trigger() {
    if (target instanceof MiniCluster cluster) {
      return cluster.triggerCheckpoint(job, CheckpointType.CONFIGURED);
    }
    ClusterClient<?> client = ((ClusterClientProvider<?>) target).getClusterClient();
    return client
        .triggerCheckpoint(job, CheckpointType.CONFIGURED)
        .whenComplete((id, failure) -> client.close());
  }

  private static Object field(JobClient client, Class<?> type) {
    for (Class<?> c = client.getClass(); c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (type.isAssignableFrom(f.getType())) {
          try {
            f.setAccessible(true);
            return f.get(client);
          } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                "Cannot reach the "
                    + type.getSimpleName()
                    + " of job client "
                    + client.getClass().getName()
                    + " to trigger a checkpoint of job "
                    + client.getJobID()
                    + ": "
                    + e.getMessage(),
                e);
          }
        }
      }
    }
    return null;
  }
}
