package io.lakehouseflow.ingestion;

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
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.TableContents;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON Lines landing files ingested into a real bronze table: typed values by field name, zoned
 * timestamps in UTC, nested values as JSON text, undeclared fields rescued, malformed lines kept as
 * corrupt rows, gzip read whole; a later run reads only the new file, nothing lost or doubled (the
 * run's conservation check counts JSON records too).
 */
class BronzeJsonITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String FIRST = "landing/events/events-1.jsonl";
  private static final String SECOND = "landing/events/events-2.jsonl.gz";

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void ingestsJsonLinesAndResumesWithTheNextFile() throws Exception {
    PipelineRun run = run();
    LakehouseCatalog catalog = run.catalog();
    land(
        dataDir,
        "events/events-1.jsonl",
        "{\"event_id\": 1, \"at\": \"2024-03-01T10:15:30+02:00\", \"amount\": 12.5,"
            + " \"paid\": true, \"payload\": {\"items\": [1, 2], \"note\": \"x\"}}",
        "",
        "{\"event_id\": 2, \"at\": \"2024-03-01T10:15:30Z\", \"gate\": \"B12\","
            + " \"amount\": \"lots\"}",
        "{\"event_id\": 3,",
        "[\"not\", \"an\", \"object\"]",
        "{\"AT\": \"2024-03-01 10:15:30-05:00\", \"event_id\": 6, \"payload\": [\"a\"]}");

    BronzeJob.forRun(run).runToCompletion();

    assertThat(rows(catalog))
        .containsExactly(
            FIRST
                + ":1 | 1, 2024-03-01T08:15:30, 12.50, true, {\"items\": [1, 2], \"note\": \"x\"}"
                + " | null | null",
            FIRST
                + ":3 | 2, 2024-03-01T10:15:30, null, null, null"
                + " | {\"gate\":\"B12\",\"amount\":\"lots\"} | null",
            FIRST + ":4 | null, null, null, null, null | null | {\"event_id\": 3,",
            FIRST + ":5 | null, null, null, null, null | null | [\"not\", \"an\", \"object\"]",
            FIRST + ":6 | 6, 2024-03-01T15:15:30, null, null, [\"a\"] | null | null");
    List<Record> records = records(catalog);
    assertThat(records.get(2).getField(MetadataColumns.PARSE_ERROR).toString())
        .startsWith("Cannot parse line as JSON: Unexpected end-of-input")
        .endsWith("(" + FIRST + " line 4). Fix the JSON in the file.");
    assertThat(records.get(3).getField(MetadataColumns.PARSE_ERROR))
        .isEqualTo(
            "Cannot parse line: it holds a JSON array, not a JSON object ("
                + FIRST
                + " line 5). Write one JSON object per line, such as {\"id\": 1}.");

    // A second, gzip-compressed file: the next run reads it alone, after the first file's rows.
    landGzip(
        "events/events-2.jsonl.gz",
        "{\"event_id\": 7, \"amount\": 1}\r\n{\"event_id\": 8, \"extra\": {\"k\": null}}\r\n");
    BronzeJob.forRun(run).runToCompletion();

    List<String> after = rows(catalog);
    assertThat(after).hasSize(7);
    assertThat(after.subList(5, 7))
        .containsExactly(
            SECOND + ":1 | 7, null, 1.00, null, null | null | null",
            SECOND + ":2 | 8, null, null, null, null | {\"extra\":{\"k\": null}} | null");
    // Nothing new: nothing read twice.
    BronzeJob.forRun(run).runToCompletion();
    assertThat(rows(catalog)).isEqualTo(after);
  }

  private PipelineRun run() {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: json
            sources:
              events:
                format: json
                columns:
                  event_id: bigint
                  at: timestamp
                  amount: decimal(10,2)
                  paid: boolean
                  payload: string
            """,
            "json.yaml");
    return PipelineRun.of(spec, new DataLayout(dataDir), RunMode.AVAILABLE_NOW);
  }

  /** Writes a gzip file settled long ago, so that the run reads it whole. */
  private void landGzip(String relativePath, String text) throws IOException {
    Path file = dataDir.resolve("landing").resolve(relativePath);
    Path hidden = file.resolveSibling("." + file.getFileName() + ".inprogress");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(hidden))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Files.setLastModifiedTime(hidden, FileTime.from(Instant.now().minusSeconds(3600)));
    Files.move(hidden, file);
  }

  /** {@code file:line | columns | _rescued_data | _corrupt_record}, sorted by file and line. */
  private static List<String> rows(LakehouseCatalog catalog) {
    return records(catalog).stream()
        .map(
            r ->
                r.getField(MetadataColumns.SOURCE_FILE)
                    + ":"
                    + r.getField(MetadataColumns.RECORD_NUMBER)
                    + " | "
                    + Stream.of("event_id", "at", "amount", "paid", "payload")
                        .map(c -> String.valueOf(value(r.getField(c))))
                        .collect(Collectors.joining(", "))
                    + " | "
                    + r.getField(MetadataColumns.RESCUED_DATA)
                    + " | "
                    + r.getField(MetadataColumns.CORRUPT_RECORD))
        .toList();
  }

  private static Object value(Object value) {
    return value instanceof LocalDateTime t ? t.toString() : value;
  }

  private static List<Record> records(LakehouseCatalog catalog) {
    return TableContents.of(catalog, TableNames.bronze("events"))
        .sortedBy(MetadataColumns.SOURCE_FILE, MetadataColumns.RECORD_NUMBER)
        .records();
  }
}
