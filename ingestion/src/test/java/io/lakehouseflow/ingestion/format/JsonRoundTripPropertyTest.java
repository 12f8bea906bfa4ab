package io.lakehouseflow.ingestion.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.data.RowData;

/**
 * Random records (awkward strings, any long and double, booleans, nulls, missing fields, nested
 * objects and arrays, an undeclared field) written by Jackson as JSON Lines, with LF or CRLF, blank
 * lines and optionally gzip, are read back by bronze's reader value by value, and again from every
 * record position a checkpoint or resume point can hold; the conservation count agrees.
 */
class JsonRoundTripPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COLUMNS = List.of("s", "l", "d", "b", "nested");
  private static final SourceSpec SOURCE =
      PipelineSpecLoader.parse(
              """
              name: p
              sources:
                t:
                  format: json
                  columns: {s: string, l: bigint, d: double, b: boolean, nested: string}
              """,
              "p.yaml")
          .source("t");

  private final List<Path> directories = new ArrayList<>();

  /** One generated file: its records (a value per field, absent when missing) and its layout. */
  record Case(List<Map<String, Object>> records, String lineBreak, int blankEvery, boolean gzip) {}

  @Property(tries = 300)
  void everyValueReadsBackAsWrittenFromAnyRecordPosition(@ForAll("cases") Case generated)
      throws IOException {
    Path landing = Files.createTempDirectory("json-round-trip-");
    directories.add(landing);
    Path file = landing.resolve("t/t.jsonl" + (generated.gzip() ? ".gz" : ""));
    List<Long> lines = write(file, generated);
    LandingBulkFormat format =
        LandingBulkFormat.of(
            RecordFormat.of(SOURCE),
            LandingFileNames.of(landing.toString(), "landing"),
            LayerSchemas.bronze(SOURCE),
            Map.of());
    FileSourceSplit split =
        new FileSourceSplit(
            "0",
            new org.apache.flink.core.fs.Path(file.toUri()),
            0,
            Files.size(file),
            0L,
            Files.size(file));
    LayerSchema layout = LayerSchemas.bronze(SOURCE);

    List<Row> read = read(format.createReader(new Configuration(), split), layout);

    List<Row> expected = new ArrayList<>();
    for (int i = 0; i < generated.records().size(); i++) {
      expected.add(expected(lines.get(i), generated.records().get(i)));
    }
    assertThat(read).containsExactlyElementsOf(expected);
    LandingFile whole = new LandingFile(split.path(), split.fileSize(), 0L, split.length());
    assertThat(format.countLines(whole, 0)).isEqualTo(expected.size());
    for (int k = 0; k < read.size(); k++) {
      long lastEmitted = read.get(k).line();
      List<Row> rest =
          read(
              format.restoreReader(
                  new Configuration(),
                  split.updateWithCheckpointedPosition(new CheckpointedPosition(lastEmitted, 0))),
              layout);
      assertThat(rest).containsExactlyElementsOf(read.subList(k + 1, read.size()));
      assertThat(format.countLines(whole, lastEmitted)).isEqualTo(read.size() - k - 1);
    }
  }

  @AfterProperty
  void deleteFiles() throws IOException {
    for (Path dir : directories) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    directories.clear();
  }

  /** A row as read: its line, its columns' values as Java values, rescued and corrupt text. */
  record Row(long line, List<Object> values, String rescued, String corrupt) {}

  private static Row expected(long line, Map<String, Object> record) throws IOException {
    List<Object> values = new ArrayList<>();
    for (String column : COLUMNS) {
      Object value = record.get(column);
      values.add(
          value instanceof Map || value instanceof List ? JSON.writeValueAsString(value) : value);
    }
    Object extra = record.get("extra");
    String rescued =
        extra == null ? null : JSON.writeValueAsString(Collections.singletonMap("extra", extra));
    return new Row(line, values, rescued, null);
  }

  /** Writes the records one per line, a blank line after every {@code blankEvery}-th. */
  private static List<Long> write(Path file, Case c) throws IOException {
    Files.createDirectories(file.getParent());
    List<Long> lines = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    long line = 0;
    for (int i = 0; i < c.records().size(); i++) {
      text.append(JSON.writeValueAsString(c.records().get(i))).append(c.lineBreak());
      lines.add(++line);
      if ((i + 1) % c.blankEvery() == 0) {
        text.append(i % 2 == 0 ? "" : " \t").append(c.lineBreak());
        line++;
      }
    }
    try (OutputStream out =
        c.gzip()
            ? new GZIPOutputStream(Files.newOutputStream(file))
            : Files.newOutputStream(file)) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    return lines;
  }

  private static List<Row> read(BulkFormat.Reader<RowData> reader, LayerSchema layout)
      throws IOException {
    int recordNumber = layout.position(MetadataColumns.RECORD_NUMBER);
    int rescued = layout.position(MetadataColumns.RESCUED_DATA);
    int corrupt = layout.position(MetadataColumns.CORRUPT_RECORD);
    int parseError = layout.position(MetadataColumns.PARSE_ERROR);
    List<Row> rows = new ArrayList<>();
    try (reader) {
      BulkFormat.RecordIterator<RowData> batch;
      while ((batch = reader.readBatch()) != null) {
        for (RecordAndPosition<RowData> r; (r = batch.next()) != null; ) {
          RowData row = r.getRecord();
          assertThat(r.getOffset()).isEqualTo(row.getLong(recordNumber));
          int s = layout.position("s");
          int l = layout.position("l");
          int d = layout.position("d");
          int b = layout.position("b");
          int nested = layout.position("nested");
          List<Object> values =
              Arrays.asList(
                  row.isNullAt(s) ? null : row.getString(s).toString(),
                  row.isNullAt(l) ? null : row.getLong(l),
                  row.isNullAt(d) ? null : row.getDouble(d),
                  row.isNullAt(b) ? null : row.getBoolean(b),
                  row.isNullAt(nested) ? null : row.getString(nested).toString());
          rows.add(
              new Row(
                  row.getLong(recordNumber),
                  values,
                  row.isNullAt(rescued) ? null : row.getString(rescued).toString(),
                  row.isNullAt(corrupt)
                      ? null
                      : row.getString(corrupt) + " / " + row.getString(parseError)));
        }
      }
    }
    return rows;
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> strings =
        Arbitraries.of(
                "a",
                "7",
                " ",
                "\"",
                "\\",
                "/",
                "\n",
                "\r",
                "\t",
                "\u0001",
                "\u00e9",
                "\u65e5",
                "\ud83d\ude00",
                "{",
                "}",
                "[",
                ",",
                ":",
                "null")
            .list()
            .ofMaxSize(8)
            .map(parts -> String.join("", parts));
    Arbitrary<Object> nested =
        Arbitraries.oneOf(
            Combinators.combine(strings, Arbitraries.longs())
                .as((k, v) -> (Object) orderedMap("k" + k, v, "list", List.of(v, k))),
            Arbitraries.longs().list().ofMaxSize(3).map(list -> (Object) list),
            Arbitraries.just((Object) Map.of()));
    Arbitrary<Map<String, Object>> records =
        Combinators.combine(
                maybe(strings.map(s -> (Object) s)),
                maybe(Arbitraries.longs().map(v -> (Object) v)),
                maybe(Arbitraries.doubles().filter(Double::isFinite).map(v -> (Object) v)),
                maybe(Arbitraries.of(true, false).map(v -> (Object) v)),
                maybe(nested),
                maybe(Arbitraries.oneOf(strings.map(s -> (Object) s), nested)),
                Arbitraries.shuffle(0, 1, 2, 3, 4, 5))
            .as(
                (s, l, d, b, n, extra, order) -> {
                  List<Object> values = Arrays.asList(s, l, d, b, n, extra);
                  List<String> names = List.of("s", "l", "d", "b", "nested", "extra");
                  Map<String, Object> record = new LinkedHashMap<>();
                  for (int i : order) {
                    Object value = values.get(i);
                    if (value != Absent.FIELD) {
                      record.put(names.get(i), value);
                    }
                  }
                  return record;
                });
    return Combinators.combine(
            records.list().ofMaxSize(10),
            Arbitraries.of("\n", "\r\n"),
            Arbitraries.integers().between(1, 5),
            Arbitraries.of(false, true))
        .as(Case::new);
  }

  /** A field left out of its record, which reads NULL as a JSON null does. */
  private enum Absent {
    FIELD
  }

  private static Arbitrary<Object> maybe(Arbitrary<Object> values) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just(Absent.FIELD)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just((Object) null)),
        net.jqwik.api.Tuple.of(4, values));
  }

  private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
