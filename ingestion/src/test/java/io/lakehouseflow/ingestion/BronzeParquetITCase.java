package io.lakehouseflow.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.RetainedCheckpoints;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.ingestion.format.NewColumnsException;
import io.lakehouseflow.ingestion.format.ParquetTestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.parquet.example.data.Group;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet landing files ingested into real bronze tables: declared columns read by name with the
 * file's types, a value that does not fit kept as a corrupt row, a file that is not Parquet kept as
 * one corrupt row, a source without columns typed by its first file's schema, a new field added as
 * a column of its Parquet type; every row once, a run with nothing new adds nothing (the run's
 * conservation check counts Parquet rows too).
 */
class BronzeParquetITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String TRIPS_1 = "landing/trips/trips-1.parquet";
  private static final String TRIPS_2 = "landing/trips/trips-2.parquet";
  private static final String BROKEN = "landing/trips/broken.parquet";
  private static final String EVENTS_1 = "landing/events/events-1.parquet";
  private static final String EVENTS_2 = "landing/events/events-2.parquet";

  private static final String TRIPS_SCHEMA =
      """
      message trip {
        required int64 trip_id;
        optional binary seats (STRING);
        optional int64 fare (DECIMAL(10,2));
        optional int64 started_at (TIMESTAMP(MICROS,true));
      }
      """;

  private static final String EVENTS_SCHEMA =
      """
      message event {
        required int64 id;
        optional int64 at (TIMESTAMP(MILLIS,true));
        optional int32 amount (DECIMAL(9,2));
        optional group tags (LIST) {
          repeated group list { optional binary element (STRING); }
        }
      }
      """;

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void ingestsParquetFilesOnceInferringAndEvolvingTheirSchema() throws Exception {
    long at = Instant.parse("2024-03-01T08:15:30.123456Z").toEpochMilli() * 1000 + 456;
    // Row groups of two rows: a resume point inside the file skips a group and then a row.
    ParquetTestFiles.write(
        landing("trips/trips-1.parquet"),
        TRIPS_SCHEMA,
        2,
        List.of(
            g -> g.append("trip_id", 1L).append("seats", "2").append("fare", 1250L),
            g -> g.append("trip_id", 2L).append("seats", "two").append("started_at", at),
            g -> g.append("trip_id", 3L)));
    Path broken = landing("trips/broken.parquet");
    Files.writeString(broken, "trip_id,seats\n1,2\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(broken, FileTime.from(Instant.now().minusSeconds(3600)));
    ParquetTestFiles.write(
        landing("events/events-1.parquet"),
        EVENTS_SCHEMA,
        10,
        List.of(
            g -> {
              g.append("id", 10L).append("at", 1_709_280_930_000L).append("amount", 1999);
              Group tags = g.addGroup("tags");
              tags.addGroup("list").append("element", "a");
              tags.addGroup("list").append("element", "b");
            }));
    PipelineRun run = run();
    LakehouseCatalog catalog = run.catalog();

    BronzeJob.forRun(run).runToCompletion();

    List<String> trips =
        List.of(
            BROKEN + ":1 | null, null, null, null | (" + BROKEN + ": not Parquet)",
            TRIPS_1 + ":1 | 1, 2, 12.50, null | null",
            TRIPS_1
                + ":2 | null, null, null, null | {\"trip_id\":2,\"seats\":\"two\",\"fare\":null,"
                + "\"started_at\":\"2024-03-01T08:15:30.123456Z\"}",
            TRIPS_1 + ":3 | 3, null, null, null | null");
    assertThat(rows(catalog, "trips", "trip_id", "seats", "fare", "started_at")).isEqualTo(trips);
    List<Record> tripRecords = records(catalog, "trips");
    assertThat(tripRecords.get(0).getField(MetadataColumns.PARSE_ERROR).toString())
        .startsWith("Cannot read " + BROKEN + " (18 bytes) as Parquet: ")
        .contains("The whole file is kept as this one corrupt row.");
    assertThat(tripRecords.get(2).getField(MetadataColumns.PARSE_ERROR))
        .isEqualTo(
            "Cannot read column 'seats' value \"two\" (Parquet binary STRING) as int ("
                + TRIPS_1
                + " row 2). Fix the file or declare the column as string.");
    // Inferred from the first file's schema, with its types.
    assertThat(dataColumns(catalog, "events"))
        .isEqualTo(
            "id: long, at: timestamptz, amount: decimal(9, 2), tags: string".replace(" ", ""));
    assertThat(rows(catalog, "events", "id", "at", "amount", "tags"))
        .containsExactly(EVENTS_1 + ":1 | 10, 2024-03-01T08:15:30Z, 19.99, [\"a\",\"b\"] | null");

    // Nothing new: nothing read twice, no commit.
    long snapshot = catalog.loadTable(TableNames.bronze("trips")).currentSnapshot().snapshotId();
    BronzeJob.forRun(run).runToCompletion();
    assertThat(catalog.loadTable(TableNames.bronze("trips")).currentSnapshot().snapshotId())
        .isEqualTo(snapshot);
    assertThat(rows(catalog, "trips", "trip_id", "seats", "fare", "started_at")).isEqualTo(trips);

    // New files with new fields: added as columns of their Parquet types, before the rows.
    ParquetTestFiles.write(
        landing("trips/trips-2.parquet"),
        TRIPS_SCHEMA.replace("message trip {", "message trip {\n  optional binary gate (STRING);"),
        2,
        List.of(g -> g.append("trip_id", 4L).append("seats", "1").append("gate", "B12")));
    ParquetTestFiles.write(
        landing("events/events-2.parquet"),
        EVENTS_SCHEMA.replace("message event {", "message event {\n  optional int32 note;"),
        10,
        List.of(g -> g.append("id", 11L).append("note", 7)));
    BronzeJob.forRun(run).runToCompletion();

    assertThat(rows(catalog, "trips", "trip_id", "seats", "gate"))
        .hasSize(5)
        .endsWith(TRIPS_2 + ":1 | 4, 1, B12 | null");
    assertThat(dataColumns(catalog, "events")).endsWith(",note:int");
    assertThat(rows(catalog, "events", "id", "note"))
        .containsExactly(EVENTS_1 + ":1 | 10, null | null", EVENTS_2 + ":1 | 11, 7 | null");
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aContinuousJobStopsAtANewFieldAndResumesFromItsCheckpointWithEveryRowOnce()
      throws Exception {
    PipelineRun run =
        run(RunMode.CONTINUOUS)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(200));
    LakehouseCatalog catalog = run.catalog();
    List<Consumer<Group>> four = new ArrayList<>();
    for (long id = 1; id <= 4; id++) {
      long trip = id;
      four.add(g -> g.append("trip_id", trip).append("seats", "1"));
    }
    ParquetTestFiles.write(landing("trips/trips-1.parquet"), TRIPS_SCHEMA, 2, four);
    JobClient job = BronzeJob.forRun(run).submit();
    try {
      waiting().until(() -> rows(catalog, "trips", "trip_id").size() == 4);
      ParquetTestFiles.write(
          landing("trips/trips-2.parquet"),
          TRIPS_SCHEMA.replace(
              "message trip {", "message trip {\n  optional binary gate (STRING);"),
          2,
          List.of(g -> g.append("trip_id", 5L).append("gate", "B12")));
      // The job stops by itself, without restarting into the same file.
      assertThatThrownBy(() -> job.getJobExecutionResult().get(3, TimeUnit.MINUTES))
          .satisfies(
              e ->
                  assertThat(BronzeJob.forRun(run).failure(e.getCause()))
                      .isInstanceOf(NewColumnsException.class)
                      .hasMessageContaining(TRIPS_2 + " names new column gate"));
    } finally {
      if (!job.getJobStatus().get().isGloballyTerminalState()) {
        LakehouseMiniCluster.cancel(job);
      }
    }

    JobClient restarted = BronzeJob.forRun(run).submit();
    try {
      waiting().until(() -> rows(catalog, "trips", "trip_id").size() == 5);
      // Two more checkpoints after everything was read: a restored reader that went back in a
      // file would have committed its duplicates by then.
      RetainedCheckpoints.under(run.checkpoints(BronzeJob.NAME))
          .awaitNew(2, waiting().pollInterval(Duration.ofMillis(100)));
    } finally {
      LakehouseMiniCluster.cancel(restarted);
    }
    assertThat(rows(catalog, "trips", "trip_id", "seats", "gate"))
        .containsExactly(
            TRIPS_1 + ":1 | 1, 1, null | null",
            TRIPS_1 + ":2 | 2, 1, null | null",
            TRIPS_1 + ":3 | 3, 1, null | null",
            TRIPS_1 + ":4 | 4, 1, null | null",
            TRIPS_2 + ":1 | 5, null, B12 | null");
  }

  private static ConditionFactory waiting() {
    return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200));
  }

  private PipelineRun run() {
    return run(RunMode.AVAILABLE_NOW);
  }

  private PipelineRun run(RunMode mode) {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: parquet
            sources:
              trips:
                format: parquet
                columns:
                  trip_id: bigint
                  seats: int
                  fare: decimal(10,2)
                  started_at: timestamptz
              events:
                format: parquet
            """,
            "parquet.yaml");
    return PipelineRun.of(spec, new DataLayout(dataDir), mode);
  }

  private Path landing(String relativePath) throws java.io.IOException {
    Path file = dataDir.resolve("landing").resolve(relativePath);
    Files.createDirectories(file.getParent());
    return file;
  }

  /** The bronze table's data columns as {@code name:type,...}, without bronze's own. */
  private static String dataColumns(LakehouseCatalog catalog, String source) {
    Schema schema = catalog.loadTable(TableNames.bronze(source)).schema();
    return schema.columns().stream()
        .filter(f -> !f.name().startsWith("_"))
        .map(f -> f.name() + ":" + typeName(f.type()))
        .collect(Collectors.joining(","));
  }

  private static String typeName(org.apache.iceberg.types.Type type) {
    return type instanceof Types.TimestampType t && t.shouldAdjustToUTC()
        ? "timestamptz"
        : type.toString().replace(" ", "");
  }

  /** {@code file:row | columns | _corrupt_record}, sorted by file and row. */
  private static List<String> rows(LakehouseCatalog catalog, String source, String... columns) {
    return records(catalog, source).stream()
        .map(
            r ->
                r.getField(MetadataColumns.SOURCE_FILE)
                    + ":"
                    + r.getField(MetadataColumns.RECORD_NUMBER)
                    + " | "
                    + Stream.of(columns)
                        .map(c -> String.valueOf(value(r.getField(c))))
                        .collect(Collectors.joining(", "))
                    + " | "
                    + r.getField(MetadataColumns.CORRUPT_RECORD))
        .toList();
  }

  private static Object value(Object value) {
    return value instanceof OffsetDateTime t ? t.toInstant().toString() : value;
  }

  private static List<Record> records(LakehouseCatalog catalog, String source) {
    return TableContents.of(catalog, TableNames.bronze(source))
        .sortedBy(MetadataColumns.SOURCE_FILE, MetadataColumns.RECORD_NUMBER)
        .records();
  }
}
