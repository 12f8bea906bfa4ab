package io.lakehouseflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.SnapshotSummaries;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.modeling.key.SurrogateKey;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's worked example, on README's spec ({@code docs/examples/cdc.yaml}): customer 7's changes
 * in the order they arrive, over two incremental available-now runs, and the rides pointing into
 * its history. The rows asserted are README's tables.
 */
class GoldWorkedExampleITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final Instant READ_AT = Instant.parse("2024-06-01T00:00:00Z");

  @Test
  void customerSevensHistoryAndTheRidesPointingIntoIt(@TempDir Path dir) throws Exception {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            Files.readString(Path.of("..", "docs", "examples", "cdc.yaml")), "cdc.yaml");
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(dir), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      lakehouse.appendSilver(
          "customers",
          "c-1.csv",
          READ_AT,
          List.of(
              customer("I", "01-01", "SILVER", "a@x"), customer("U", "02-01", "SILVER", "b@x")));
      lakehouse.appendSilver(
          "customers",
          "c-2.csv",
          READ_AT,
          List.of(
              customer("U", "03-01", "GOLD", "b@x"),
              customer("D", "04-01", null, null),
              customer("D", "04-10", null, null)));
      lakehouse.appendSilver(
          "rides",
          "r-1.csv",
          READ_AT,
          List.of(ride(1, "2023-12-20"), ride(2, "2024-02-20"), ride(3, "2024-04-05")));
      GoldJob.forRun(run).runToCompletion();

      assertThat(customerSk(lakehouse, 2))
          .as("ride 2 before the late change")
          .isEqualTo(sk("01-01"));

      lakehouse.appendSilver(
          "customers",
          "c-3.csv",
          READ_AT,
          List.of(customer("U", "02-15", "GOLD", "b@x"), customer("I", "05-01", "GOLD", "c@x")));
      lakehouse.appendSilver("rides", "r-2.csv", READ_AT, List.of(ride(4, "2024-05-02")));
      GoldJob.forRun(run).runToCompletion();

      assertThat(lakehouse.read(TableNames.dimension("customer")))
          .containsExactlyInAnyOrder(
              version("01-01", "02-15", "SILVER", "b@x", false),
              version("02-15", "04-01", "GOLD", "b@x", true),
              version("05-01", null, "GOLD", "c@x", false));
      assertThat(customerSk(lakehouse, 1)).as("ride 1, before the first version").isEqualTo(-1L);
      assertThat(customerSk(lakehouse, 2)).as("ride 2, corrected").isEqualTo(sk("02-15"));
      assertThat(customerSk(lakehouse, 3)).as("ride 3, while deleted").isEqualTo(-1L);
      assertThat(customerSk(lakehouse, 4)).as("ride 4").isEqualTo(sk("05-01"));

      // Two engines, one answer: Iceberg's generic reader (above, applying the deletes itself)
      // and Flink's Iceberg source read the same rows, after upserts that left equality deletes.
      long equalityDeletes = 0;
      for (TableIdentifier gold : GoldJob.writtenTables(spec)) {
        assertThat(lakehouse.readWithFlinkSql(gold))
            .as("%s read by Flink SQL and by Iceberg's generic reader", gold)
            .containsExactlyInAnyOrderElementsOf(lakehouse.read(gold));
        equalityDeletes +=
            SnapshotSummaries.count(
                lakehouse.table(gold).currentSnapshot(), SnapshotSummary.TOTAL_EQ_DELETES_PROP);
      }
      assertThat(equalityDeletes).as("equality deletes in gold, applied by both").isPositive();
    }
  }

  private static long customerSk(TestingLakehouse lakehouse, long ride) {
    return lakehouse.read(TableNames.fact("ride")).stream()
        .filter(r -> r.get(0).equals(ride))
        .map(r -> (Long) r.get(1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for ride " + ride));
  }

  private static List<Object> customer(String op, String day, String tier, String email) {
    return Arrays.asList(7L, op, email, tier, at(day));
  }

  private static List<Object> ride(long id, String day) {
    return Arrays.asList(
        id, "I", 7L, null, null, LocalDateTime.parse(day + "T12:00"), new BigDecimal("9.50"), 1);
  }

  private static List<Object> version(
      String from, String to, String tier, String email, boolean deleted) {
    LocalDateTime validTo = to == null ? null : at(to);
    return Arrays.asList(sk(from), 7L, email, tier, at(from), validTo, validTo == null, deleted);
  }

  private static long sk(String validFrom) {
    return SurrogateKey.of(7L, at(validFrom));
  }

  private static LocalDateTime at(String monthDay) {
    return LocalDateTime.parse("2024-" + monthDay + "T00:00");
  }
}
