package io.lakehouseflow.core.config;

import org.apache.flink.core.execution.JobClient;

/**
 * One of a pipeline's three Flink jobs (bronze, silver, gold), built from a {@link PipelineRun}.
 * Each creates its missing output tables before it submits.
 */
public interface PipelineJob {

  /**
   * Short name, also the checkpoint sub-directory: {@code bronze}, {@code silver}, {@code gold}.
   */
  String name();

  /**
   * Creates missing output tables and submits the job, returning at once. In available-now mode the
   * job finishes by itself once everything available is committed; in continuous mode it runs until
   * cancelled.
   */
  JobClient submit() throws Exception;

  /**
   * Plans the job ahead of its turn, on another thread while the job before it in an available-now
   * run still runs, so that {@link #submit} need only submit. It may create the job's own output
   * tables but changes no row and submits nothing. {@link #submit} plans again when what the job
   * reads changed meanwhile, and after a failure here, which it then reports itself. By default a
   * job plans when it is submitted.
   */
  default void prepare() throws Exception {}

  /** Submits the job and waits until it finishes, rethrowing its failure as {@link #failure}. */
  default void runToCompletion() throws Exception {
    try {
      submit().getJobExecutionResult().get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw failure(e.getCause() == null ? e : e.getCause());
    }
  }

  /**
   * The exception to report for a job that failed with {@code cause}: the cause itself by default.
   * A job overrides this to surface its own failure from under Flink's wrapping.
   */
  default Exception failure(Throwable cause) {
    return cause instanceof Exception e ? e : new RuntimeException(cause);
  }
}
