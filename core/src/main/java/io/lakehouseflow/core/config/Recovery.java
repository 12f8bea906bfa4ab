package io.lakehouseflow.core.config;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/**
 * Who decides which state a continuous job starts from. Whoever deploys a job decides: the CLI runs
 * jobs on its own embedded MiniCluster and so restores them itself, while a cluster (a session or
 * application cluster, the Kubernetes operator's {@code upgradeMode}) restores the jobs it runs,
 * from checkpoints and savepoints the client cannot see.
 */
public enum Recovery implements DescribedEnum {
  /** The client restores the newest complete retained checkpoint of the job's plan, if any. */
  LATEST_RETAINED_CHECKPOINT(
      "The job is submitted with the newest complete checkpoint retained under its checkpoint"
          + " directory (of its current plan) as restore path: what the embedded CLI runs use."),

  /** The client sets no restore path; the cluster restores, or the job starts empty. */
  CLUSTER(
      "The job is submitted without a restore path and never lists checkpoints itself: the"
          + " cluster restores it (execution.state-recovery.path, HA, the Kubernetes operator's"
          + " upgradeMode).");

  private final String description;

  Recovery(String description) {
    this.description = description;
  }

  @Override
  public InlineElement getDescription() {
    return text(description);
  }
}
