package io.lakehouseflow.deploy.maintenance;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableStatus;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.MaintenancePolicy;
import java.util.OptionalLong;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.maintenance.api.MaintenanceTaskBuilder;
import org.apache.iceberg.flink.maintenance.api.TableMaintenance;
import org.apache.iceberg.flink.maintenance.operator.TableChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance of one table now, for available-now users whose runs carry none: compaction (which
 * applies a gold table's equality deletes) and removal of the delete files it left applying to no
 * data file ({@link DanglingDeletes}), then snapshot expiry, then orphan-file removal, each as
 * Iceberg's own Flink maintenance task ({@link MaintenanceTasks}).
 *
 * <p>Each task runs as a bounded Flink job fed one {@link TableChange} through {@link
 * TableMaintenance#forChangeStream}: its trigger fires at once, the task commits on the watermark
 * that ends the input, and the job finishes, so the caller knows when the task is done and can
 * measure the table between tasks. {@link TableMaintenance#forTable} instead polls the table
 * forever, and Iceberg 1.11's older {@code Actions.rewriteDataFiles()} only compacts (no expiry, no
 * orphans) and is superseded by these tasks. One job per task because the trigger manager fires a
 * table's tasks one after another, waiting on processing-time timers a finished input no longer
 * runs.
 */
public final class OnDemandMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(OnDemandMaintenance.class);

  private final PipelineRun run;
  private final LakehouseCatalog catalog;

  private OnDemandMaintenance(PipelineRun run, LakehouseCatalog catalog) {
    this.run = run;
    this.catalog = catalog;
  }

  /** Maintenance of {@code run}'s tables through {@code catalog}, which the caller closes. */
  public static OnDemandMaintenance of(PipelineRun run, LakehouseCatalog catalog) {
    return new OnDemandMaintenance(run, catalog);
  }

  /** The policy of {@code id}'s layer. */
  public MaintenancePolicy policy(TableIdentifier id) {
    return run.spec().maintenance().forLayer(id.namespace().level(0));
  }

  /**
   * Compacts {@code id}, expires its snapshots and removes its orphan files as its layer's policy
   * says, keeping every bronze snapshot silver has not consumed; returns what changed.
   */
  public MaintenanceResult maintain(TableIdentifier id) throws Exception {
    MaintenancePolicy policy = policy(id);
    Table table = catalog.loadTable(id);
    TableStatus before = TableStatus.of(id, table);
    FullRead readBefore = FullRead.of(table);

    runTask(id, "compact", MaintenanceTasks.compactNow());
    int danglingDeletes = DanglingDeletes.remove(table);
    if (danglingDeletes > 0) {
      LOG.info("Removed {} delete files of {} that applied to no data file", danglingDeletes, id);
    }

    table.refresh();
    int snapshots = TableStatus.of(id, table).snapshots();
    int retain =
        Math.max(policy.retainLast(), UnconsumedSnapshots.toKeep(run.spec(), catalog, id, table));
    runTask(id, "expire-snapshots", MaintenanceTasks.expireNow(policy, retain));
    table.refresh();
    int expired = snapshots - TableStatus.of(id, table).snapshots();

    OptionalLong filesBefore = StoredFiles.count(table);
    runTask(id, "delete-orphans", MaintenanceTasks.orphansNow(policy));
    table.refresh();
    OptionalLong filesAfter = StoredFiles.count(table);
    OptionalLong removed =
        filesBefore.isPresent() && filesAfter.isPresent()
            ? OptionalLong.of(filesBefore.getAsLong() - filesAfter.getAsLong())
            : OptionalLong.empty();

    MaintenanceResult result =
        new MaintenanceResult(
            id,
            before,
            TableStatus.of(id, table),
            expired,
            removed,
            readBefore,
            FullRead.of(table));
    LOG.info(
        "Maintained {}: data files {} -> {}, delete files {} -> {}, {} snapshots expired, full read"
            + " {} ms -> {} ms",
        id,
        before.dataFiles(),
        result.after().dataFiles(),
        before.deleteFiles(),
        result.after().deleteFiles(),
        expired,
        readBefore.millis(),
        result.readAfter().millis());
    return result;
  }

  /** Runs {@code task} on {@code id} once, as a bounded job, and waits until it finished. */
  private void runTask(TableIdentifier id, String taskName, MaintenanceTaskBuilder<?> task)
      throws Exception {
    Configuration conf = new Configuration(run.options());
    String jobName = run.spec().name() + "-maintain-" + taskName + "-" + id;
    conf.set(PipelineOptions.NAME, jobName);
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, run.options().get(LakehouseOptions.PARALLELISM));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            IcebergFileSerialization.configure(conf));
    // One commit "seen" fires a task scheduled on a commit count of 1 at once.
    DataStream<TableChange> change =
        env.fromData(
                TypeInformation.of(TableChange.class), TableChange.builder().commitCount(1).build())
            .name("Maintain " + id + " now");
    TableMaintenance.forChangeStream(change, catalog.tableLoader(id))
        .uidSuffix("maintain-" + taskName + "-" + id)
        .add(task)
        .append();
    long started = System.currentTimeMillis();
    try {
      env.execute(jobName);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Failed to "
              + taskName.replace('-', ' ')
              + " "
              + id
              + ": "
              + e.getMessage()
              + ". The table is unchanged by this task; run lakehouse maintain again.",
          e);
    }
    LOG.info("Task {} of {} finished in {} ms", taskName, id, System.currentTimeMillis() - started);
  }
}
