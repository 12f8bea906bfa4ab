package io.lakehouseflow.core.catalog;

import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one run at a time the writer of a set of tables. Two runs writing the same bronze table
 * would both read the same landing lines and both append them; a lease makes the second refuse
 * instead, naming the first.
 *
 * <p>Leases live in the properties of a table of their own, {@code lakehouse.writers}, and are
 * taken, renewed and released by compare-and-swap commits of its metadata ({@link
 * TableOperations#commit(TableMetadata, TableMetadata)} fails when the metadata changed since it
 * was read), so they need no file locks and hold wherever the catalog's commits are atomic (JDBC
 * and REST catalogs on object storage; a Hadoop catalog on a local or HDFS file system). Every
 * change is read back after its commit, so even a Hadoop catalog's best-effort commit cannot leave
 * two owners.
 *
 * <p>The holder renews its lease every quarter of the timeout. A lease is free again when its
 * holder released it, when the holder's process is gone (a holder on this host), or when it has not
 * been renewed for the timeout (a holder on another host), so a run that was killed never blocks
 * the next one for long. The clock decides only who may write, never what is written.
 */
public final class WriterLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLease.class);

  /** The table whose properties hold the leases. */
  public static final TableIdentifier TABLE = TableIdentifier.of("lakehouse", "writers");

  /** {@code writer.<table>} = the id of the run writing it. */
  static final String WRITER = "writer.";

  /** {@code run.<id>} = who the run is: process, host, start, last renewal, what it runs. */
  static final String RUN = "run.";

  private static final int COMMIT_ATTEMPTS = 20;
  private static final String LOCAL_HOST = lookUpLocalHost();
  private static final Pattern HOLDER =
      Pattern.compile("pid=(\\d+) host=(\\S+) started=(\\S+) renewed=(\\S+) runs=(.*)");

  private final LakehouseCatalog catalog;
  private final String runId;
  private final Holder holder;
  private final Set<String> tables;
  private final Duration timeout;
  private final Clock clock;
  private final ScheduledExecutorService renewals;
  private volatile boolean lost;
  private volatile Runnable onLost = () -> {};

  private WriterLease(
      LakehouseCatalog catalog,
      String runId,
      Holder holder,
      Set<String> tables,
      Duration timeout,
      Clock clock) {
    this.catalog = catalog;
    this.runId = runId;
    this.holder = holder;
    this.tables = tables;
    this.timeout = timeout;
    this.clock = clock;
    this.renewals =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "writer-lease-" + runId);
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Takes the lease of {@code tables} for a run described as {@code runs} (shown to a run that is
   * refused), all of them or none, and renews it until {@link #close()}.
   *
   * @throws WriterLeaseException when another live run holds one of the tables
   */
  public static WriterLease acquire(
      LakehouseCatalog catalog, String runs, Collection<TableIdentifier> tables, Duration timeout) {
    return acquire(catalog, runs, tables, timeout, Clock.systemUTC());
  }

  static WriterLease acquire(
      LakehouseCatalog catalog,
      String runs,
      Collection<TableIdentifier> tables,
      Duration timeout,
      Clock clock) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("A writer lease needs at least one table");
    }
    Instant now = clock.instant();
    Holder holder =
        new Holder(ProcessHandle.current().pid(), localHost(), now, now, runs.replace('\n', ' '));
    Set<String> names = new TreeSet<>();
    tables.forEach(t -> names.add(t.toString()));
    WriterLease lease =
        new WriterLease(catalog, UUID.randomUUID().toString(), holder, names, timeout, clock);
    lease.take();
    long period = Math.max(1, timeout.toMillis() / 4);
    lease.renewals.scheduleWithFixedDelay(lease::renew, period, period, TimeUnit.MILLISECONDS);
    return lease;
  }

  /** Called, once, when another run took over a table of this lease (it had expired). */
  public void onLost(Runnable action) {
    this.onLost = Objects.requireNonNull(action, "action");
  }

  /** Whether another run took over a table of this lease. */
  public boolean lost() {
    return lost;
  }

  /** Releases every table of this lease. */
  @Override
  public void close() {
    renewals.shutdownNow();
    try {
      update(
          current -> {
            Map<String, String> set = new HashMap<>();
            Set<String> remove = new HashSet<>();
            remove.add(RUN + runId);
            for (String table : tables) {
              if (runId.equals(current.get(WRITER + table))) {
                remove.add(WRITER + table);
              }
            }
            return new Change(set, remove);
          });
    } catch (RuntimeException e) {
      // The lease then expires on its own: when this process is gone, or after the timeout.
      LOG.warn("Failed to release the writer lease of run {} on {}", runId, tables, e);
    }
  }

  private void take() {
    update(
        current -> {
          Instant now = clock.instant();
          Map<String, String> set = new LinkedHashMap<>();
          Set<String> remove = new HashSet<>();
          Map<String, List<String>> heldByLive = new LinkedHashMap<>();
          for (String table : tables) {
            String owner = current.get(WRITER + table);
            if (owner == null || owner.equals(runId)) {
              set.put(WRITER + table, runId);
              continue;
            }
            Optional<Holder> other = Holder.parse(current.get(RUN + owner));
            if (other.isPresent() && other.get().isAlive(now, timeout)) {
              heldByLive.computeIfAbsent(owner, o -> new ArrayList<>()).add(table);
            } else {
              LOG.warn(
                  "Taking over {} from run {} ({}): its process is gone or it has not renewed"
                      + " its lease for {}",
                  table,
                  owner,
                  other.map(Holder::describe).orElse("unknown"),
                  timeout);
              set.put(WRITER + table, runId);
            }
          }
          if (!heldByLive.isEmpty()) {
            throw refusal(current, heldByLive, now);
          }
          set.put(RUN + runId, holder.encode());
          // Forget runs left without a table: the ones taken over here, or released ones.
          Map<String, String> after = new HashMap<>(current);
          after.putAll(set);
          Set<String> holders = new HashSet<>();
          after.forEach(
              (key, value) -> {
                if (key.startsWith(WRITER)) {
                  holders.add(value);
                }
              });
          for (String key : after.keySet()) {
            if (key.startsWith(RUN) && !holders.contains(key.substring(RUN.length()))) {
              remove.add(key);
            }
          }
          return new Change(set, remove);
        });
    LOG.info("Run {} holds the writer lease of {}", runId, tables);
  }

  private void renew() {
    try {
      update(
          current -> {
            List<String> takenOver =
                tables.stream().filter(t -> !runId.equals(current.get(WRITER + t))).toList();
            if (!takenOver.isEmpty()) {
              throw new LeaseLostException(takenOver);
            }
            Holder renewed = holder.renewedAt(clock.instant());
            return new Change(Map.of(RUN + runId, renewed.encode()), Set.of());
          });
    } catch (LeaseLostException e) {
      if (!lost) {
        lost = true;
        LOG.error(
            "Run {} lost its writer lease of {}: another run took them over after this run did not"
                + " renew its lease for {}",
            runId,
            e.tables,
            timeout);
        renewals.shutdown();
        onLost.run();
      }
    } catch (RuntimeException e) {
      // Renewal is retried at the next period; the lease holds until the timeout.
      LOG.warn("Failed to renew the writer lease of run {}; retrying", runId, e);
    }
  }

  private WriterLeaseException refusal(
      Map<String, String> current, Map<String, List<String>> heldByLive, Instant now) {
    StringBuilder message = new StringBuilder("Cannot start this run: ");
    List<String> parts = new ArrayList<>();
    heldByLive.forEach(
        (owner, held) ->
            parts.add(
                String.join(", ", held)
                    + (held.size() == 1 ? " is" : " are")
                    + " being written by another run, "
                    + Holder.parse(current.get(RUN + owner))
                        .map(h -> h.describeAt(now))
                        .orElse("run " + owner)));
    message.append(String.join("; ", parts));
    message
        .append(
            ". Two runs on the same tables would append the same rows twice. Wait for that run to"
                + " finish, or stop it; a run that died frees its tables as soon as its process is"
                + " gone (same host) or ")
        .append(timeout.toSeconds())
        .append(" s after its last renewal (another host).");
    return new WriterLeaseException(message.toString());
  }

  /**
   * Applies {@code change} to the lease table's properties by compare-and-swap, retrying on
   * conflict, and reads the result back to confirm it.
   */
  private void update(java.util.function.Function<Map<String, String>, Change> change) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      TableOperations ops = operations();
      TableMetadata base = ops.refresh();
      Change wanted = change.apply(base.properties());
      if (wanted.isEmpty(base.properties())) {
        return;
      }
      TableMetadata next =
          TableMetadata.buildFrom(base)
              .setProperties(wanted.set())
              .removeProperties(wanted.remove())
              .build();
      try {
        ops.commit(base, next);
      } catch (RuntimeException e) {
        // CommitFailedException, or a Hadoop catalog's plain RuntimeException for a concurrent
        // commit: read again and retry.
        last = e;
        continue;
      }
      Map<String, String> committed = operations().refresh().properties();
      if (wanted.isEmpty(committed)) {
        return;
      }
      last = new IllegalStateException("another commit replaced the lease change");
    }
    throw new IllegalStateException(
        "Failed to update the writer leases in "
            + TABLE
            + " after "
            + COMMIT_ATTEMPTS
            + " attempts: the catalog kept rejecting the commit. Check that the catalog is"
            + " reachable and writable.",
        last);
  }

  private TableOperations operations() {
    Table table;
    if (catalog.tableExists(TABLE)) {
      table = catalog.loadTable(TABLE);
    } else {
      table =
          catalog.createTableIfAbsent(
              LayerSchema.of(TABLE, List.of(LayerColumn.data("run_id", Types.StringType.get()))),
              Map.of(
                  TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
                  "true",
                  TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
                  "20"));
    }
    return ((HasTableOperations) table).operations();
  }

  /** This host's name, looked up once: every lease holder read is compared with it. */
  static String localHost() {
    return LOCAL_HOST;
  }

  private static String lookUpLocalHost() {
    try {
      return InetAddress.getLocalHost().getHostName().replace(' ', '_');
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  /** Properties to set and to remove; empty when the current properties already agree. */
  private record Change(Map<String, String> set, Set<String> remove) {
    boolean isEmpty(Map<String, String> current) {
      return set.entrySet().stream().allMatch(e -> e.getValue().equals(current.get(e.getKey())))
          && remove.stream().noneMatch(current::containsKey);
    }
  }

  /** Who holds a lease, as stored in {@code run.<id>}. */
  record Holder(long pid, String host, Instant started, Instant renewed, String runs) {
    String encode() {
      return "pid="
          + pid
          + " host="
          + host
          + " started="
          + started
          + " renewed="
          + renewed
          + " runs="
          + runs;
    }

    static Optional<Holder> parse(String value) {
      if (value == null) {
        return Optional.empty();
      }
      Matcher m = HOLDER.matcher(value);
      if (!m.matches()) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Holder(
                Long.parseLong(m.group(1)),
                m.group(2),
                Instant.parse(m.group(3)),
                Instant.parse(m.group(4)),
                m.group(5)));
      } catch (NumberFormatException | DateTimeParseException e) {
        return Optional.empty();
      }
    }

    Holder renewedAt(Instant now) {
      return new Holder(pid, host, started, now, runs);
    }

    /**
     * Alive while its process runs (a holder on this host, where that can be asked), else while it
     * renewed its lease within {@code timeout}.
     */
    boolean isAlive(Instant now, Duration timeout) {
      if (host.equals(localHost())) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      }
      return !renewed.plus(timeout).isBefore(now);
    }

    String describe() {
      return runs + " (pid " + pid + " on " + host + ", started " + started + ")";
    }

    String describeAt(Instant now) {
      return runs
          + " (pid "
          + pid
          + " on "
          + host
          + ", started "
          + started
          + ", renewed "
          + Math.max(0, Duration.between(renewed, now).toSeconds())
          + " s ago)";
    }
  }

  /** Another run took over tables of this lease. */
  private static final class LeaseLostException extends RuntimeException {
    private final List<String> tables;

    LeaseLostException(List<String> tables) {
      super(null, null, false, false);
      this.tables = tables;
    }
  }
}
