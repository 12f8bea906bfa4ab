package io.lakehouseflow.ingestion.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Avro container files read by bronze's format-neutral reader, value by value. */
class LandingBulkFormatAvroTest {
  private static final String FILE = "landing/trips/t.avro";

  private static final String SCHEMA =
      """
      {"type": "record", "name": "trip", "fields": [
        {"name": "trip_id", "type": "long"},
        {"name": "seats", "type": ["null", "int"], "default": null},
        {"name": "fare", "type": ["null",
          {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}],
          "default": null},
        {"name": "paid", "type": ["null", "boolean"], "default": null},
        {"name": "score", "type": ["null", "float"], "default": null},
        {"name": "started_at", "type": ["null",
          {"type": "long", "logicalType": "timestamp-micros"}], "default": null},
        {"name": "local_at", "type": ["null",
          {"type": "long", "logicalType": "local-timestamp-millis"}], "default": null},
        {"name": "day", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null},
        {"name": "route", "type": ["null", "string"], "default": null},
        {"name": "gate", "type": ["null", "string"], "default": null}
      ]}
      """;

  @TempDir Path landing;

  private static SourceSpec trips(String evolution, String routeType) {
    return PipelineSpecLoader.parse(
            """
            name: trips
            sources:
              trips:
                format: avro
                schema_evolution: %s
                columns:
                  trip_id: bigint
                  seats: int
                  fare: decimal(10,2)
                  paid: boolean
                  score: double
                  started_at: timestamptz
                  local_at: timestamp
                  day: date
                  route: %s
            """
                .formatted(evolution, routeType),
            "trips.yaml")
        .source("trips");
  }

  private LandingBulkFormat format(SourceSpec source, Map<String, Long> committed) {
    return LandingBulkFormat.of(
        RecordFormat.of(source),
        LandingFileNames.of(landing.toString(), "landing"),
        LayerSchemas.bronze(source),
        committed);
  }

  private FileSourceSplit split(Path file) throws IOException {
    long size = Files.size(file);
    return new FileSourceSplit(
        "0",
        new org.apache.flink.core.fs.Path(file.toUri()),
        0,
        size,
        Files.getLastModifiedTime(file).toMillis(),
        size);
  }

  private static LandingFile landingFile(FileSourceSplit split) {
    return new LandingFile(
        split.path(), split.fileSize(), split.fileModificationTime(), split.length(), true);
  }

  private Path write(String schema, int rowsPerBlock, List<Consumer<GenericRecord>> rows)
      throws IOException {
    return AvroTestFiles.write(landing.resolve("trips/t.avro"), schema, rowsPerBlock, rows);
  }

  private Path tripIds(int n, int rowsPerBlock) throws IOException {
    List<Consumer<GenericRecord>> rows = new ArrayList<>();
    IntStream.rangeClosed(1, n).forEach(i -> rows.add(r -> r.put("trip_id", (long) i)));
    return write(SCHEMA, rowsPerBlock, rows);
  }

  /** Each row as {@code number: columns... | rescued | corrupt | error}. */
  private static List<String> read(BulkFormat.Reader<RowData> reader, SourceSpec source)
      throws IOException {
    LayerSchema layout = LayerSchemas.bronze(source);
    List<String> out = new ArrayList<>();
    try (reader) {
      BulkFormat.RecordIterator<RowData> batch;
      while ((batch = reader.readBatch()) != null) {
        for (RecordAndPosition<RowData> r; (r = batch.next()) != null; ) {
          RowData row = r.getRecord();
          assertThat(r.getOffset())
              .isEqualTo(row.getLong(layout.position(MetadataColumns.RECORD_NUMBER)));
          List<String> values = new ArrayList<>();
          for (ColumnSpec column : source.columns()) {
            int at = layout.position(column.name());
            values.add(row.isNullAt(at) ? "null" : value(row, at, column.type()));
          }
          StringBuilder line =
              new StringBuilder()
                  .append(r.getOffset())
                  .append(": ")
                  .append(String.join(",", values));
          for (String meta :
              List.of(
                  MetadataColumns.RESCUED_DATA,
                  MetadataColumns.CORRUPT_RECORD,
                  MetadataColumns.PARSE_ERROR)) {
            int at = layout.position(meta);
            line.append(" | ").append(row.isNullAt(at) ? "null" : row.getString(at).toString());
          }
          out.add(line.toString());
        }
        batch.releaseBatch();
      }
    }
    return out;
  }

  private static String value(RowData row, int at, ColumnType type) {
    return switch (type.kind()) {
      case STRING -> row.getString(at).toString();
      case INT -> Integer.toString(row.getInt(at));
      case BIGINT -> Long.toString(row.getLong(at));
      case DOUBLE -> Double.toString(row.getDouble(at));
      case BOOLEAN -> Boolean.toString(row.getBoolean(at));
      case DATE -> LocalDate.ofEpochDay(row.getInt(at)).toString();
      case TIMESTAMP, TIMESTAMPTZ -> row.getTimestamp(at, 6).toLocalDateTime().toString();
      case DECIMAL -> row.getDecimal(at, type.precision(), type.scale()).toString();
    };
  }

