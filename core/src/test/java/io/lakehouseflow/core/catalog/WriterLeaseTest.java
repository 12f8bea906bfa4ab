package io.lakehouseflow.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.spec.CatalogSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterLeaseTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TableIdentifier BOOKINGS = TableNames.bronze("bookings");
  private static final TableIdentifier CUSTOMERS = TableNames.bronze("customers");
  private static final TableIdentifier SILVER = TableNames.silver("bookings");

  @TempDir Path dir;
  private LakehouseCatalog catalog;

  @BeforeEach
  void openCatalog() {
    catalog = LakehouseCatalog.of(CatalogSpec.DEFAULT, new DataLayout(dir));
  }

  @AfterEach
  void closeCatalog() {
    catalog.close();
  }

  @Test
  void aSecondRunOnATableOfALiveRunIsRefusedNamingTheFirst() {
    try (WriterLease first =
        WriterLease.acquire(catalog, "pipeline flights (bronze)", List.of(BOOKINGS), TIMEOUT)) {
      assertThatThrownBy(
              () ->
                  WriterLease.acquire(
                      catalog, "pipeline flights (bronze)", List.of(CUSTOMERS, BOOKINGS), TIMEOUT))
          .isInstanceOf(WriterLeaseException.class)
          .hasMessageStartingWith(
              "Cannot start this run: bronze.bookings is being written by another run, pipeline"
                  + " flights (bronze) (pid "
                  + ProcessHandle.current().pid())
          .hasMessageContaining("Wait for that run to finish, or stop it");

      // All or nothing: the refused run took no table, so customers is still free.
      try (WriterLease other =
          WriterLease.acquire(catalog, "pipeline shop", List.of(CUSTOMERS, SILVER), TIMEOUT)) {
        assertThat(other.lost()).isFalse();
      }
    }
    // Released: the next run takes it.
    try (WriterLease next =
        WriterLease.acquire(catalog, "pipeline flights", List.of(BOOKINGS), TIMEOUT)) {
      assertThat(next.lost()).isFalse();
    }
    assertThat(catalog.loadTable(WriterLease.TABLE).properties())
        .doesNotContainKeys("writer.bronze.bookings", "writer.bronze.customers");
  }

  @Test
  void aRunWhoseProcessIsGoneFreesItsTablesAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    holdAs("dead-run", gone.pid(), WriterLease.localHost(), Instant.now(), BOOKINGS);

    try (WriterLease lease =
        WriterLease.acquire(catalog, "pipeline flights", List.of(BOOKINGS), TIMEOUT)) {
      assertThat(catalog.loadTable(WriterLease.TABLE).properties())
          .doesNotContainKey("run.dead-run")
          .containsKey("writer.bronze.bookings");
    }
  }

  @Test
  void aRunOnAnotherHostHoldsItsTablesUntilItStopsRenewing() {
    holdAs("remote", 42, "elsewhere.example", Instant.now(), BOOKINGS);
    assertThatThrownBy(
            () -> WriterLease.acquire(catalog, "pipeline flights", List.of(BOOKINGS), TIMEOUT))
        .isInstanceOf(WriterLeaseException.class)
        .hasMessageContaining("(pid 42 on elsewhere.example");

    holdAs(
        "remote", 42, "elsewhere.example", Instant.now().minus(TIMEOUT.multipliedBy(2)), BOOKINGS);
    try (WriterLease lease =
        WriterLease.acquire(catalog, "pipeline flights", List.of(BOOKINGS), TIMEOUT)) {
      assertThat(lease.lost()).isFalse();
    }
  }

  @Test
  void ofRunsRacingForOneTableExactlyOneWins() throws Exception {
    int runs = 6;
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<WriterLease>> attempts = new ArrayList<>();
    try {
      for (int i = 0; i < runs; i++) {
        String name = "run " + i;
        Callable<WriterLease> attempt =
            () -> {
              try (LakehouseCatalog own =
                  LakehouseCatalog.of(CatalogSpec.DEFAULT, new DataLayout(dir))) {
                start.await();
                return WriterLease.acquire(own, name, List.of(BOOKINGS, SILVER), TIMEOUT);
              } catch (WriterLeaseException e) {
                return null;
              }
            };
        attempts.add(pool.submit(attempt));
      }
      start.countDown();
      List<WriterLease> winners = new ArrayList<>();
      for (Future<WriterLease> attempt : attempts) {
        WriterLease lease = attempt.get();
        if (lease != null) {
          winners.add(lease);
        }
      }
      assertThat(winners).hasSize(1);
      winners.forEach(WriterLease::close);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRunWhoseTablesWereTakenOverIsToldSo() {
    AtomicBoolean told = new AtomicBoolean();
    try (WriterLease lease =
        WriterLease.acquire(
            catalog, "pipeline flights", List.of(BOOKINGS), Duration.ofMillis(400))) {
      lease.onLost(() -> told.set(true));
      catalog
          .loadTable(WriterLease.TABLE)
          .updateProperties()
          .set("writer.bronze.bookings", "another-run")
          .commit();

      await().atMost(Duration.ofSeconds(30)).untilTrue(told);
      assertThat(lease.lost()).isTrue();
    }
    // Releasing leaves the other run's table alone.
    assertThat(catalog.loadTable(WriterLease.TABLE).properties())
        .containsEntry("writer.bronze.bookings", "another-run");
  }

  private void holdAs(String runId, long pid, String host, Instant renewed, TableIdentifier table) {
    try (WriterLease setup =
        WriterLease.acquire(catalog, "setup", List.of(TableNames.fact("setup")), TIMEOUT)) {
      // creates the lease table
    }
    catalog
        .loadTable(WriterLease.TABLE)
        .updateProperties()
        .set("writer." + table, runId)
        .set(
            "run." + runId,
            new WriterLease.Holder(pid, host, renewed, renewed, "pipeline elsewhere").encode())
        .commit();
  }
}
