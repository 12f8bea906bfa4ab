package io.lakehouseflow.deploy.run;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.WriterLease;
import io.lakehouseflow.core.catalog.WriterLeaseException;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineJob;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.maintenance.ContinuousMaintenance;
import io.lakehouseflow.ingestion.BronzeJob;
import io.lakehouseflow.modeling.GoldJob;
import io.lakehouseflow.transforms.SilverJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pipeline's layers: in available-now mode one after the other (bronze, then silver, then
 * gold), each finishing before the next starts so every layer sees the previous one's commits; in
 * continuous mode all three at once, each watching its input, and beside them the job maintaining
 * their tables ({@link ContinuousMaintenance}).
 */
public final class PipelineRunner {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

  /** The medallion layers, in the order data flows. */
  public enum Layer {
    BRONZE,
    SILVER,
    GOLD;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the spec declares anything for this layer to build. */
    boolean hasWork(PipelineSpec spec) {
      return switch (this) {
        case BRONZE -> !spec.sources().isEmpty();
        case SILVER -> !spec.silver().isEmpty();
        case GOLD -> !spec.dimensions().isEmpty() || !spec.facts().isEmpty();
      };
    }

    /** The name of the layer's job, also its checkpoint directory under the checkpoints root. */
    public String jobName() {
      return switch (this) {
        case BRONZE -> BronzeJob.NAME;
        case SILVER -> SilverJob.NAME;
        case GOLD -> GoldJob.NAME;
      };
    }

    /** The tables this layer's job writes, in spec order. */
    public List<TableIdentifier> tables(PipelineSpec spec) {
      return switch (this) {
        case BRONZE -> BronzeJob.tables(spec);
        case SILVER -> SilverJob.tables(spec);
        case GOLD -> GoldJob.writtenTables(spec);
      };
    }

    /**
     * Every table the layer's job writes: {@link #tables} and, for silver, the quality metrics
     * table its runs append to. A run leases these, and a reset drops them.
     */
    public List<TableIdentifier> writtenTables(PipelineSpec spec) {
      return switch (this) {
        case BRONZE -> BronzeJob.writtenTables(spec);
        case SILVER -> SilverJob.writtenTables(spec);
        case GOLD -> GoldJob.writtenTables(spec);
      };
    }

    PipelineJob job(PipelineRun run) {
      return switch (this) {
        case BRONZE -> BronzeJob.forRun(run);
        case SILVER -> SilverJob.forRun(run);
        case GOLD -> GoldJob.forRun(run);
      };
    }
  }

  private final PipelineRun run;
  private final List<Layer> layers;

  private PipelineRunner(PipelineRun run, List<Layer> layers) {
    this.run = run;
    this.layers = List.copyOf(layers);
  }

