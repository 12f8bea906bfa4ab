package io.lakehouseflow.core.testing;

import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.config.JobEnvironment;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The shared MiniCluster of integration tests: register as {@code @RegisterExtension static final
 * MiniClusterExtension FLINK = LakehouseMiniCluster.extension();}. Jobs built with {@code
 * JobEnvironment.create} then run on it.
 */
public final class LakehouseMiniCluster {
  public static final int SLOTS = 8;

  private LakehouseMiniCluster() {}

  public static MiniClusterExtension extension() {
    return new MiniClusterExtension(configuration());
  }

  /**
   * The shared MiniCluster's configuration, for tests that start it themselves: jqwik properties,
   * which JUnit Jupiter extensions do not reach, use {@code MiniClusterWithClientResource} with it.
   */
  public static MiniClusterResourceConfiguration configuration() {
    return new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(SLOTS)
        .setConfiguration(flinkConfiguration())
        .build();
  }

  /** The settings the CLI's embedded cluster gets from {@link JobEnvironment}. */
  private static Configuration flinkConfiguration() {
    return JobEnvironment.withEmbeddedDefaults(new Configuration());
  }

  /**
   * Cancels {@code job} and waits until it has stopped. Flink acknowledges a cancellation before
   * the tasks end, and a job still cancelling may yet commit, or write into a directory the test
   * deletes or hands to the job's successor.
   */
  public static void cancel(JobClient job) throws Exception {
    job.cancel().get(1, TimeUnit.MINUTES);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .alias("job " + job.getJobID() + " stopped after its cancellation")
        .until(() -> job.getJobStatus().get().isGloballyTerminalState());
  }
}
