package io.lakehouseflow.ingestion.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed state of a real bronze table read through its cache: always what a read of all of
 * bronze gives, while reading only the data files committed since the cached snapshot.
 */
class CommittedLinesTest {
  private static final PipelineSpec SPEC =
      PipelineSpecLoader.parse(
          """
          name: state-test
          sources:
            orders:
              columns: {order_id: bigint}
          """,
          "state-test.yaml");

  @TempDir Path dir;
  private LakehouseCatalog catalog;
  private Table bronze;
  private org.apache.flink.core.fs.Path cache;

  @BeforeEach
  void createBronze() {
    catalog = PipelineRun.of(SPEC, new DataLayout(dir), RunMode.AVAILABLE_NOW).catalog();
    bronze = create();
    cache = new org.apache.flink.core.fs.Path(dir.resolve("state/orders.state").toUri());
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void theCachedStateAlwaysEqualsAReadOfAllOfBronze() {
    assertThat(CommittedLines.of(bronze, cache).lastLine()).isEmpty();

    append(lines("a.csv", 1, 3, 300));
    assertSameAsFullRead(Map.of("a.csv", 3L), Map.of("a.csv", 300L));

    // One data file with two landing files: read from its columns, not its bounds.
    append(lines("b.csv", 1, 2, 20), lines("a.csv", 4, 5, 500));
    assertSameAsFullRead(Map.of("a.csv", 5L, "b.csv", 2L), Map.of("a.csv", 500L, "b.csv", 20L));

    append(lines("c.csv", 1, 1, 10));
    assertSameAsFullRead(
        Map.of("a.csv", 5L, "b.csv", 2L, "c.csv", 1L),
        Map.of("a.csv", 500L, "b.csv", 20L, "c.csv", 10L));
    assertThat(Files.exists(dir.resolve("state/orders.state"))).isTrue();
  }

  @Test
  void readsOnlyTheDataFilesCommittedSinceTheCachedSnapshot() throws IOException {
    DataFile mixed = append(lines("a.csv", 1, 4, 400), lines("b.csv", 1, 2, 20));
    CommittedLines.of(bronze, cache);
    // Gone from disk: a read of all of bronze needs it, a read from the cache does not.
    Files.delete(Path.of(mixed.location().replaceFirst("^file:", "")));
    append(lines("c.csv", 1, 7, 70));
    bronze.refresh();

    assertThat(CommittedLines.of(bronze, cache).lastLine())
        .isEqualTo(Map.of("a.csv", 4L, "b.csv", 2L, "c.csv", 7L));
    assertThatThrownBy(() -> CommittedLines.of(bronze)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void aCacheOfAnotherTableOrUnreadableIsIgnored() throws IOException {
    append(lines("a.csv", 1, 9, 900));
    CommittedLines.of(bronze, cache);

    // A reset drops and recreates the table: the cache of the old one must not leak into it.
    catalog.catalog().dropTable(TableNames.bronze("orders"), true);
    bronze = create();
    append(lines("z.csv", 1, 2, 20));
    assertThat(CommittedLines.of(bronze, cache).lastLine()).isEqualTo(Map.of("z.csv", 2L));

    Files.writeString(dir.resolve("state/orders.state"), "not a state file");
    append(lines("y.csv", 1, 1, 10));
    assertThat(CommittedLines.of(bronze, cache).lastLine())
        .isEqualTo(Map.of("z.csv", 2L, "y.csv", 1L));
  }

  @Test
  void aFileIsWhollyInBronzeOnlyAtItsIngestedSizeAndEndingWithALineBreak() throws IOException {
    Path complete = dir.resolve("complete.csv");
    Files.writeString(complete, "order_id\n1\n");
    Path unterminated = dir.resolve("unterminated.csv");
    Files.writeString(unterminated, "order_id\n1");
    long size = Files.size(complete);
    CommittedLines committed =
        new CommittedLines(
            Map.of("complete.csv", 1L, "unterminated.csv", 1L),
            Map.of("complete.csv", size, "unterminated.csv", Files.size(unterminated)));

    assertThat(committed.holdsAllOf(landing(complete, size), "complete.csv")).isTrue();
    assertThat(committed.holdsAllOf(landing(complete, size + 1), "complete.csv"))
        .as("grown since")
        .isFalse();
    assertThat(
            committed.holdsAllOf(
                landing(unterminated, Files.size(unterminated)), "unterminated.csv"))
        .as("its last line may have been withheld")
        .isFalse();
    assertThat(committed.holdsAllOf(landing(complete, size), "other.csv")).isFalse();
  }

  private void assertSameAsFullRead(Map<String, Long> lastLine, Map<String, Long> fileSize) {
    bronze.refresh();
    CommittedLines cached = CommittedLines.of(bronze, cache);
    assertThat(cached).isEqualTo(CommittedLines.of(bronze));
    assertThat(cached.lastLine()).isEqualTo(lastLine);
    assertThat(cached.fileSize()).isEqualTo(fileSize);
  }

  private Table create() {
    return catalog.createTableIfAbsent(
        LayerSchemas.bronze(SPEC.source("orders")),
        Map.of(
            TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + MetadataColumns.SOURCE_FILE, "full"));
  }

  private static LandingFile landing(Path file, long size) {
    return new LandingFile(new org.apache.flink.core.fs.Path(file.toUri()), size, 0, size);
  }

  /** Rows for lines {@code from..to} of landing file {@code name}, read at {@code size} bytes. */
  private record Lines(String name, long from, long to, long size) {}

  private static Lines lines(String name, long from, long to, long size) {
    return new Lines(name, from, to, size);
  }

  /** Appends one data file holding {@code parts}, as one commit. */
  private DataFile append(Lines... parts) {
    Schema schema = bronze.schema();
    String location = bronze.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        new GenericAppenderFactory(schema)
            .set(
                TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + MetadataColumns.SOURCE_FILE,
                "full")
            .newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(bronze.io().newOutputFile(location)),
                FileFormat.PARQUET,
                null);
    try (writer) {
      for (Lines part : List.of(parts)) {
        for (long line = part.from(); line <= part.to(); line++) {
          GenericRecord record = GenericRecord.create(schema);
          record.setField("order_id", line);
          record.setField(MetadataColumns.SOURCE_FILE, part.name());
          record.setField(MetadataColumns.RECORD_NUMBER, line);
          record.setField(MetadataColumns.FILE_SIZE, part.size());
          writer.write(record);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataFile file = writer.toDataFile();
    bronze.newAppend().appendFile(file).commit();
    bronze.refresh();
    return file;
  }
}
