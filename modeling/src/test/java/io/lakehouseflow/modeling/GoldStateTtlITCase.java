package io.lakehouseflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fact's {@code state_ttl}, on README's CDC spec with a TTL of two seconds on rides: once a ride
 * is forgotten its gold row stays; a later change of it then wins whatever its sequence (the
 * documented cost), replaces the row instead of doubling it, and still finds its dimension version;
 * a delete of a forgotten ride removes its row.
 */
class GoldStateTtlITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final Instant READ_AT = Instant.parse("2024-06-01T00:00:00Z");

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aForgottenRideKeepsItsRowAndTakesItsNextChangeAsNew(@TempDir Path dir) throws Exception {
    String yaml = Files.readString(Path.of("..", "docs", "examples", "cdc.yaml"));
    String withTtl =
        yaml.replace("    grain: [ride_id]\n", "    grain: [ride_id]\n    state_ttl: 2 s\n");
    assertThat(withTtl).as("the TTL is in the spec").isNotEqualTo(yaml);
    PipelineSpec spec = PipelineSpecLoader.parse(withTtl, "cdc.yaml");
    assertThat(spec.facts().get("ride").ttl()).contains(Duration.ofSeconds(2));
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(dir), RunMode.CONTINUOUS)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500))
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      lakehouse.appendSilver(
          "customers", "c-1.csv", READ_AT, List.of(Arrays.asList(7L, "I", "a@x", "SILVER", JAN)));
      lakehouse.appendSilver(
          "rides", "r-1.csv", READ_AT, List.of(ride(1, "I", 5, "9.50"), ride(2, "I", 5, "12.00")));
      JobClient job = GoldJob.forRun(run).submit();
      try {
        awaitRides(lakehouse, List.of(goldRide(1, "9.50"), goldRide(2, "12.00")));
        await("both rides forgotten")
            .atMost(Duration.ofMinutes(2))
            .until(() -> forgotten(job) >= 2);

        // Revision 3 is older than the forgotten revision 5, and still wins: the TTL's cost.
        lakehouse.appendSilver(
            "rides", "r-2.csv", READ_AT, List.of(ride(1, "U", 3, "7.00"), ride(2, "D", 1, null)));
        awaitRides(lakehouse, List.of(goldRide(1, "7.00")));
      } finally {
        LakehouseMiniCluster.cancel(job);
      }
    }
  }

  private static final LocalDateTime JAN = LocalDateTime.parse("2024-01-01T00:00");
  private static final LocalDateTime RIDE_AT = LocalDateTime.parse("2024-02-20T12:00");

  private static long forgotten(JobClient job) throws Exception {
    Map<String, Object> accumulators = job.getAccumulators().get();
    Object count = accumulators.get("gold-forgotten-ride");
    return count == null ? 0 : ((Number) count).longValue();
  }

  private static void awaitRides(TestingLakehouse lakehouse, List<List<Object>> expected) {
    await("gold.fact_ride holds " + expected)
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(lakehouse.read(TableNames.fact("ride")))
                    .containsExactlyInAnyOrderElementsOf(expected));
  }

  private static List<Object> ride(long id, String op, int revision, String fare) {
    return Arrays.asList(
        id, op, 7L, null, null, RIDE_AT, fare == null ? null : new BigDecimal(fare), revision);
  }

  /** ride_id, customer_sk, origin_sk, destination_sk, date_sk, started_at, fare. */
  private static List<Object> goldRide(long id, String fare) {
    return Arrays.asList(
        id, SurrogateKey.of(7L, JAN), -1L, -1L, 20240220, RIDE_AT, new BigDecimal(fare));
  }
}
