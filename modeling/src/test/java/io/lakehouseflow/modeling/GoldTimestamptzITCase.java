package io.lakehouseflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.modeling.key.SurrogateKey;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * timestamptz columns through gold: an SCD2 sequence opens versions at its UTC time, an SCD1
 * sequence and a fact's event time, sequence and attributes are carried as instants, and a fact
 * picks the version valid at its event's UTC time and the date key of its UTC date.
 */
class GoldTimestamptzITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final Instant READ_AT = Instant.parse("2024-06-01T00:00:00Z");

  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: tz
          sources:
            customers:
              columns: {customer_id: bigint, tier: string, updated_at: timestamptz}
            stations:
              columns: {station_id: string, city: string, changed_at: timestamptz}
            rides:
              columns:
                ride_id: bigint
                customer_id: bigint
                station_id: string
                started_at: timestamptz
                ended_at: timestamptz
                fare: decimal(10,2)
          silver:
            customers: {source: customers}
            stations: {source: stations}
            rides: {source: rides}
          dimensions:
            customer: {source: customers, key: [customer_id], scd: 2, sequence_by: updated_at}
            station: {source: stations, key: [station_id], scd: 1, sequence_by: changed_at}
          facts:
            ride:
              source: rides
              grain: [ride_id]
              event_time: started_at
              sequence_by: ended_at
              measures: [fare]
              attributes: [ended_at]
              dimensions:
                - {dimension: customer, columns: [customer_id]}
                - {dimension: station, columns: [station_id]}
          """,
          "tz.yaml");

  @Test
  @Timeout(300)
  void versionsAndEventTimesAreTheirUtcTimes(@TempDir Path dir) throws Exception {
    PipelineRun run = PipelineRun.of(SPEC, new DataLayout(dir), RunMode.AVAILABLE_NOW);
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      lakehouse.appendSilver(
          "customers",
          "c-1.csv",
          READ_AT,
          List.of(
              Arrays.asList(7L, "SILVER", at("2024-01-01T00:00Z")),
              // 2024-03-01T00:00Z, written at another offset.
              Arrays.asList(7L, "GOLD", at("2024-02-29T21:00-03:00"))));
      lakehouse.appendSilver(
          "stations",
          "s-1.csv",
          READ_AT,
          List.of(
              Arrays.asList("S1", "Lyon", at("2024-01-05T10:00+01:00")),
              Arrays.asList("S1", "Paris", at("2024-01-05T10:30+02:00"))));
      lakehouse.appendSilver(
          "rides",
          "r-1.csv",
          READ_AT,
          List.of(
              // 2024-03-01T01:30Z: on the local 29th of February, but after GOLD opened.
              ride(1, "2024-02-29T23:30-02:00", "2024-03-01T02:00Z", "9.50"),
              // Ride 2's correction lands first, but its ended_at is the later one: it wins.
              ride(2, "2024-02-29T23:30Z", "2024-03-01T00:20Z", "4.50"),
              ride(2, "2024-02-29T23:30Z", "2024-03-01T00:10Z", "4.00")));

      GoldJob.forRun(run).runToCompletion();

      long silver = SurrogateKey.of(7L, LocalDateTime.parse("2024-01-01T00:00"));
      long gold = SurrogateKey.of(7L, LocalDateTime.parse("2024-03-01T00:00"));
      assertThat(lakehouse.read(TableNames.dimension("customer")))
          .containsExactlyInAnyOrder(
              Arrays.asList(
                  silver,
                  7L,
                  "SILVER",
                  LocalDateTime.parse("2024-01-01T00:00"),
                  LocalDateTime.parse("2024-03-01T00:00"),
                  false,
                  false),
              Arrays.asList(
                  gold, 7L, "GOLD", LocalDateTime.parse("2024-03-01T00:00"), null, true, false));
      // 10:30+02:00 is 08:30Z, before 10:00+01:00 (09:00Z): Lyon is the latest change.
      long station = SurrogateKey.of("S1");
      assertThat(lakehouse.read(TableNames.dimension("station")))
          .containsExactly(Arrays.asList(station, "S1", "Lyon", at("2024-01-05T09:00Z"), false));
      assertThat(lakehouse.read(TableNames.fact("ride")))
          .containsExactlyInAnyOrder(
              Arrays.asList(
                  1L,
                  gold,
                  station,
                  20240301,
                  at("2024-03-01T01:30Z"),
                  new BigDecimal("9.50"),
                  at("2024-03-01T02:00Z")),
              Arrays.asList(
                  2L,
                  silver,
                  station,
                  20240229,
                  at("2024-02-29T23:30Z"),
                  new BigDecimal("4.50"),
                  at("2024-03-01T00:20Z")));
    }
  }

  private static List<Object> ride(long id, String startedAt, String endedAt, String fare) {
    return Arrays.asList(id, 7L, "S1", at(startedAt), at(endedAt), new BigDecimal(fare));
  }

  /** A timestamptz value as Iceberg hands it back: an offset date-time at UTC. */
  private static OffsetDateTime at(String text) {
    return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
