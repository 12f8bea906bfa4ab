package io.lakehouseflow.deploy.run;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.WriterLease;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline's continuous jobs and the writer lease they run under. Closing it cancels the jobs,
 * waits until they have stopped, and only then releases the lease, so the next run never overlaps a
 * job of this one. Should another run take the tables over (this run's lease expired), the jobs are
 * cancelled at once.
 */
public final class RunningPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunningPipeline.class);
  private static final long STOP_TIMEOUT_SECONDS = 60;

  private final List<JobClient> jobs;
  private final WriterLease lease;
  private final LakehouseCatalog catalog;

  RunningPipeline(List<JobClient> jobs, WriterLease lease, LakehouseCatalog catalog) {
    this.jobs = List.copyOf(jobs);
    this.lease = lease;
    this.catalog = catalog;
    lease.onLost(this::cancelJobs);
  }

  public List<JobClient> jobs() {
    return jobs;
  }

  /** Completes when the first job ends, normally or not. */
  public CompletableFuture<Object> anyJobEnded() {
    return CompletableFuture.anyOf(
        jobs.stream().map(JobClient::getJobExecutionResult).toArray(CompletableFuture[]::new));
  }

  /** Whether another run took this run's tables over. */
  public boolean leaseLost() {
    return lease.lost();
  }

  /**
   * Leaves the jobs running, to the cluster they run on, and releases the lease: for a client that
   * exits once it submitted them (an application jar's main). The jobs' ids are logged.
   */
  public void detach() {
    jobs.forEach(job -> LOG.info("Left job {} running on its cluster", job.getJobID()));
    try {
      lease.close();
    } finally {
      catalog.close();
    }
  }

  @Override
  public void close() {
    try {
      cancelJobs();
    } finally {
      lease.close();
      catalog.close();
    }
  }

  private void cancelJobs() {
    for (JobClient job : jobs) {
      try {
        if (!job.getJobStatus()
            .get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .isGloballyTerminalState()) {
          job.cancel().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        waitUntilStopped(job);
      } catch (Exception e) {
        // The job may have finished or failed already, or its cluster may be gone.
        LOG.debug("Cancelling job {} failed", job.getJobID(), e);
      }
    }
  }

  private static void waitUntilStopped(JobClient job) throws Exception {
    try {
      job.getJobExecutionResult().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      // A cancelled job completes its result exceptionally: that is the stop we wait for.
      JobStatus status = job.getJobStatus().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.debug("Job {} stopped as {}", job.getJobID(), status);
    }
  }
}
