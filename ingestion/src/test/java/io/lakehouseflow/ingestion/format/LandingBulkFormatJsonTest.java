package io.lakehouseflow.ingestion.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines files read by bronze's format-neutral reader, value by value and line by line. */
class LandingBulkFormatJsonTest {
  private static final long LONG_AGO = 1_700_000_000_000L;
  private static final String FILE = "landing/trips/t.jsonl";

  @TempDir Path landing;

  private static SourceSpec trips(String evolution) {
    return PipelineSpecLoader.parse(
            """
            name: trips
            sources:
              trips:
                format: json
                schema_evolution: %s
                columns:
                  trip_id: bigint
                  seats: int
                  fare: decimal(10,2)
                  paid: boolean
                  score: double
                  started_at: timestamp
                  route: string
            """
                .formatted(evolution),
            "trips.yaml")
        .source("trips");
  }

  private LandingBulkFormat format(SourceSpec source) {
    return LandingBulkFormat.of(
        RecordFormat.of(source),
        LandingFileNames.of(landing.toString(), "landing"),
        LayerSchemas.bronze(source),
        Map.of());
  }

  private FileSourceSplit split(String name, byte[] content, long modified) throws IOException {
    Path file = landing.resolve("trips/" + name);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return new FileSourceSplit(
        "0",
        new org.apache.flink.core.fs.Path(file.toUri()),
        0,
        content.length,
        modified,
        content.length);
  }

  private FileSourceSplit split(String text) throws IOException {
    return split("t.jsonl", text.getBytes(StandardCharsets.UTF_8), LONG_AGO);
  }

  /**
   * Each row as {@code line: trip_id,seats,fare,paid,score,started_at,route | rescued | corrupt |
   * error}.
   */
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
          StringBuilder line = new StringBuilder().append(r.getOffset()).append(": ");
          List<String> values = new ArrayList<>();
          values.add(value(row, layout, "trip_id", () -> row.getLong(layout.position("trip_id"))));
          values.add(value(row, layout, "seats", () -> row.getInt(layout.position("seats"))));
          values.add(
              value(row, layout, "fare", () -> row.getDecimal(layout.position("fare"), 10, 2)));
          values.add(value(row, layout, "paid", () -> row.getBoolean(layout.position("paid"))));
          values.add(value(row, layout, "score", () -> row.getDouble(layout.position("score"))));
          values.add(
              value(
                  row,
                  layout,
                  "started_at",
                  () -> row.getTimestamp(layout.position("started_at"), 6).toLocalDateTime()));
          values.add(value(row, layout, "route", () -> row.getString(layout.position("route"))));
          line.append(String.join(",", values));
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

  private static String value(
      RowData row, LayerSchema layout, String column, java.util.function.Supplier<Object> get) {
    return row.isNullAt(layout.position(column)) ? "null" : String.valueOf(get.get());
  }

  @Test
  void readsTypedValuesByNameWithLfCrlfBlankLinesAndAByteOrderMark() throws IOException {
    SourceSpec source = trips("rescue");
    FileSourceSplit split =
        split(
            "\uFEFF{\"trip_id\": 1, \"seats\": 2, \"fare\": 12.50, \"paid\": true, \"score\": 1e3,"
                + " \"started_at\": \"2024-03-01T10:15:30+02:00\", \"route\": \"A\"}\r\n"
                + "\r\n"
                + "   \n"
                + "{\"ROUTE\": \"B\", \"Trip_Id\": \"2\", \"seats\": null, \"fare\": \"7\"}\n"
                + "{\"trip_id\": 3, \"started_at\": \"2024-03-01 10:15:30Z\", \"paid\": \"\"}");

    assertThat(read(format(source).createReader(new Configuration(), split), source))
        .containsExactly(
            "1: 1,2,12.50,true,1000.0,2024-03-01T08:15:30,A | null | null | null",
            "4: 2,null,7.00,null,null,null,B | null | null | null",
            "5: 3,null,null,null,null,2024-03-01T10:15:30,null | null | null | null");
    assertThat(format(source).countLines(landingFile(split), 0)).isEqualTo(3);
    assertThat(format(source).countLines(landingFile(split), 1)).isEqualTo(2);
  }