  private static ByteBuffer unscaled(long value) {
    return ByteBuffer.wrap(BigInteger.valueOf(value).toByteArray());
  }

  @Test
  void readsDeclaredColumnsByNameWithTheFilesTypes() throws IOException {
    SourceSpec source = trips("none", "string");
    long startedAt = Instant.parse("2024-03-01T08:15:30.123456Z").toEpochMilli() * 1000 + 456;
    long localAt = Instant.parse("2024-03-01T10:15:30.250Z").toEpochMilli();
    Path file =
        write(
            SCHEMA,
            100,
            List.of(
                r -> {
                  r.put("trip_id", 1L);
                  r.put("seats", 2);
                  r.put("fare", unscaled(1250));
                  r.put("paid", true);
                  r.put("score", 0.1f);
                  r.put("started_at", startedAt);
                  r.put("local_at", localAt);
                  r.put("day", (int) LocalDate.parse("2024-03-01").toEpochDay());
                  r.put("route", "AMS-LIS");
                  r.put("gate", "B12");
                },
                r -> r.put("trip_id", 2L)));

    assertThat(
            read(format(source, Map.of()).createReader(new Configuration(), split(file)), source))
        .containsExactly(
            "1: 1,2,12.50,true,0.1,2024-03-01T08:15:30.123456,2024-03-01T10:15:30.250,2024-03-01,"
                + "AMS-LIS | null | null | null",
            "2: 2,null,null,null,null,null,null,null,null | null | null | null");
  }

  @Test
  void aValueThatDoesNotFitItsColumnMakesTheRowCorruptOrIsRescued() throws IOException {
    Path file =
        write(
            SCHEMA,
            100,
            List.of(
                r -> {
                  r.put("trip_id", 1L);
                  r.put("route", "AMS-LIS");
                  r.put("gate", "B12");
                },
                r -> {
                  r.put("trip_id", 2L);
                  r.put("route", " 42 ");
                }));

    SourceSpec none = trips("none", "int");
    assertThat(read(format(none, Map.of()).createReader(new Configuration(), split(file)), none))
        .containsExactly(
            "1: null,null,null,null,null,null,null,null,null | null"
                + " | {\"trip_id\":1,\"seats\":null,\"fare\":null,\"paid\":null,\"score\":null,"
                + "\"started_at\":null,\"local_at\":null,\"day\":null,\"route\":\"AMS-LIS\","
                + "\"gate\":\"B12\"}"
                + " | Cannot read column 'route' value \"AMS-LIS\" (Avro string) as int ("
                + FILE
                + " row 1). Fix the file or declare the column as string.",
            "2: 2,null,null,null,null,null,null,null,42 | null | null | null");

    SourceSpec rescue = trips("rescue", "int");
    assertThat(
            read(format(rescue, Map.of()).createReader(new Configuration(), split(file)), rescue))
        .containsExactly(
            "1: 1,null,null,null,null,null,null,null,null"
                + " | {\"route\":\"AMS-LIS\",\"gate\":\"B12\"} | null | null",
            "2: 2,null,null,null,null,null,null,null,42 | null | null | null");
  }

  @Test
  void keepsRecordsArraysMapsAndUnionsAsJsonTextInAStringColumn() throws IOException {
    String schema =
        """
        {"type": "record", "name": "trip", "fields": [
          {"name": "trip_id", "type": "long"},
          {"name": "route", "type": {"type": "record", "name": "route", "fields": [
            {"name": "from", "type": "string"},
            {"name": "stops", "type": {"type": "array", "items": ["null", "int"]}},
            {"name": "fees", "type": {"type": "map", "values": "double"}},
            {"name": "either", "type": ["int", "string"]}
          ]}}
        ]}
        """;
    Path file =
        write(
            schema,
            100,
            List.of(
                r -> {
                  r.put("trip_id", 1L);
                  org.apache.avro.Schema routeSchema = r.getSchema().getField("route").schema();
                  GenericRecord route = new org.apache.avro.generic.GenericData.Record(routeSchema);
                  route.put("from", "AMS");
                  route.put("stops", java.util.Arrays.asList(3, null));
                  route.put("fees", Map.of("tax", 1.5));
                  route.put("either", "x");
                  r.put("route", route);
                }));
    SourceSpec source = trips("none", "string");

    assertThat(
            read(format(source, Map.of()).createReader(new Configuration(), split(file)), source))
        .containsExactly(
            "1: 1,null,null,null,null,null,null,null,"
                + "{\"from\":\"AMS\",\"stops\":[3,null],\"fees\":{\"tax\":1.5},\"either\":\"x\"}"
                + " | null | null | null");
  }

