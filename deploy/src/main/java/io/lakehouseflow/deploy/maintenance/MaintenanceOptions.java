package io.lakehouseflow.deploy.maintenance;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/**
 * How often the maintenance a continuous run carries may act, per table. What it does and when it
 * is due is the spec's ({@code maintenance:}); these bound how often Iceberg's trigger manager
 * looks and retries, which only tests and busy clusters change.
 */
public final class MaintenanceOptions {

  public static final ConfigOption<Duration> RATE_LIMIT =
      key("lakehouse.maintenance.rate-limit")
          .durationType()
          .defaultValue(Duration.ofSeconds(60))
          .withDescription(
              "The shortest time between two maintenance tasks of one table, and how often the"
                  + " table is polled for new commits (Iceberg's TableMaintenance rateLimit).");

  public static final ConfigOption<Duration> LOCK_CHECK_DELAY =
      key("lakehouse.maintenance.lock-check-delay")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "When a task of a table is due while another of its tasks still runs, how long"
                  + " until it looks again (Iceberg's TableMaintenance lockCheckDelay).");

  private MaintenanceOptions() {}
}