  @Test
  void keepsNestedObjectsAndArraysAsTheirJsonTextInAStringColumn() throws IOException {
    SourceSpec source = trips("rescue");
    FileSourceSplit split =
        split(
            "{\"trip_id\": 1, \"route\": {\"from\": \"Oslo\", \"stops\": [1, {\"a\": null}]}}\n"
                + "{\"trip_id\": 2, \"route\": [ \"x\" , 2 ], \"paid\": false}\n"
                + "{\"trip_id\": 3, \"route\": 42.10}\n");

    assertThat(read(format(source).createReader(new Configuration(), split), source))
        .containsExactly(
            "1: 1,null,null,null,null,null,{\"from\": \"Oslo\", \"stops\": [1, {\"a\": null}]}"
                + " | null | null | null",
            "2: 2,null,null,false,null,null,[ \"x\" , 2 ] | null | null | null",
            "3: 3,null,null,null,null,null,42.10 | null | null | null");
  }

  @Test
  void rescuesUndeclaredFieldsAndMisfitValuesAsTheJsonTheyWere() throws IOException {
    SourceSpec source = trips("rescue");
    FileSourceSplit split =
        split(
            "{\"trip_id\": 1, \"gate\": \"B12\", \"seats\": \"two\", \"tags\": [\"a\", 1],"
                + " \"paid\": 1, \"none\": null, \"_source_file\": \"x\", \"fare\": {\"eur\": 1}}\n");

    assertThat(read(format(source).createReader(new Configuration(), split), source))
        .containsExactly(
            "1: 1,null,null,null,null,null,null | {\"gate\":\"B12\",\"seats\":\"two\","
                + "\"tags\":[\"a\", 1],\"paid\":1,\"_source_file\":\"x\",\"fare\":{\"eur\": 1}}"
                + " | null | null");
  }

  @Test
  void underNoneIgnoresUndeclaredFieldsAndAMisfitValueMakesTheRowCorrupt() throws IOException {
    SourceSpec source = trips("none");
    FileSourceSplit split =
        split("{\"trip_id\": 1, \"gate\": \"B12\"}\n{\"trip_id\": 2, \"seats\": \"two\"}\n");

    assertThat(read(format(source).createReader(new Configuration(), split), source))
        .containsExactly(
            "1: 1,null,null,null,null,null,null | null | null | null",
            "2: null,null,null,null,null,null,null | null | {\"trip_id\": 2, \"seats\": \"two\"}"
                + " | Cannot parse field 'seats' value 'two' as int (landing/trips/t.jsonl line"
                + " 2). Fix the file or declare the column as string.");
  }

  @Test
  void keepsMalformedLinesAsCorruptNamingFileLineAndWhatIsWrong() throws IOException {
    SourceSpec source = trips("rescue");
    FileSourceSplit split =
        split(
            "{\"trip_id\": 1,\n"
                + "[1, 2]\n"
                + "{\"trip_id\": 3} {\"trip_id\": 4}\n"
                + "{\"trip_id\": 5, \"trip_id\": 6}\n"
                + "not json\n"
                + "{\"trip_id\": 7}\n");

    List<String> rows = read(format(source).createReader(new Configuration(), split), source);
    assertThat(rows).hasSize(6);
    assertThat(rows.get(0))
        .startsWith("1: null,")
        .contains("| {\"trip_id\": 1, | Cannot parse line as JSON: Unexpected end-of-input")
        .endsWith("(" + FILE + " line 1). Fix the JSON in the file.");
    assertThat(rows.get(1))
        .endsWith(
            "| [1, 2] | Cannot parse line: it holds a JSON array, not a JSON object ("
                + FILE
                + " line 2). Write one JSON object per line, such as {\"id\": 1}.");
    assertThat(rows.get(2))
        .endsWith(
            "Cannot parse line: more JSON follows its JSON object at column 16 ("
                + FILE
                + " line 3). Write one JSON object per line.");
    assertThat(rows.get(3))
        .endsWith(
            "Cannot parse field 'trip_id' appears twice ("
                + FILE
                + " line 4)."
                + " Fix the file or declare the column as string.");
    assertThat(rows.get(4)).contains("| not json | Cannot parse line as JSON: Unrecognized token");
    assertThat(rows.get(5)).isEqualTo("6: 7,null,null,null,null,null,null | null | null | null");
    assertThat(format(source).countLines(landingFile(split), 0)).isEqualTo(6);
  }

