package io.lakehouseflow.ingestion.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingBulkFormatCsvTest {
  private static final SourceSpec TRIPS =
      PipelineSpecLoader.parse(
              """
              name: trips
              sources:
                trips:
                  columns: {trip_id: int, city: string}
              """,
              "trips.yaml")
          .source("trips");

  @TempDir Path landing;

  private LandingBulkFormat format() {
    return format(Map.of());
  }

  private LandingBulkFormat format(Map<String, Long> committedLines) {
    return format(LayerSchemas.bronze(TRIPS), committedLines);
  }

  private LandingBulkFormat format(LayerSchema layout, Map<String, Long> committedLines) {
    return LandingBulkFormat.of(
        CsvRecordParser.of(TRIPS),
        LandingFileNames.of(landing.toString(), "landing"),
        layout,
        committedLines);
  }

  private FileSourceSplit split(String... lines) throws IOException {
    Path file = landing.resolve("trips/t.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "\uFEFF" + String.join("\r\n", lines) + "\r\n");
    return new FileSourceSplit(
        "0",
        new org.apache.flink.core.fs.Path(file.toUri()),
        0,
        Files.size(file),
        1_700_000_000_000L,
        Files.size(file));
  }

  /** Each emitted record as {@code position: trip_id,city / _source_file:_record_number}. */
  private static List<String> readAll(BulkFormat.Reader<RowData> reader) throws IOException {
    return readAll(reader, LayerSchemas.bronze(TRIPS));
  }

  /** As {@link #readAll(BulkFormat.Reader)}, finding each column by name in {@code layout}. */
  private static List<String> readAll(BulkFormat.Reader<RowData> reader, LayerSchema layout)
      throws IOException {
    int tripId = layout.position("trip_id");
    int city = layout.position("city");
    int sourceFile = layout.position(MetadataColumns.SOURCE_FILE);
    int recordNumber = layout.position(MetadataColumns.RECORD_NUMBER);
    List<String> out = new ArrayList<>();
    try (reader) {
      BulkFormat.RecordIterator<RowData> batch;
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<RowData> r;
        while ((r = batch.next()) != null) {
          RowData row = r.getRecord();
          out.add(
              r.getOffset()
                  + "+"
                  + r.getRecordSkipCount()
                  + ": "
                  + (row.isNullAt(tripId) ? "null" : row.getInt(tripId))
                  + ","
                  + (row.isNullAt(city) ? "null" : row.getString(city))
                  + " / "
                  + row.getString(sourceFile)
                  + ":"
                  + row.getLong(recordNumber));
          assertThat(row.getArity()).isEqualTo(layout.arity());
        }
        batch.releaseBatch();
      }
    }
    return out;
  }

  @Test
  void positionsEveryLineAtItsLineNumberSkippingBlankLinesAndTheHeader() throws IOException {
    FileSourceSplit split = split("trip_id,city", "1,Oslo", "", "x,Rome", "3,Lima");

    assertThat(readAll(format().createReader(new Configuration(), split)))
        .containsExactly(
            "2+0: 1,Oslo / landing/trips/t.csv:2",
            "4+0: null,null / landing/trips/t.csv:4",
            "5+0: 3,Lima / landing/trips/t.csv:5");
  }

  @Test
  void writesEveryColumnByNameWhenTheLayerGainsAColumn() throws IOException {
    // A layer declared with one more column, between the data and the lineage columns: every
    // other column moves one place, and the reader still writes each one where it now is.
    LayerSchema declared = LayerSchemas.bronze(TRIPS);
    List<LayerColumn> columns = new ArrayList<>(declared.columns());
    columns.add(
        declared.position(MetadataColumns.CORRUPT_RECORD),
        LayerColumn.metadata("_later_column", Types.StringType.get(), null));
    LayerSchema grown = LayerSchema.of(declared.table(), columns);
    FileSourceSplit split = split("trip_id,city", "1,Oslo", "x,Rome");

    List<RowData> rows = new ArrayList<>();
    assertThat(readAll(format(grown, Map.of()).createReader(new Configuration(), split), grown))
        .containsExactly(
            "2+0: 1,Oslo / landing/trips/t.csv:2", "3+0: null,null / landing/trips/t.csv:3");
    try (BulkFormat.Reader<RowData> reader =
        format(grown, Map.of()).createReader(new Configuration(), split)) {
      BulkFormat.RecordIterator<RowData> batch = reader.readBatch();
      for (RecordAndPosition<RowData> r; (r = batch.next()) != null; ) {
        rows.add(r.getRecord());
      }
    }
    int later = grown.position("_later_column");
    int corrupt = grown.position(MetadataColumns.CORRUPT_RECORD);
    int parseError = grown.position(MetadataColumns.PARSE_ERROR);
    assertThat(rows).hasSize(2);
    assertThat(rows).allMatch(row -> row.isNullAt(later));
    assertThat(rows.get(0).isNullAt(corrupt)).isTrue();
    assertThat(rows.get(1).getString(corrupt).toString()).isEqualTo("x,Rome");
    assertThat(rows.get(1).getString(parseError).toString())
        .contains("field 'trip_id' value 'x' as int")
        .contains("landing/trips/t.csv line 3");
    assertThat(rows.get(0).getLong(grown.position(MetadataColumns.FILE_SIZE)))
        .isEqualTo(split.fileSize());
    assertThat(grown.rowType().getFieldNames()).isEqualTo(grown.columnNames());
  }

  @Test
  void restoresAfterTheCheckpointedLine() throws IOException {
    FileSourceSplit split =
        split("trip_id,city", "1,Oslo", "", "x,Rome", "3,Lima")
            .updateWithCheckpointedPosition(new CheckpointedPosition(4, 0));

    assertThat(readAll(format().restoreReader(new Configuration(), split)))
        .containsExactly("5+0: 3,Lima / landing/trips/t.csv:5");
  }

  @Test
  void neverRestoresBehindWhatBronzeAlreadyCommitted() throws IOException {
    // A continuous checkpoint at line 2, but a later available-now run committed up to line 4.
    FileSourceSplit split =
        split("trip_id,city", "1,Oslo", "", "x,Rome", "3,Lima")
            .updateWithCheckpointedPosition(new CheckpointedPosition(2, 0));
    LandingBulkFormat format = format(Map.of("landing/trips/t.csv", 4L));

    assertThat(readAll(format.restoreReader(new Configuration(), split)))
        .containsExactly("5+0: 3,Lima / landing/trips/t.csv:5");
    assertThat(readAll(format.createReader(new Configuration(), split(split))))
        .containsExactly("5+0: 3,Lima / landing/trips/t.csv:5");
  }

  @Test
  void neverReadsPastTheSplitsLengthSoAGrowingFileYieldsNoHalfLine() throws IOException {
    FileSourceSplit split = split("trip_id,city", "1,Oslo", "2,Rome");
    // The writer goes on after the split was decided: one whole line and half of the next.
    Files.writeString(landing.resolve("trips/t.csv"), "3,Lima\r\n4,Ha", StandardOpenOption.APPEND);

    assertThat(readAll(format().createReader(new Configuration(), split)))
        .containsExactly(
            "2+0: 1,Oslo / landing/trips/t.csv:2", "3+0: 2,Rome / landing/trips/t.csv:3");
  }

  @Test
  void aHeaderThatDoesNotMatchKeepsEveryLineTheHeaderIncludedAsCorrupt() throws IOException {
    // A file written without its header: its first line is data, not names.
    FileSourceSplit split = split("", "1,Oslo", "2,Rome");
    List<RowData> rows = new ArrayList<>();
    try (BulkFormat.Reader<RowData> reader = format().createReader(new Configuration(), split)) {
      BulkFormat.RecordIterator<RowData> batch = reader.readBatch();
      for (RecordAndPosition<RowData> r; (r = batch.next()) != null; ) {
        rows.add(r.getRecord());
      }
    }
    LayerSchema layout = LayerSchemas.bronze(TRIPS);
    int corrupt = layout.position(MetadataColumns.CORRUPT_RECORD);
    int parseError = layout.position(MetadataColumns.PARSE_ERROR);
    int recordNumber = layout.position(MetadataColumns.RECORD_NUMBER);

    assertThat(rows)
        .extracting(r -> r.getLong(recordNumber) + ": " + r.getString(corrupt))
        .containsExactly("2: 1,Oslo", "3: 2,Rome");
    assertThat(rows.get(0).getString(parseError).toString())
        .isEqualTo(
            "Cannot map line to the columns of source 'trips': the file's header on line 2"
                + " [1, Oslo] does not match the declared columns [trip_id, city] (it names none"
                + " of them), so every line of the file is kept as"
                + " corrupt, the header line too (landing/trips/t.csv line 2). Fix the header or"
                + " the declared columns.");
    assertThat(rows.get(1).getString(parseError).toString())
        .contains("header on line 2 [1, Oslo] does not match")
        .contains("(landing/trips/t.csv line 3)");

    LandingFile file = landingFile(split);
    assertThat(format().countLines(file, 0)).isEqualTo(2);
    assertThat(format().countLines(file, 2)).isEqualTo(1);
    assertThat(
            readAll(
                format(Map.of("landing/trips/t.csv", 2L))
                    .createReader(new Configuration(), split(split))))
        .containsExactly("3+0: null,null / landing/trips/t.csv:3");
  }

  @Test
  void countsTheLinesAReaderEmitsWithinTheReadableLength() throws IOException {
    FileSourceSplit split = split("trip_id,city", "1,Oslo", "", "x,Rome", "3,Lima");
    LandingFile whole = landingFile(split);
    LandingFile firstTwoLines =
        new LandingFile(
            split.path(),
            split.fileSize(),
            0,
            "\uFEFFtrip_id,city\r\n1,Oslo\r\n".getBytes(StandardCharsets.UTF_8).length);

    assertThat(format().countLines(whole, 0)).isEqualTo(3);
    assertThat(format().countLines(whole, 4)).isEqualTo(1);
    assertThat(format().countLines(firstTwoLines, 0)).isEqualTo(1);
  }

  /** A split of {@code content} written as is to {@code name}, modified at {@code modified}. */
  private FileSourceSplit rawSplit(String name, byte[] content, long modified) throws IOException {
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

  private static final long LONG_AGO = 1_700_000_000_000L;

  private static final String MULTI_LINE =
      "trip_id,city\r\n"
          + "1,\"Oslo\r\nNorway\"\r\n"
          + "\r\n"
          + "2,\"say \"\"hi\"\",\n\n twice\"\n"
          + "3,Lima\n";

  @Test
  void positionsAQuotedRecordAcrossLinesAtTheLineItStartsOn() throws IOException {
    FileSourceSplit split =
        rawSplit("m.csv", MULTI_LINE.getBytes(StandardCharsets.UTF_8), LONG_AGO);

    assertThat(readAll(format().createReader(new Configuration(), split)))
        .containsExactly(
            "2+0: 1,Oslo\r\nNorway / landing/trips/m.csv:2",
            "5+0: 2,say \"hi\",\n\n twice / landing/trips/m.csv:5",
            "8+0: 3,Lima / landing/trips/m.csv:8");
    assertThat(format().countLines(landingFile(split), 0)).isEqualTo(3);
  }

  @Test
  void restoresAtEveryRecordOfMultiLineRecordsWithNoRowTwiceOrMissing() throws IOException {
    FileSourceSplit split =
        rawSplit("m.csv", MULTI_LINE.getBytes(StandardCharsets.UTF_8), LONG_AGO);
    List<String> all = readAll(format().createReader(new Configuration(), split));

    // A checkpoint holds the start line of the last record emitted; lines inside a record too.
    for (long line = 0; line <= 9; line++) {
      long at = line;
      List<String> expected =
          all.stream().filter(r -> Long.parseLong(r.substring(0, r.indexOf('+'))) > at).toList();
      assertThat(
              readAll(
                  format()
                      .restoreReader(
                          new Configuration(),
                          split.updateWithCheckpointedPosition(new CheckpointedPosition(line, 0)))))
          .as("restored after line %d", line)
          .isEqualTo(expected);
      assertThat(format().countLines(landingFile(split), line)).isEqualTo(expected.size());
    }
  }

  @Test
  void aQuoteCutByTheEndOfAFileThatMayGrowWaitsAndIsReadOnceComplete() throws IOException {
    // The writer is in the middle of a quoted field spanning lines, and of its line: the readable
    // part ends at the last line break, inside the quote.
    String start = "trip_id,city\n1,Oslo\n2,\"Rome\n";
    byte[] cut = (start + "Ita").getBytes(StandardCharsets.UTF_8);
    FileSourceSplit whole = rawSplit("g.csv", cut, System.currentTimeMillis());
    FileSourceSplit growing =
        new FileSourceSplit(
            "0",
            whole.path(),
            0,
            start.getBytes(StandardCharsets.UTF_8).length,
            whole.fileModificationTime(),
            cut.length);

    assertThat(readAll(format().createReader(new Configuration(), growing)))
        .containsExactly("2+0: 1,Oslo / landing/trips/g.csv:2");
    assertThat(format().countLines(landingFile(growing), 0)).isEqualTo(1);

    FileSourceSplit grown =
        rawSplit(
            "g.csv",
            (start + "Italy\"\n3,Lima\n").getBytes(StandardCharsets.UTF_8),
            System.currentTimeMillis());
    assertThat(
            readAll(
                format(Map.of("landing/trips/g.csv", 2L)).createReader(new Configuration(), grown)))
        .containsExactly(
            "3+0: 2,Rome\nItaly / landing/trips/g.csv:3", "5+0: 3,Lima / landing/trips/g.csv:5");
  }

  @Test
  void aQuoteOpenAtTheEndOfAFileEndingWithALineBreakIsMalformedAtOnce() throws IOException {
    // Such a file may be skipped unopened by the next run, so nothing of it may wait for later.
    FileSourceSplit split =
        rawSplit(
            "n.csv",
            "trip_id,city\n1,Oslo\n2,\"Rome\n".getBytes(StandardCharsets.UTF_8),
            System.currentTimeMillis());

    assertThat(readAll(format().createReader(new Configuration(), split)))
        .containsExactly(
            "2+0: 1,Oslo / landing/trips/n.csv:2", "3+0: null,null / landing/trips/n.csv:3");
    assertThat(format().countLines(landingFile(split), 0)).isEqualTo(2);
  }

  @Test
  void anUnterminatedQuoteOfASettledFileIsKeptAsCorruptUpToItsLineAndReadingGoesOn()
      throws IOException {
    FileSourceSplit split =
        rawSplit(
            "u.csv",
            "trip_id,city\n1,\"Oslo\n2,Rome\n3,Lima\n".getBytes(StandardCharsets.UTF_8),
            LONG_AGO);
    List<RowData> rows = rows(format().createReader(new Configuration(), split));
    LayerSchema layout = LayerSchemas.bronze(TRIPS);
    int corrupt = layout.position(MetadataColumns.CORRUPT_RECORD);
    int parseError = layout.position(MetadataColumns.PARSE_ERROR);

    assertThat(readAll(format().createReader(new Configuration(), split)))
        .containsExactly(
            "2+0: null,null / landing/trips/u.csv:2",
            "3+0: 2,Rome / landing/trips/u.csv:3",
            "4+0: 3,Lima / landing/trips/u.csv:4");
    assertThat(rows.get(0).getString(corrupt).toString()).isEqualTo("1,\"Oslo");
    assertThat(rows.get(0).getString(parseError).toString())
        .isEqualTo(
            "Cannot parse line: field 2 ('city') opens a quote on line 2 that is never closed: the"
                + " file ends inside it, on line 5. This row keeps the text up to the end of line"
                + " 2, and reading went on at line 3 (landing/trips/u.csv line 2). Fix the quoting"
                + " in the file.");
    assertThat(format().countLines(landingFile(split), 0)).isEqualTo(3);
  }

  @Test
  void keepsAMultiLineRecordWithTheWrongFieldCountWhole() throws IOException {
    FileSourceSplit split =
        rawSplit(
            "w.csv",
            "trip_id,city\n1,\"Oslo\nNorway\",extra\n2,\"Rome\"x\n"
                .getBytes(StandardCharsets.UTF_8),
            LONG_AGO);
    List<RowData> rows = rows(format().createReader(new Configuration(), split));
    LayerSchema layout = LayerSchemas.bronze(TRIPS);
    int corrupt = layout.position(MetadataColumns.CORRUPT_RECORD);
    int parseError = layout.position(MetadataColumns.PARSE_ERROR);

    assertThat(rows)
        .extracting(r -> r.getString(corrupt).toString())
        .containsExactly("1,\"Oslo\nNorway\",extra", "2,\"Rome\"x");
    assertThat(rows.get(0).getString(parseError).toString())
        .isEqualTo(
            "Cannot parse line: expected 2 fields separated by ',' but found 3"
                + " (landing/trips/w.csv line 2). Fix the file or the declared columns of source"
                + " 'trips'.");
    assertThat(rows.get(1).getString(parseError).toString())
        .isEqualTo(
            "Cannot parse line: field 2 ('city') has 'x' after its closing quote on line 4: a"
                + " quoted field ends at its closing quote (landing/trips/w.csv line 4). Fix the"
                + " quoting in the file.");
  }

  @Test
  void readsCustomQuoteAndEscapeInLatin1() throws IOException {
    SourceSpec latin1 =
        PipelineSpecLoader.parse(
                """
                name: trips
                sources:
                  trips:
                    csv: {delimiter: ';', quote: "'", escape: '\\', encoding: ISO-8859-1}
                    columns: {trip_id: int, city: string}
                """,
                "trips.yaml")
            .source("trips");
    FileSourceSplit split =
        rawSplit(
            "l.csv",
            "trip_id;city\n1;'M\u00fcnchen; \\'Bayern\\''\n2;D\u00fcsseldorf\n"
                .getBytes(StandardCharsets.ISO_8859_1),
            LONG_AGO);
    LandingBulkFormat format =
        LandingBulkFormat.of(
            CsvRecordParser.of(latin1),
            LandingFileNames.of(landing.toString(), "landing"),
            LayerSchemas.bronze(latin1),
            Map.of());

    assertThat(readAll(format.createReader(new Configuration(), split)))
        .containsExactly(
            "2+0: 1,M\u00fcnchen; 'Bayern' / landing/trips/l.csv:2",
            "3+0: 2,D\u00fcsseldorf / landing/trips/l.csv:3");
  }

  @Test
  void readsGzipAndZstdFilesWholeOnceSettledAndNothingBefore() throws IOException {
    byte[] csv = "trip_id,city\n1,\"Oslo\nNorway\"\n2,Rome\n".getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gzip)) {
      out.write(csv);
    }
    byte[] zstd = com.github.luben.zstd.Zstd.compress(csv);

    for (var file : Map.of("t.csv.gz", gzip.toByteArray(), "t.csv.zst", zstd).entrySet()) {
      FileSourceSplit settled = rawSplit(file.getKey(), file.getValue(), LONG_AGO);
      assertThat(readAll(format().createReader(new Configuration(), settled)))
          .containsExactly(
              "2+0: 1,Oslo\nNorway / landing/trips/" + file.getKey() + ":2",
              "4+0: 2,Rome / landing/trips/" + file.getKey() + ":4");
      assertThat(format().countLines(landingFile(settled), 0)).isEqualTo(2);

      FileSourceSplit writing =
          rawSplit(file.getKey(), file.getValue(), System.currentTimeMillis());
      assertThat(readAll(format().createReader(new Configuration(), writing))).isEmpty();
      assertThat(format().countLines(landingFile(writing), 0)).isZero();
    }
  }

  private static List<RowData> rows(BulkFormat.Reader<RowData> reader) throws IOException {
    List<RowData> rows = new ArrayList<>();
    try (reader) {
      BulkFormat.RecordIterator<RowData> batch;
      while ((batch = reader.readBatch()) != null) {
        for (RecordAndPosition<RowData> r; (r = batch.next()) != null; ) {
          rows.add(r.getRecord());
        }
      }
    }
    return rows;
  }

  private static LandingFile landingFile(FileSourceSplit split) {
    return new LandingFile(
        split.path(), split.fileSize(), split.fileModificationTime(), split.length());
  }

  private FileSourceSplit split(FileSourceSplit positioned) {
    return new FileSourceSplit(
        positioned.splitId(),
        positioned.path(),
        positioned.offset(),
        positioned.length(),
        positioned.fileModificationTime(),
        positioned.fileSize());
  }
}
