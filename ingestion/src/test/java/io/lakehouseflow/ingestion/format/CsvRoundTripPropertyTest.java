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
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.table.data.RowData;

/**
 * Tables of awkward values (delimiters, quotes, escapes, CR and LF, spaces, empty, unicode) written
 * by commons-csv's printer in random dialects, encodings and compressions are read back by bronze's
 * reader field by field, and again from every record position a checkpoint or resume point can
 * hold; the conservation count agrees with what is read.
 */
class CsvRoundTripPropertyTest {
  private final List<Path> directories = new ArrayList<>();

  /** One generated file: its dialect and its table. */
  record Case(
      char delimiter,
      char quote,
      Character escape,
      String recordSeparator,
      QuoteMode quoteMode,
      boolean header,
      String encoding,
      boolean gzip,
      int columns,
      List<List<String>> rows) {}

  @Property(tries = 300)
  void everyValueReadsBackAsWrittenFromAnyRecordPosition(@ForAll("cases") Case generated)
      throws IOException {
    Path landing = Files.createTempDirectory("csv-round-trip-");
    directories.add(landing);
    SourceSpec source = source(generated);
    Path file = landing.resolve("t/t.csv" + (generated.gzip() ? ".gz" : ""));
    write(file, generated);
    LandingBulkFormat format =
        LandingBulkFormat.of(
            CsvRecordParser.of(source),
            LandingFileNames.of(landing.toString(), "landing"),
            LayerSchemas.bronze(source),
            java.util.Map.of());
    FileSourceSplit split =
        new FileSourceSplit(
            "0",
            new org.apache.flink.core.fs.Path(file.toUri()),
            0,
            Files.size(file),
            0L,
            Files.size(file));
    LayerSchema layout = LayerSchemas.bronze(source);

    List<Row> read = read(format.createReader(new Configuration(), split), layout, generated);

    List<List<String>> expected =
        generated.rows().stream()
            .map(r -> r.stream().map(v -> v.isEmpty() ? null : v).toList())
            .toList();
    assertThat(read).extracting(Row::values).containsExactlyElementsOf(expected);
    assertThat(read).allMatch(r -> r.corrupt() == null, "no row is corrupt");
    LandingFile whole = new LandingFile(split.path(), split.fileSize(), 0L, split.length());
    assertThat(format.countLines(whole, 0)).isEqualTo(expected.size());
    for (int k = 0; k < read.size(); k++) {
      long lastEmitted = read.get(k).line();
      List<Row> rest =
          read(
              format.restoreReader(
                  new Configuration(),
                  split.updateWithCheckpointedPosition(new CheckpointedPosition(lastEmitted, 0))),
              layout,
              generated);
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

  record Row(long line, List<String> values, String corrupt) {}

  private static List<Row> read(BulkFormat.Reader<RowData> reader, LayerSchema layout, Case c)
      throws IOException {
    int recordNumber = layout.position(MetadataColumns.RECORD_NUMBER);
    int corrupt = layout.position(MetadataColumns.CORRUPT_RECORD);
    int parseError = layout.position(MetadataColumns.PARSE_ERROR);
    List<Row> rows = new ArrayList<>();
    try (reader) {
      BulkFormat.RecordIterator<RowData> batch;
      while ((batch = reader.readBatch()) != null) {
        for (RecordAndPosition<RowData> r; (r = batch.next()) != null; ) {
          RowData row = r.getRecord();
          List<String> values = new ArrayList<>();
          for (int i = 0; i < c.columns(); i++) {
            int at = layout.position(column(i));
            values.add(row.isNullAt(at) ? null : row.getString(at).toString());
          }
          assertThat(r.getOffset()).isEqualTo(row.getLong(recordNumber));
          rows.add(
              new Row(
                  row.getLong(recordNumber),
                  values,
                  row.isNullAt(corrupt)
                      ? null
                      : row.getString(corrupt) + " / " + row.getString(parseError)));
        }
      }
    }
    return rows;
  }

  private static String column(int i) {
    return "c" + i;
  }

  private static SourceSpec source(Case c) {
    String columns =
        IntStream.range(0, c.columns())
            .mapToObj(i -> column(i) + ": string")
            .collect(Collectors.joining(", "));
    String yaml =
        "name: p\nsources:\n  t:\n    csv: {delimiter: '"
            + yamlChar(c.delimiter())
            + "', quote: '"
            + yamlChar(c.quote())
            + "'"
            + (c.escape() == null ? "" : ", escape: '" + yamlChar(c.escape()) + "'")
            + ", header: "
            + c.header()
            + ", encoding: "
            + c.encoding()
            + "}\n    columns: {"
            + columns
            + "}\n";
    return PipelineSpecLoader.parse(yaml, "p.yaml").source("t");
  }

  /** A character inside a single-quoted YAML scalar (a tab is written as is). */
  private static String yamlChar(char c) {
    return c == '\'' ? "''" : String.valueOf(c);
  }

  private static void write(Path file, Case c) throws IOException {
    Files.createDirectories(file.getParent());
    CSVFormat.Builder format =
        CSVFormat.DEFAULT
            .builder()
            .setDelimiter(c.delimiter())
            .setQuote(c.quote())
            .setEscape(c.escape())
            .setRecordSeparator(c.recordSeparator())
            .setQuoteMode(c.quoteMode());
    if (c.header()) {
      format.setHeader(
          IntStream.range(0, c.columns()).mapToObj(i -> column(i)).toArray(String[]::new));
    }
    try (OutputStream bytes =
            c.gzip()
                ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file);
        Writer text = new OutputStreamWriter(bytes, Charset.forName(c.encoding()));
        CSVPrinter printer = new CSVPrinter(text, format.get())) {
      for (List<String> row : c.rows()) {
        printer.printRecord(row);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Character> delimiters = Arbitraries.of(',', ';', '\t', '|');
    Arbitrary<Character> quotes = Arbitraries.of('"', '\'');
    return Combinators.combine(
            delimiters,
            quotes,
            Arbitraries.of(false, true),
            Arbitraries.of("\n", "\r\n"),
            Arbitraries.of(QuoteMode.MINIMAL, QuoteMode.ALL, QuoteMode.NON_NUMERIC),
            Arbitraries.of(false, true),
            Arbitraries.of("UTF-8", "ISO-8859-1"),
            Arbitraries.of(false, true))
        .flatAs(
            (delimiter, quote, escaped, separator, mode, header, encoding, gzip) -> {
              String alphabet =
                  "ab7 ,;|\t\"'\\\r\n#-"
                      + (encoding.equals("UTF-8") ? "\u00e9\u65e5\ud83d\ude00" : "\u00e9\u00fc");
              Arbitrary<String> values =
                  Arbitraries.frequencyOf(
                      Tuple.of(1, Arbitraries.just("")),
                      Tuple.of(
                          6,
                          Arbitraries.of(codePoints(alphabet))
                              .list()
                              .ofMinSize(1)
                              .ofMaxSize(8)
                              .map(CsvRoundTripPropertyTest::text)));
              return Arbitraries.integers()
                  .between(2, 4)
                  .flatMap(
                      columns ->
                          values
                              .list()
                              .ofSize(columns)
                              .list()
                              .ofMaxSize(12)
                              .map(
                                  rows ->
                                      new Case(
                                          delimiter,
                                          quote,
                                          escaped ? '\\' : null,
                                          separator,
                                          mode,
                                          header,
                                          encoding,
                                          gzip,
                                          columns,
                                          rows)));
            });
  }

  private static List<String> codePoints(String alphabet) {
    return alphabet.codePoints().mapToObj(Character::toString).toList();
  }

  private static String text(List<String> codePoints) {
    return String.join("", codePoints);
  }
}
