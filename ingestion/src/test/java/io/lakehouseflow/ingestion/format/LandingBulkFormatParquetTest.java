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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.table.data.RowData;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Parquet files read by bronze's format-neutral reader, value by value and row by row. */
class LandingBulkFormatParquetTest {
  private static final String FILE = "landing/trips/t.parquet";

  /** Every type a declared column can read directly, and a string to misfit. */
  private static final String SCHEMA =
      """
      message trip {
        required int64 trip_id;
        optional int32 seats;
        optional int64 fare (DECIMAL(10,2));
        optional boolean paid;
        optional float score;
        optional int64 started_at (TIMESTAMP(MILLIS,true));
        optional int64 local_at (TIMESTAMP(MICROS,false));
        optional int32 day (DATE);
        optional binary route (STRING);
        optional binary gate (STRING);
      }
      """;

  private static final String COLUMNS =
      "trip_id,seats,fare,paid,score,started_at,local_at,day,route";

  @TempDir Path landing;

  private static SourceSpec trips(String evolution, String seatsType) {
    return PipelineSpecLoader.parse(
            """
            name: trips
            sources:
              trips:
                format: parquet
                schema_evolution: %s
                columns:
                  trip_id: bigint
                  seats: %s
                  fare: decimal(10,2)
                  paid: boolean
                  score: double
                  started_at: timestamptz
                  local_at: timestamp
                  day: date
                  route: string
            """
                .formatted(evolution, seatsType),
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

  private Path write(String schema, int rowsPerGroup, List<Consumer<Group>> rows)
      throws IOException {
    return ParquetTestFiles.write(landing.resolve("trips/t.parquet"), schema, rowsPerGroup, rows);
  }

  /** Rows 1..n with only trip_id set, n row groups of {@code rowsPerGroup} rows. */
  private Path tripIds(int n, int rowsPerGroup) throws IOException {
    List<Consumer<Group>> rows = new ArrayList<>();
    IntStream.rangeClosed(1, n).forEach(i -> rows.add(g -> g.append("trip_id", (long) i)));
    return write(SCHEMA, rowsPerGroup, rows);
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
          assertThat(row.getString(layout.position(MetadataColumns.SOURCE_FILE)).toString())
              .isEqualTo(FILE);
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

  @Test
  void readsDeclaredColumnsByNameWithTheFilesTypes() throws IOException {
    SourceSpec source = trips("none", "int");
    long startedAt = Instant.parse("2024-03-01T08:15:30.125Z").toEpochMilli();
    long localAt =
        LocalDateTime.parse("2024-03-01T10:15:30.000001")
                    .toInstant(java.time.ZoneOffset.UTC)
                    .toEpochMilli()
                * 1000
            + 1;
    Path file =
        write(
            SCHEMA,
            100,
            List.of(
                g ->
                    g.append("trip_id", 1L)
                        .append("seats", 2)
                        .append("fare", 1250L)
                        .append("paid", true)
                        .append("score", 0.1f)
                        .append("started_at", startedAt)
                        .append("local_at", localAt)
                        .append("day", (int) LocalDate.parse("2024-03-01").toEpochDay())
                        .append("route", "AMS-LIS")
                        .append("gate", "B12"),
                g -> g.append("trip_id", 2L)));

    assertThat(
            read(format(source, Map.of()).createReader(new Configuration(), split(file)), source))
        .containsExactly(
            "1: 1,2,12.50,true,0.1,2024-03-01T08:15:30.125,2024-03-01T10:15:30.000001,2024-03-01,"
                + "AMS-LIS | null | null | null",
            "2: 2,null,null,null,null,null,null,null,null | null | null | null");
  }

  @Test
  void aValueThatDoesNotFitItsColumnMakesTheRowCorruptOrIsRescued() throws IOException {
    String schema = SCHEMA.replace("optional int32 seats;", "optional binary seats (STRING);");
    Path file =
        write(
            schema,
            100,
            List.of(
                g -> g.append("trip_id", 1L).append("seats", "abc").append("gate", "B12"),
                g -> g.append("trip_id", 2L).append("seats", " 42 ")));

    SourceSpec none = trips("none", "int");
    List<String> rows =
        read(format(none, Map.of()).createReader(new Configuration(), split(file)), none);
    assertThat(rows)
        .containsExactly(
            "1: null,null,null,null,null,null,null,null,null | null"
                + " | {\"trip_id\":1,\"seats\":\"abc\",\"fare\":null,\"paid\":null,\"score\":null,"
                + "\"started_at\":null,\"local_at\":null,\"day\":null,\"route\":null,"
                + "\"gate\":\"B12\"}"
                + " | Cannot read column 'seats' value \"abc\" (Parquet binary STRING) as int ("
                + FILE
                + " row 1). Fix the file or declare the column as string.",
            "2: 2,42,null,null,null,null,null,null,null | null | null | null");

    SourceSpec rescue = trips("rescue", "int");
    assertThat(
            read(format(rescue, Map.of()).createReader(new Configuration(), split(file)), rescue))
        .containsExactly(
            "1: 1,null,null,null,null,null,null,null,null | {\"seats\":\"abc\",\"gate\":\"B12\"}"
                + " | null | null",
            "2: 2,42,null,null,null,null,null,null,null | null | null | null");
  }

  @Test
  void keepsGroupsListsAndMapsAsJsonTextInAStringColumn() throws IOException {
    String schema =
        """
        message trip {
          required int64 trip_id;
          optional group route {
            optional binary from (STRING);
            optional group stops (LIST) {
              repeated group list { optional int32 element; }
            }
            optional group fees (MAP) {
              repeated group key_value {
                required binary key (STRING);
                optional double value;
              }
            }
          }
        }
        """;
    Path file =
        write(
            schema,
            100,
            List.of(
                g -> {
                  g.append("trip_id", 1L);
                  Group route = g.addGroup("route").append("from", "AMS");
                  Group stops = route.addGroup("stops");
                  stops.addGroup("list").append("element", 3);
                  stops.addGroup("list");
                  route
                      .addGroup("fees")
                      .addGroup("key_value")
                      .append("key", "tax")
                      .append("value", 1.5);
                }));
    SourceSpec source = trips("none", "int");

    assertThat(
            read(format(source, Map.of()).createReader(new Configuration(), split(file)), source))
        .containsExactly(
            "1: 1,null,null,null,null,null,null,null,"
                + "{\"from\":\"AMS\",\"stops\":[3,null],\"fees\":{\"tax\":1.5}} | null | null | null");
  }

  @Test
  void aFileThatIsNotParquetIsOneCorruptRowNamingTheFile() throws IOException {
    Path file = landing.resolve("trips/t.parquet");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "trip_id\n1\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
    SourceSpec source = trips("none", "int");

    List<String> rows =
        read(format(source, Map.of()).createReader(new Configuration(), split(file)), source);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0))
        .startsWith(
            "1: null,null,null,null,null,null,null,null,null | null | ("
                + FILE
                + ": not Parquet)"
                + " | Cannot read "
                + FILE
                + " (10 bytes) as Parquet: ")
        .endsWith(
            ". The whole file is kept as this one corrupt row. Land a valid Parquet file under a"
                + " new name, or check the writer that produced it.");
    assertThat(format(source, Map.of()).countLines(landingFile(split(file)), 0)).isEqualTo(1);
    assertThat(format(source, Map.of()).countLines(landingFile(split(file)), 1)).isZero();
  }

  @Test
  void resumesAfterTheCheckpointedRowOrTheCommittedOneAcrossRowGroups() throws IOException {
    SourceSpec source = trips("none", "int");
    // Row groups [1,2] [3,4] [5].
    Path file = tripIds(5, 2);
    try (org.apache.parquet.hadoop.ParquetFileReader groups =
        ParquetFileRecords.reader(landingFile(split(file)))) {
      assertThat(groups.getRowGroups())
          .extracting(org.apache.parquet.hadoop.metadata.BlockMetaData::getRowCount)
          .containsExactly(2L, 2L, 1L);
    }
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
                format(source, Map.of(FILE, 2L)).restoreReader(new Configuration(), restored),
                source))
        .as("the checkpoint is later than the committed floor")
        .extracting(r -> r.substring(0, 4))
        .containsExactly("4: 4", "5: 5");
    LandingBulkFormat counting = format(source, Map.of());
    assertThat(IntStream.rangeClosed(0, 6).mapToLong(after -> count(counting, file, after)))
        .containsExactly(5L, 4L, 3L, 2L, 1L, 0L, 0L);
  }

  private long count(LandingBulkFormat format, Path file, long after) {
    try {
      return format.countLines(landingFile(split(file)), after);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aFileThatHasNotSettledYieldsNothingYet() throws IOException {
    SourceSpec source = trips("none", "int");
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
    SourceSpec source = trips("add_new_columns", "int");

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

  @Test
  void readsWiderAndTextualValuesThroughTheColumnsParser() throws IOException {
    String schema =
        """
        message trip {
          required int32 trip_id;
          optional double seats;
          optional binary fare (STRING);
          optional int96 started_at;
        }
        """;
    // INT96 of 2024-03-01T00:00:01Z: nanos of day 1e9, Julian day 2460371.
    byte[] int96 =
        java.nio.ByteBuffer.allocate(12)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(1_000_000_000L)
            .putInt(2_460_371)
            .array();
    Path file =
        write(
            schema,
            10,
            List.of(
                g ->
                    g.append("trip_id", 7)
                        .append("seats", 2.5)
                        .append("fare", "3.10")
                        .append("started_at", Binary.fromConstantByteArray(int96))));
    SourceSpec source = trips("rescue", "int");

    assertThat(
            read(format(source, Map.of()).createReader(new Configuration(), split(file)), source))
        .containsExactly(
            "1: 7,null,3.10,null,null,2024-03-01T00:00:01,null,null,null | {\"seats\":2.5}"
                + " | null | null");
    assertThat(new BigDecimal("3.10").scale()).isEqualTo(2);
  }
}