  /**
   * A runner of {@code layers}, in data-flow order whatever the order given. Layers the spec
   * declares nothing for (a spec without dimensions or facts has no gold) are left out.
   */
  public static PipelineRunner of(PipelineRun run, List<Layer> layers) {
    Objects.requireNonNull(run, "run");
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot run a pipeline with no layers: name at least one of bronze, silver, gold");
    }
    List<Layer> withWork = new ArrayList<>();
    for (Layer layer : layers.stream().distinct().sorted().toList()) {
      if (layer.hasWork(run.spec())) {
        withWork.add(layer);
      } else {
        LOG.info(
            "Layer {} skipped: pipeline {} declares nothing for it",
            layer.cliName(),
            run.spec().name());
      }
    }
    if (withWork.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot run layers "
              + layers
              + " of pipeline "
              + run.spec().location()
              + ": the spec declares nothing for them. Declare sources, silver tables,"
              + " dimensions or facts.");
    }
    return new PipelineRunner(run, withWork);
  }

  public static PipelineRunner allLayers(PipelineRun run) {
    return of(run, List.of(Layer.values()));
  }

  /** The run whose layers this runner runs. */
  public PipelineRun run() {
    return run;
  }

  public List<Layer> layers() {
    return layers;
  }

  /** The tables the layers of this runner write, each under one writer at a time. */
  public List<TableIdentifier> writes() {
    return layers.stream().flatMap(layer -> layer.writtenTables(run.spec()).stream()).toList();
  }

  /**
   * Runs every layer to completion in order (available-now), holding the writer lease of every
   * table they write. {@code onLayerStart} is told before each layer starts, for progress display.
   *
   * @throws WriterLeaseException when another run writes one of those tables
   */
  public void runAvailableNow(Consumer<Layer> onLayerStart) throws Exception {
    if (run.mode() != RunMode.AVAILABLE_NOW) {
      throw new IllegalStateException("Cannot run " + run.mode() + " to completion; use start()");
    }
    ExecutorService planner =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "lakehouse-plan-ahead");
              thread.setDaemon(true);
              return thread;
            });
    try (LakehouseCatalog catalog = run.catalog();
        WriterLease lease = lease(catalog)) {
      List<PipelineJob> jobs = layers.stream().map(layer -> layer.job(run)).toList();
      // Later layers plan while the first ones run: most of an increment's time in a layer is
      // fixed cost (planning, deployment, a checkpoint), and planning reads no data. A layer whose
      // input changed shape meanwhile plans again at its turn.
      List<Future<?>> planned = new ArrayList<>();
      planned.add(CompletableFuture.completedFuture(null));
      jobs.stream().skip(1).forEach(job -> planned.add(planner.submit(prepare(job))));
      for (int i = 0; i < layers.size(); i++) {
        Layer layer = layers.get(i);
        requireHeld(lease);
        onLayerStart.accept(layer);
        long startedAt = System.currentTimeMillis();
        awaitPlanned(planned.get(i), layer);
        jobs.get(i).runToCompletion();
        LOG.info(
            "Layer {} of pipeline {} finished in {} ms",
            layer.cliName(),
            run.spec().name(),
            System.currentTimeMillis() - startedAt);
      }
      requireHeld(lease);
    } finally {
      planner.shutdownNow();
    }
  }

  private static Callable<Void> prepare(PipelineJob job) {
    return () -> {
      job.prepare();
      return null;
    };
  }

  /**
   * Waits for the layer's job to be planned ahead. A failure is left to its submission, which plans
   * again and reports what still fails (for example a silver table the run before it has only just
   * created).
   */
  private static void awaitPlanned(Future<?> ahead, Layer layer) throws InterruptedException {
    try {
      ahead.get();
    } catch (ExecutionException e) {
      LOG.info(
          "Layer {} could not be planned ahead ({}); it plans at submission",
          layer.cliName(),
          String.valueOf(e.getCause()));
    }
  }

  /**
   * Starts every layer's job (continuous mode) under the writer lease of every table they write;
   * closing the returned pipeline cancels the jobs and releases the lease.
   *
   * @throws WriterLeaseException when another run writes one of those tables
   */
  public RunningPipeline start() throws Exception {
    LakehouseCatalog catalog = run.catalog();
    WriterLease lease;
    try {
      lease = lease(catalog);
    } catch (RuntimeException e) {
      catalog.close();
      throw e;
    }
    List<JobClient> clients = new ArrayList<>();
    try {
      for (Layer layer : layers) {
        clients.add(layer.job(run).submit());
        LOG.info("Started continuous {} job of pipeline {}", layer.cliName(), run.spec().name());
      }
      // After the layers' jobs, which create the tables it watches.
      Optional<ContinuousMaintenance> maintenance = ContinuousMaintenance.of(run, writes());
      if (maintenance.isPresent()) {
        clients.add(maintenance.get().submit());
        LOG.info(
            "Started the maintenance job of pipeline {} for {} tables",
            run.spec().name(),
            maintenance.get().tables().size());
      }
    } catch (Exception e) {
      clients.forEach(JobClient::cancel);
      lease.close();
      catalog.close();
      throw e;
    }
    return new RunningPipeline(clients, lease, catalog);
  }

  private WriterLease lease(LakehouseCatalog catalog) {
    return WriterLease.acquire(
        catalog,
        "pipeline "
            + run.spec().name()
            + " ("
            + run.mode().cliName()
            + ", layers "
            + layers.stream().map(Layer::cliName).collect(Collectors.joining(","))
            + ") in "
            + run.layout().root(),
        writes(),
        run.options().get(LakehouseOptions.WRITER_LEASE_TIMEOUT));
  }

  /** Stops before the next commit when another run took this run's tables over. */
  private static void requireHeld(WriterLease lease) {
    if (lease.lost()) {
      throw new WriterLeaseException(
          "Stopped: another run took over this run's tables after this run did not renew its"
              + " writer lease in time (the machine may be overloaded). Whatever this run committed"
              + " is in the tables once; run again when the other run has finished.");
    }
  }
}
