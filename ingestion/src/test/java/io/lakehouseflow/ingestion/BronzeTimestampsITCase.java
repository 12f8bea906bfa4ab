package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRecords;
import static io.lakehouseflow.ingestion.BronzeTestData.land;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported data writes timestamps with zones, in local formats and as epoch numbers: every such
 * line lands in bronze as a valid row holding the UTC time, and a value that fits no format is a
 * corrupt record naming its file, line, field, value and the expected format.
 */
class BronzeTimestampsITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: timestamps
          sources:
            events:
              columns:
                event_id: bigint
                happened_at: timestamp
                logged_at: timestamptz
                booked_at: {type: timestamp, format: "dd/MM/yyyy HH:mm"}
                paid_at: {type: timestamptz, format: epoch_seconds}
                travel_date: {type: date, format: dd.MM.yyyy}
                fare: decimal(10,2)
          """,
          "timestamps.yaml");

  private static final SourceSpec EVENTS = SPEC.source("events");
  private static final String EXPORT = "landing/events/export.csv";
  private static final String BAD = "landing/events/bad.csv";

  @TempDir Path dataDir;

  @Test
  @Timeout(300)
  void zonedOffsetFormattedAndEpochTimestampsLandAsUtc() throws Exception {
    land(
        dataDir,
        "events/export.csv",
        "event_id,happened_at,logged_at,booked_at,paid_at,travel_date,fare",
        "1,2025-02-06T08:55:06Z,2025-02-06T08:55:06Z,06/02/2025 08:55,1738832106,06.02.2025,1.5",
        "2,2025-02-06T10:55:06+02:00,2025-02-06 03:55:06.25-05,31/12/2024 23:59,"
            + "1738832106.125,31.12.2024,7",
        "3,2025-02-06T09:55:06.123456+0100,2025-02-06T08:55:06,01/03/2024 00:00,0,29.02.2024,0.01",
        "4,2025-02-06 08:55:06,2025-02-05T23:55:06-09:00,,,,");
    land(
        dataDir,
        "events/bad.csv",
        "event_id,happened_at,logged_at,booked_at,paid_at,travel_date,fare",
        "5,2025-02-06T08:55:06Z,2025-02-06T08:55:06Z,2025-02-06 08:55,1738832106,06.02.2025,1.5",
        "6,2025-02-06T08:55:06Z,2025-02-06T08:55:06Z,06/02/2025 08:55,soon,06.02.2025,1.234");
    PipelineRun run = PipelineRun.of(SPEC, new DataLayout(dataDir), RunMode.AVAILABLE_NOW);
    LakehouseCatalog catalog = run.catalog();

    BronzeJob.forRun(run).runToCompletion();

    List<Record> records = bronzeRecords(catalog, EVENTS);
    assertThat(records.stream().map(BronzeTimestampsITCase::line))
        .containsExactly(
            BAD + ":2 | corrupt",
            BAD + ":3 | corrupt",
            EXPORT
                + ":2 | 1, 2025-02-06T08:55:06, 2025-02-06T08:55:06Z, 2025-02-06T08:55,"
                + " 2025-02-06T08:55:06Z, 2025-02-06, 1.50",
            EXPORT
                + ":3 | 2, 2025-02-06T08:55:06, 2025-02-06T08:55:06.250Z, 2024-12-31T23:59,"
                + " 2025-02-06T08:55:06.125Z, 2024-12-31, 7.00",
            EXPORT
                + ":4 | 3, 2025-02-06T08:55:06.123456, 2025-02-06T08:55:06Z, 2024-03-01T00:00,"
                + " 1970-01-01T00:00Z, 2024-02-29, 0.01",
            EXPORT + ":5 | 4, 2025-02-06T08:55:06, 2025-02-06T08:55:06Z, null, null, null, null");
    // Iceberg hands timestamptz back as OffsetDateTime at UTC, timestamp as LocalDateTime.
    Record first = records.get(2);
    assertThat(first.getField("logged_at")).isEqualTo(OffsetDateTime.parse("2025-02-06T08:55:06Z"));
    assertThat(first.getField("happened_at")).isEqualTo(LocalDateTime.parse("2025-02-06T08:55:06"));
    assertThat(first.getField("fare")).isEqualTo(new BigDecimal("1.50"));
    assertThat(
            catalog.loadTable(TableNames.bronze("events")).schema().findField("logged_at").type())
        .isEqualTo(Types.TimestampType.withZone());

    assertThat(records.get(0).getField(MetadataColumns.PARSE_ERROR))
        .isEqualTo(
            "Cannot parse field 'booked_at' value '2025-02-06 08:55' as timestamp: expected the"
                + " format 'dd/MM/yyyy HH:mm' ("
                + BAD
                + " line 2). Fix the file or declare the column as string.");
    assertThat(records.get(1).getField(MetadataColumns.PARSE_ERROR))
        .isEqualTo(
            "Cannot parse field 'paid_at' value 'soon' as timestamptz: expected seconds since"
                + " 1970-01-01T00:00Z, a number such as 1738832106 or 1738832106.25 (at most 9"
                + " decimal places); field 'fare' value '1.234' as decimal(10,2): it has 3 decimal"
                + " places, more than 2 ("
                + BAD
                + " line 3). Fix the file or declare the columns as string.");
  }

  /** {@code file:line | data columns}, or {@code | corrupt} for a line that did not parse. */
  private static String line(Record r) {
    String where =
        r.getField(MetadataColumns.SOURCE_FILE) + ":" + r.getField(MetadataColumns.RECORD_NUMBER);
    if (r.getField(MetadataColumns.CORRUPT_RECORD) != null) {
      return where + " | corrupt";
    }
    return where
        + " | "
        + EVENTS.columns().stream()
            .map(c -> String.valueOf(r.getField(c.name())))
            .collect(Collectors.joining(", "));
  }
}
