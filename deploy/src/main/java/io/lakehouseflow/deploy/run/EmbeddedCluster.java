package io.lakehouseflow.deploy.run;

import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Flink MiniCluster for all the jobs of an available-now run of the CLI. Left to itself, every
 * job of a plain JVM starts a MiniCluster of its own and shuts it down when it ends; starting one
 * (an actor system, a job manager, a task manager, a REST endpoint) costs about a second on two
 * cores, paid by every layer of every run whatever it reads. With this cluster open, the stream and
 * table environments the jobs create submit to it instead ({@link
 * StreamExecutionEnvironment#getExecutionEnvironment} consults the context factory it installs), so
 * a run pays for one start, and a layer's time is what its job does.
 *
 * <p>It carries the settings an embedded job would otherwise bring to its own cluster: managed
 * memory for RocksDB, the heartbeat interval that brings read counts to the job manager, and one
 * slot per subtask of the run's parallelism (the layers run one after another; a job that finds no
 * free slot waits for one). Not for continuous runs, whose jobs run side by side, each on its own
 * cluster.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);
  private static final String EXECUTOR = "lakehouse-embedded";

  /** The cluster of this JVM's runs, and how many runs have it open. */
  private static MiniCluster shared;

  private static int users;

  /** The shared cluster, or null where jobs go elsewhere. */
  private final MiniCluster cluster;

  private boolean closed;

  private EmbeddedCluster(MiniCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Opens the cluster for {@code run}'s jobs and makes it the one they submit to. Runs of one JVM
   * share one cluster (the first one opened; closed when the last run closes it). Where jobs are
   * already sent elsewhere (under {@code flink run}, or a test's MiniCluster), nothing changes.
   */
  public static EmbeddedCluster start(PipelineRun run) throws Exception {
    return start(run.options(), run.spec().name());
  }

  /**
   * Opens the cluster for the jobs of a command that runs no pipeline but queries its tables
   * several times ({@code lakehouse verify}, {@code test}, the demo's checks), with the default
   * options. {@code lakehouse query} runs one statement and so keeps Flink's cluster per job.
   */
  public static EmbeddedCluster forQueries() throws Exception {
    return start(new Configuration(), "queries");
  }

  private static EmbeddedCluster start(Configuration options, String purpose) throws Exception {
    synchronized (EmbeddedCluster.class) {
      if (shared == null) {
        if (!(StreamExecutionEnvironment.getExecutionEnvironment()
            instanceof LocalStreamEnvironment)) {
          return new EmbeddedCluster(null);
        }
        shared = startCluster(options, purpose);
      }
      users++;
      return new EmbeddedCluster(shared);
    }
  }

  private static MiniCluster startCluster(Configuration options, String purpose) throws Exception {
    Configuration conf = configuration(options);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(conf.get(TaskManagerOptions.NUM_TASK_SLOTS))
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .build());
    long startedAt = System.nanoTime();
    cluster.start();
    LOG.info(
        "Started the embedded Flink cluster for {} in {} ms ({} slots)",
        purpose,
        (System.nanoTime() - startedAt) / 1_000_000,
        conf.get(TaskManagerOptions.NUM_TASK_SLOTS));
    ContextEnvironment.install(new Executors(cluster), conf);
    return cluster;
  }

  /** The cluster's settings: the run's options and what its jobs need of an embedded cluster. */
  static Configuration configuration(Configuration options) {
    Configuration conf = JobEnvironment.withEmbeddedDefaults(new Configuration(options));
    if (!conf.contains(TaskManagerOptions.NUM_TASK_SLOTS)) {
      conf.set(TaskManagerOptions.NUM_TASK_SLOTS, options.get(LakehouseOptions.PARALLELISM));
    }
    if (!conf.contains(RestOptions.BIND_PORT)) {
      conf.set(RestOptions.BIND_PORT, "0");
    }
    conf.set(DeploymentOptions.TARGET, EXECUTOR);
    conf.set(DeploymentOptions.ATTACHED, true);
    return conf;
  }

  /**
   * Leaves the cluster; the last run to leave restores the default (a cluster per job) and shuts
   * the cluster down.
   */
  @Override
  public void close() throws Exception {
    synchronized (EmbeddedCluster.class) {
      if (cluster == null || closed) {
        return;
      }
      closed = true;
      if (--users == 0) {
        ContextEnvironment.uninstall();
        shared = null;
        cluster.close();
      }
    }
  }

  /**
   * Installs the context factory; only a subclass of {@link StreamExecutionEnvironment} may, as
   * Flink's own test environments do.
   */
  private static final class ContextEnvironment extends StreamExecutionEnvironment {
    private ContextEnvironment() {}

    static void install(PipelineExecutorServiceLoader executors, Configuration cluster) {
      initializeContextEnvironment(
          conf -> {
            Configuration merged = new Configuration(cluster);
            merged.addAll(conf);
            merged.set(DeploymentOptions.TARGET, EXECUTOR);
            merged.set(DeploymentOptions.ATTACHED, true);
            return new StreamExecutionEnvironment(
                executors, merged, Thread.currentThread().getContextClassLoader());
          });
    }

    static void uninstall() {
      resetContextEnvironment();
    }
  }

  /** Submits every pipeline to the shared cluster, as Flink's per-job local executor would. */
  private record Executors(MiniCluster cluster)
      implements PipelineExecutorServiceLoader, PipelineExecutorFactory, PipelineExecutor {

    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
      return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
      return Stream.of(EXECUTOR);
    }

    @Override
    public String getName() {
      return EXECUTOR;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
      return true;
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
      return this;
    }

    @Override
    public CompletableFuture<JobClient> execute(
        Pipeline pipeline, Configuration configuration, ClassLoader userCodeClassLoader)
        throws Exception {
      StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
      graph.serializeUserDefinedInstances();
      return cluster
          .submitJob(graph)
          .thenApplyAsync(
              submitted -> {
                try {
                  ClientUtils.waitUntilJobInitializationFinished(
                      () -> cluster.getJobStatus(submitted.getJobID()).get(),
                      () -> cluster.requestJobResult(submitted.getJobID()).get(),
                      userCodeClassLoader);
                } catch (Exception e) {
                  throw new IllegalStateException(
                      "Job " + submitted.getJobID() + " failed to initialize: " + e.getMessage(),
                      e);
                }
                return new MiniClusterJobClient(
                    submitted.getJobID(),
                    cluster,
                    userCodeClassLoader,
                    MiniClusterJobClient.JobFinalizationBehavior.NOTHING);
              });
    }
  }
}
