package io.lakehouseflow.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.ingestion.format.AvroTestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro container files ingested into real bronze tables: declared columns by field name, a value
 * that does not fit kept as a corrupt row, a file that is not Avro kept as one corrupt row, a
 * source without columns typed by its first file's schema and evolved by a later one; every record
 * once, and a run with nothing new adds nothing (the conservation check counts Avro records too).
 */
class BronzeAvroITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String TRIPS_1 = "landing/trips/trips-1.avro";
  private static final String BROKEN = "landing/trips/broken.avro";
  private static final String EVENTS_1 = "landing/events/events-1.avro";
  private static final String EVENTS_2 = "landing/events/events-2.avro";

  private static final String TRIPS_SCHEMA =
      """
      {"type": "record", "name": "trip", "fields": [
        {"name": "trip_id", "type": "long"},
        {"name": "seats", "type": ["null", "string"], "default": null},
        {"name": "started_at", "type": ["null",
          {"type": "long", "logicalType": "timestamp-millis"}], "default": null}
      ]}
      """;

  private static final String EVENTS_SCHEMA =
      """
      {"type": "record", "name": "event", "fields": [
        {"name": "id", "type": "long"},
        {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal",
          "precision": 9, "scale": 2}},
        {"name": "tags", "type": {"type": "array", "items": "string"}}%s
      ]}
      """;

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void ingestsAvroFilesOnceInferringAndEvolvingTheirSchema() throws Exception {
    long at = Instant.parse("2024-03-01T08:15:30.250Z").toEpochMilli();
    AvroTestFiles.write(
        landing("trips/trips-1.avro"),
        TRIPS_SCHEMA,
        2,
        List.of(
            r -> {
              r.put("trip_id", 1L);
              r.put("seats", "2");
              r.put("started_at", at);
            },
            r -> {
              r.put("trip_id", 2L);
              r.put("seats", "two");
            },
            r -> r.put("trip_id", 3L)));
    Path broken = landing("trips/broken.avro");
    Files.writeString(broken, "{\"trip_id\": 1}\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(broken, FileTime.from(Instant.now().minusSeconds(3600)));
    AvroTestFiles.write(
        landing("events/events-1.avro"),
        EVENTS_SCHEMA.formatted(""),
        10,
        List.of(
            r -> {
              r.put("id", 10L);
              r.put("amount", java.nio.ByteBuffer.wrap(new byte[] {0x07, (byte) 0xCF}));
              r.put("tags", List.of("a", "b"));
            }));
    PipelineRun run = run();
    LakehouseCatalog catalog = run.catalog();

    BronzeJob.forRun(run).runToCompletion();

    List<String> trips =
        List.of(
            BROKEN + ":1 | null, null, null | (" + BROKEN + ": not Avro)",
            TRIPS_1 + ":1 | 1, 2, 2024-03-01T08:15:30.250Z | null",
            TRIPS_1
                + ":2 | null, null, null | {\"trip_id\":2,\"seats\":\"two\",\"started_at\":null}",
            TRIPS_1 + ":3 | 3, null, null | null");
    assertThat(rows(catalog, "trips", "trip_id", "seats", "started_at")).isEqualTo(trips);
    List<Record> tripRecords = records(catalog, "trips");
    assertThat(tripRecords.get(0).getField(MetadataColumns.PARSE_ERROR).toString())
        .startsWith("Cannot read " + BROKEN + " (15 bytes) as an Avro container file: ")
        .contains("The whole file is kept as this one corrupt row.");
    assertThat(tripRecords.get(2).getField(MetadataColumns.PARSE_ERROR))
        .isEqualTo(
            "Cannot read column 'seats' value \"two\" (Avro string) as int ("
                + TRIPS_1
                + " row 2). Fix the file or declare the column as string.");
    assertThat(dataColumns(catalog, "events")).isEqualTo("id:long,amount:decimal(9,2),tags:string");
    assertThat(rows(catalog, "events", "id", "amount", "tags"))
        .containsExactly(EVENTS_1 + ":1 | 10, 19.99, [\"a\",\"b\"] | null");

    long snapshot = catalog.loadTable(TableNames.bronze("trips")).currentSnapshot().snapshotId();
    BronzeJob.forRun(run).runToCompletion();
    assertThat(catalog.loadTable(TableNames.bronze("trips")).currentSnapshot().snapshotId())
        .isEqualTo(snapshot);
    assertThat(rows(catalog, "trips", "trip_id", "seats", "started_at")).isEqualTo(trips);

    AvroTestFiles.write(
        landing("events/events-2.avro"),
        EVENTS_SCHEMA.formatted(", {\"name\": \"note\", \"type\": [\"null\", \"int\"]}"),
        10,
        List.of(
            r -> {
              r.put("id", 11L);
              r.put("amount", java.nio.ByteBuffer.wrap(new byte[] {0x01}));
              r.put("tags", List.of());
              r.put("note", 7);
            }));
    BronzeJob.forRun(run).runToCompletion();

    assertThat(dataColumns(catalog, "events")).endsWith(",note:int");
    assertThat(rows(catalog, "events", "id", "amount", "note"))
        .containsExactly(
            EVENTS_1 + ":1 | 10, 19.99, null | null", EVENTS_2 + ":1 | 11, 0.01, 7 | null");
  }

  private PipelineRun run() {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: avro
            sources:
              trips:
                format: avro
                columns:
                  trip_id: bigint
                  seats: int
                  started_at: timestamptz
              events:
                format: avro
            """,
            "avro.yaml");
    return PipelineRun.of(spec, new DataLayout(dataDir), RunMode.AVAILABLE_NOW);
  }

  private Path landing(String relativePath) throws IOException {
    Path file = dataDir.resolve("landing").resolve(relativePath);
    Files.createDirectories(file.getParent());
    return file;
  }

  /** The bronze table's data columns as {@code name:type,...}, without bronze's own. */
  private static String dataColumns(LakehouseCatalog catalog, String source) {
    return catalog.loadTable(TableNames.bronze(source)).schema().columns().stream()
        .filter(f -> !f.name().startsWith("_"))
        .map(
            f ->
                f.name()
                    + ":"
                    + (f.type() instanceof Types.TimestampType t && t.shouldAdjustToUTC()
                        ? "timestamptz"
                        : f.type().toString().replace(" ", "")))
        .collect(Collectors.joining(","));
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
                        .map(
                            c ->
                                String.valueOf(
                                    r.getField(c) instanceof OffsetDateTime t
                                        ? t.toInstant()
                                        : r.getField(c)))
                        .collect(Collectors.joining(", "))
                    + " | "
                    + r.getField(MetadataColumns.CORRUPT_RECORD))
        .toList();
  }

  private static List<Record> records(LakehouseCatalog catalog, String source) {
    return TableContents.of(catalog, TableNames.bronze(source))
        .sortedBy(MetadataColumns.SOURCE_FILE, MetadataColumns.RECORD_NUMBER)
        .records();
  }
}
