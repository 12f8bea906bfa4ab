package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRows;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV as files are really written, landed into Iceberg bronze tables by available-now runs: quoted
 * fields spanning lines, CRLF, another quote and escape in ISO-8859-1, gzip and zstd; malformed
 * multi-line records kept as corrupt rows; and a file growing in the middle of a quoted field,
 * resumed after its last committed record. Each run ends with the conservation check, which counts
 * records by the reader's rules.
 */
class BronzeCsvFormatsITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: csv-formats
          sources:
            notes:
              columns: {note_id: bigint, body: string, score: int}
            crlf:
              columns: {note_id: bigint, body: string, score: int}
            latin:
              csv: {delimiter: ';', quote: "'", escape: '\\', encoding: ISO-8859-1, null_value: NULL}
              columns: {note_id: bigint, body: string, score: int}
            packed:
              columns: {note_id: bigint, body: string, score: int}
          """,
          "csv-formats.yaml");

  private static final String HEADER = "note_id,body,score\n";

  @TempDir Path dataDir;

  private PipelineRun run() {
    return PipelineRun.of(SPEC, new DataLayout(dataDir), RunMode.AVAILABLE_NOW);
  }

  private Path write(String relativePath, byte[] content) throws IOException {
    Path file = dataDir.resolve("landing").resolve(relativePath);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void settle(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
  }

  @Test
  @Timeout(300)
  void landsMultiLineCrlfLatin1GzipAndZstdFilesWithEveryRowValid() throws Exception {
    write(
        "notes/n-1.csv",
        utf8(
            HEADER
                + "1,\"first line\nsecond, with a comma\",5\n"
                + "2,\"she said \"\"hi\"\"\",6\n"
                + "3,plain,7\n"));
    write("crlf/c-1.csv", utf8("note_id,body,score\r\n1,\"a\r\nb\",5\r\n2,plain,6\r\n"));
    write(
        "latin/l-1.csv",
        "note_id;body;score\n1;'M\u00fcller; \\'Z\u00fcrich\\'';5\n2;NULL;6\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
      out.write(utf8(HEADER + "1,\"zipped\nbody\",5\n"));
    }
    // Compressed files are read once settled: a compressed stream cannot be cut at a line break.
    settle(write("packed/p-1.csv.gz", gzip.toByteArray()));
    settle(write("packed/p-2.csv.zst", Zstd.compress(utf8(HEADER + "2,zstd,6\n"))));

    BronzeJob.forRun(run()).runToCompletion();

    LakehouseCatalog catalog = run().catalog();
    assertThat(bronzeRows(catalog, SPEC.source("notes")))
        .containsExactly(
            "landing/notes/n-1.csv:2 | 1,first line\nsecond, with a comma,5 | null | null",
            "landing/notes/n-1.csv:4 | 2,she said \"hi\",6 | null | null",
            "landing/notes/n-1.csv:5 | 3,plain,7 | null | null");
    assertThat(bronzeRows(catalog, SPEC.source("crlf")))
        .containsExactly(
            "landing/crlf/c-1.csv:2 | 1,a\r\nb,5 | null | null",
            "landing/crlf/c-1.csv:4 | 2,plain,6 | null | null");
    assertThat(bronzeRows(catalog, SPEC.source("latin")))
        .containsExactly(
            "landing/latin/l-1.csv:2 | 1,M\u00fcller; 'Z\u00fcrich',5 | null | null",
            "landing/latin/l-1.csv:3 | 2,null,6 | null | null");
    assertThat(bronzeRows(catalog, SPEC.source("packed")))
        .containsExactly(
            "landing/packed/p-1.csv.gz:2 | 1,zipped\nbody,5 | null | null",
            "landing/packed/p-2.csv.zst:2 | 2,zstd,6 | null | null");
  }

  @Test
  @Timeout(300)
  void keepsMalformedMultiLineRecordsAsCorruptAndResumesAGrowingFileAfterItsLastRecord()
      throws Exception {
    settle(
        write(
            "notes/n-2.csv",
            utf8(
                HEADER
                    + "1,\"ok\nfine\",5\n"
                    + "2,\"bad\nrecord\",x\n"
                    + "3,\"never closed,7\n"
                    + "4,after,8\n")));
    // Being written, in the middle of a quoted field and of a line: the readable part ends at the
    // last line break, inside the quote, so that record waits for the rest. (A file ending with a
    // line break inside a quote is final: its open quote is malformed, see CsvBulkFormatTest.)
    Path growing = write("notes/n-3.csv", utf8(HEADER + "1,\"a\nb\",5\n2,\"cut\nhe"));

    BronzeJob.forRun(run()).runToCompletion();

    LakehouseCatalog catalog = run().catalog();
    List<String> first =
        List.of(
            "landing/notes/n-2.csv:2 | 1,ok\nfine,5 | null | null",
            "landing/notes/n-2.csv:4 | null,null,null | 2,\"bad\nrecord\",x | Cannot parse field"
                + " 'score' value 'x' as int (landing/notes/n-2.csv line 4). Fix the file or"
                + " declare the column as string.",
            "landing/notes/n-2.csv:6 | null,null,null | 3,\"never closed,7 | Cannot parse line:"
                + " field 2 ('body') opens a quote on line 6 that is never closed: the file ends"
                + " inside it, on line 8. This row keeps the text up to the end of line 6, and"
                + " reading went on at line 7 (landing/notes/n-2.csv line 6). Fix the quoting in"
                + " the file.",
            "landing/notes/n-2.csv:7 | 4,after,8 | null | null",
            "landing/notes/n-3.csv:2 | 1,a\nb,5 | null | null");
    assertThat(bronzeRows(catalog, SPEC.source("notes"))).isEqualTo(first);

    Files.writeString(growing, "re\",6\n3,\"c\nd\",7\n", StandardOpenOption.APPEND);
    BronzeJob.forRun(run()).runToCompletion();
    BronzeJob.forRun(run()).runToCompletion();

    assertThat(bronzeRows(catalog, SPEC.source("notes")))
        .containsExactly(
            first.get(0),
            first.get(1),
            first.get(2),
            first.get(3),
            first.get(4),
            "landing/notes/n-3.csv:4 | 2,cut\nhere,6 | null | null",
            "landing/notes/n-3.csv:6 | 3,c\nd,7 | null | null");
  }
}