  @Test
  void aFileThatIsNotAvroIsOneCorruptRowNamingTheFile() throws IOException {
    Path file = landing.resolve("trips/t.avro");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "trip_id\n1\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
    SourceSpec source = trips("none", "string");

    List<String> rows =
        read(format(source, Map.of()).createReader(new Configuration(), split(file)), source);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0))
        .startsWith(
            "1: null,null,null,null,null,null,null,null,null | null | ("
                + FILE
                + ": not Avro) | Cannot read "
                + FILE
                + " (10 bytes) as an Avro container file: ")
        .endsWith(
            ". The whole file is kept as this one corrupt row. Land a valid Avro file under a"
                + " new name, or check the writer that produced it.");
    assertThat(format(source, Map.of()).countLines(landingFile(split(file)), 0)).isEqualTo(1);
    assertThat(format(source, Map.of()).countLines(landingFile(split(file)), 1)).isZero();
    assertThat(format(source, Map.of()).header(landingFile(split(file)))).isEmpty();
  }

  @Test
  void resumesAfterTheCheckpointedRowOrTheCommittedOneAcrossBlocks() throws IOException {
    SourceSpec source = trips("none", "string");
    // Blocks [1,2] [3,4] [5].
    Path file = tripIds(5, 2);
    List<Long> blocks = new ArrayList<>();
    try (org.apache.avro.file.DataFileStream<GenericRecord> stream =
        new org.apache.avro.file.DataFileStream<>(
            Files.newInputStream(file), new org.apache.avro.generic.GenericDatumReader<>())) {
      while (stream.hasNext()) {
        blocks.add(stream.getBlockCount());
        stream.nextBlock();
      }
    }
    assertThat(blocks).containsExactly(2L, 2L, 1L);
    FileSourceSplit restored =
        split(file).updateWithCheckpointedPosition(new CheckpointedPosition(3, 0));

    assertThat(read(format(source, Map.of()).restoreReader(new Configuration(), restored), source))
        .extracting(r -> r.substring(0, 4))
        .containsExactly("4: 4", "5: 5");
    assertThat(
            read(
                format(source, Map.of(FILE, 4L)).createReader(new Configuration(), split(file)),
                source))
        .extracting(r -> r.substring(0, 4))
        .containsExactly("5: 5");
    assertThat(
            read(
                format(source, Map.of(FILE, 1L)).createReader(new Configuration(), split(file)),
                source))
        .extracting(r -> r.substring(0, 4))
        .containsExactly("2: 2", "3: 3", "4: 4", "5: 5");
    LandingBulkFormat counting = format(source, Map.of());
    List<Long> counts = new ArrayList<>();
    for (long after = 0; after <= 6; after++) {
      counts.add(counting.countLines(landingFile(split(file)), after));
    }
    assertThat(counts).containsExactly(5L, 4L, 3L, 2L, 1L, 0L, 0L);
  }

  @Test
  void aFileThatHasNotSettledYieldsNothingYet() throws IOException {
    SourceSpec source = trips("none", "string");
    Path file = tripIds(2, 10);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));

    assertThat(
            read(format(source, Map.of()).createReader(new Configuration(), split(file)), source))
        .isEmpty();
    assertThat(format(source, Map.of()).countLines(landingFile(split(file)), 0)).isZero();
    assertThat(format(source, Map.of()).header(landingFile(split(file)))).isEmpty();
  }

  @Test
  void aNewFieldStopsTheJobUnderAddNewColumnsAndTheSchemaTypesItsColumns() throws IOException {
    Path file = tripIds(1, 10);
    SourceSpec source = trips("add_new_columns", "string");

    assertThatThrownBy(
            () -> format(source, Map.of()).createReader(new Configuration(), split(file)))
        .isInstanceOf(SuppressRestartsException.class)
        .hasRootCauseInstanceOf(NewColumnsException.class)
        .rootCause()
        .hasMessageContaining(FILE + " names new column gate");
    assertThat(format(source, Map.of()).header(landingFile(split(file))))
        .containsExactly(
            new ColumnSpec("trip_id", ColumnType.BIGINT),
            new ColumnSpec("seats", ColumnType.INT),
            new ColumnSpec("fare", ColumnType.decimal(10, 2)),
            new ColumnSpec("paid", ColumnType.BOOLEAN),
            new ColumnSpec("score", ColumnType.DOUBLE),
            new ColumnSpec("started_at", ColumnType.TIMESTAMPTZ),
            new ColumnSpec("local_at", ColumnType.TIMESTAMP),
            new ColumnSpec("day", ColumnType.DATE),
            new ColumnSpec("route", ColumnType.STRING),
            new ColumnSpec("gate", ColumnType.STRING));
  }
}
