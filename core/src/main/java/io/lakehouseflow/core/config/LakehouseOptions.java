package io.lakehouseflow.core.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/**
 * Job settings that are not part of the pipeline spec, because they describe how a run executes
 * rather than what it computes. Each is declared once here, typed, with its default; the CLI sets
 * them from flags and a cluster from its Flink configuration.
 */
public final class LakehouseOptions {

  public static final ConfigOption<RunMode> MODE =
      key("lakehouse.mode")
          .enumType(RunMode.class)
          .defaultValue(RunMode.AVAILABLE_NOW)
          .withDescription(
              "AVAILABLE_NOW processes what is there, commits and finishes; CONTINUOUS keeps"
                  + " watching and commits on every checkpoint.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      key("lakehouse.checkpoint-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "How often streaming jobs checkpoint; every checkpoint is an Iceberg commit, so this"
                  + " is also the freshness of bronze, silver and gold.");

  public static final ConfigOption<Duration> DISCOVERY_INTERVAL =
      key("lakehouse.discovery-interval")
          .durationType()
          .noDefaultValue()
          .withDescription(
              "In continuous mode, how often landing directories are listed for new files."
                  + " Default: half the checkpoint interval, between 100 ms and 5 s.");

  public static final ConfigOption<Duration> MONITOR_INTERVAL =
      key("lakehouse.monitor-interval")
          .durationType()
          .noDefaultValue()
          .withDescription(
              "In continuous mode, how often silver and gold poll the Iceberg tables they read"
                  + " for new snapshots. Default: the discovery interval.");

  public static final ConfigOption<Boolean> GOLD_REBUILD =
      key("lakehouse.gold-rebuild")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Whether an available-now gold run rebuilds every gold table from all of silver in"
                  + " one batch job, instead of resuming from the state its previous run kept and"
                  + " reading only the silver rows added since. Both give the same rows.");

  public static final ConfigOption<Integer> PARALLELISM =
      key("lakehouse.parallelism")
          .intType()
          .defaultValue(2)
          .withDescription("Parallelism of every operator of the pipeline's jobs.");

  public static final ConfigOption<Recovery> RECOVERY =
      key("lakehouse.recovery")
          .enumType(Recovery.class)
          .defaultValue(Recovery.CLUSTER)
          .withDescription(
              "Who restores a continuous job's state. CLUSTER (for jobs submitted to a cluster):"
                  + " no client-side restore; LATEST_RETAINED_CHECKPOINT (what the CLI's embedded"
                  + " runs set): resume from the newest retained checkpoint of the job's plan.");

  public static final ConfigOption<String> CHECKPOINTS_DIR =
      key("lakehouse.checkpoints-dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Root of the jobs' checkpoints, a URI such as s3://bucket/lakehouse/checkpoints or"
                  + " file:///var/lakehouse/checkpoints (a path without scheme is local, relative"
                  + " to the data directory). Each job checkpoints under <root>/<job>, available-now"
                  + " runs under <root>/available-now/<job>. Default: <data-dir>/checkpoints.");

  public static final ConfigOption<Duration> WRITER_LEASE_TIMEOUT =
      key("lakehouse.writer-lease-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(60))
          .withDescription(
              "A run holds a lease on the tables it writes, so a second run on them is refused. A"
                  + " run on another host that has not renewed its lease for this long is taken"
                  + " for dead and its tables are free again; on the same host a run's tables are"
                  + " free as soon as its process is gone.");

  private LakehouseOptions() {}
}