  @Test
  void keepsALineWithBytesThatAreNotUtf8AsCorrupt() throws IOException {
    SourceSpec source = trips("rescue");
    byte[] latin1 = "{\"route\": \"Malm\u00f6\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    FileSourceSplit split = split("t.jsonl", latin1, LONG_AGO);

    assertThat(read(format(source).createReader(new Configuration(), split), source).get(0))
        .contains("Cannot decode line as UTF-8");
  }

  @Test
  void restoresAfterTheCheckpointedLine() throws IOException {
    SourceSpec source = trips("rescue");
    FileSourceSplit split =
        split("{\"trip_id\": 1}\n\n{\"trip_id\": 3}\n{\"trip_id\": 4}\n")
            .updateWithCheckpointedPosition(new CheckpointedPosition(3, 0));

    assertThat(read(format(source).restoreReader(new Configuration(), split), source))
        .containsExactly("4: 4,null,null,null,null,null,null | null | null | null");
  }

  @Test
  void neverReadsPastTheSplitsLengthSoAGrowingFileYieldsNoHalfLine() throws IOException {
    SourceSpec source = trips("rescue");
    FileSourceSplit split = split("{\"trip_id\": 1}\n");
    Files.writeString(landing.resolve("trips/t.jsonl"), "{\"trip_", StandardOpenOption.APPEND);

    assertThat(read(format(source).createReader(new Configuration(), split), source))
        .containsExactly("1: 1,null,null,null,null,null,null | null | null | null");
  }

  @Test
  void readsGzipAndZstdFilesWholeOnceSettledAndNothingBefore() throws IOException {
    SourceSpec source = trips("rescue");
    byte[] json = "{\"trip_id\": 1}\n{\"trip_id\": 2}".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(gzip)) {
      out.write(json);
    }
    byte[] zstd = com.github.luben.zstd.Zstd.compress(json);
    for (var file : Map.of("t.jsonl.gz", gzip.toByteArray(), "t.jsonl.zst", zstd).entrySet()) {
      FileSourceSplit settled = split(file.getKey(), file.getValue(), LONG_AGO);
      assertThat(read(format(source).createReader(new Configuration(), settled), source))
          .containsExactly(
              "1: 1,null,null,null,null,null,null | null | null | null",
              "2: 2,null,null,null,null,null,null | null | null | null");
      assertThat(format(source).countLines(landingFile(settled), 0)).isEqualTo(2);

      FileSourceSplit writing = split(file.getKey(), file.getValue(), System.currentTimeMillis());
      assertThat(read(format(source).createReader(new Configuration(), writing), source)).isEmpty();
      assertThat(format(source).countLines(landingFile(writing), 0)).isZero();
    }
  }

  @Test
  void namesEveryFieldOfEveryRecordOnceAndSamplesTheFirstRecordsValues() throws IOException {
    SourceSpec source = trips("add_new_columns");
    FileSourceSplit split =
        split(
            "t.jsonl",
            String.join(
                    "\n",
                    "{\"trip_id\": 1, \"Gate\": \"B12\", \"tags\": [1, {\"x\": 2}]}",
                    "not json, names nothing",
                    "[\"an array\"]",
                    "{\"TRIP_ID\": 2, \"gate\": null, \"seats\": 3} {\"after\": 1}",
                    "",
                    "{\"trip_id\": 3, \"door\": 7, \"gate\": \"\"}")
                .getBytes(StandardCharsets.UTF_8),
            LONG_AGO);
    LandingBulkFormat format = format(source);

    // In the order fields first appear, each once, as first spelled; broken lines name nothing.
    assertThat(format.header(landingFile(split)))
        .extracting(ColumnSpec::name)
        .containsExactly("trip_id", "Gate", "tags", "door");
    List<Map<String, SampledValue>> sample = format.sample(landingFile(split), 2);
    assertThat(sample).hasSize(2);
    assertThat(sample.get(0))
        .containsEntry("gate", new SampledValue(SampledValue.Kind.STRING, "B12"))
        .containsEntry("TAGS", new SampledValue(SampledValue.Kind.NESTED, "[1, {\"x\": 2}]"))
        .containsEntry("trip_id", new SampledValue(SampledValue.Kind.NUMBER, "1"));
    assertThat(sample.get(1))
        .containsEntry("door", new SampledValue(SampledValue.Kind.NUMBER, "7"))
        .containsEntry("gate", new SampledValue(SampledValue.Kind.STRING, ""));
  }

  private static LandingFile landingFile(FileSourceSplit split) {
    return new LandingFile(
        split.path(), split.fileSize(), split.fileModificationTime(), split.length());
  }
}
