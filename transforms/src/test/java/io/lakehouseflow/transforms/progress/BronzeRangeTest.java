package io.lakehouseflow.transforms.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BronzeRangeTest {
  private static final String RESET = "./lakehouse reset --layer silver";

  @TempDir Path warehouse;

  private Table bronze;

  @BeforeEach
  void createBronze() {
    HadoopCatalog catalog =
        new HadoopCatalog(new org.apache.hadoop.conf.Configuration(), warehouse.toString());
    bronze =
        catalog.createTable(
            TableIdentifier.of("bronze", "bookings"),
            new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())),
            PartitionSpec.unpartitioned());
  }

  /** Commits one append snapshot; the file is metadata only, never read. */
  private long append(String file) {
    bronze
        .newAppend()
        .appendFile(
            DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(warehouse.resolve(file).toString())
                .withFileSizeInBytes(10)
                .withRecordCount(1)
                .build())
        .commit();
    return bronze.currentSnapshot().snapshotId();
  }

  @Test
  void emptyBronzeHasNothingToRead() {
    BronzeRange range = BronzeRange.of(bronze, Optional.empty(), "silver.bookings", RESET);
    assertThat(range.isEmpty()).isTrue();
    assertThatThrownBy(range::batchOptions).hasMessageContaining("Cannot read an empty range");
  }

  @Test
  void firstRunReadsTheWholeTablePinnedToItsCurrentSnapshot() {
    append("a.parquet");
    long current = append("b.parquet");
    BronzeRange range = BronzeRange.of(bronze, Optional.empty(), "silver.bookings", RESET);
    assertThat(range.batchOptions()).isEqualTo(Map.of("snapshot-id", Long.toString(current)));
    assertThat(range.streamingOptions(Duration.ofSeconds(5)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "streaming", "true",
                "monitor-interval", "5000ms",
                "starting-strategy", "TABLE_SCAN_THEN_INCREMENTAL"));
  }

  @Test
  void laterRunReadsAfterTheConsumedSnapshotUpToTheCurrentOne() {
    long consumed = append("a.parquet");
    long next = append("b.parquet");
    long current = append("c.parquet");
    BronzeRange range = BronzeRange.of(bronze, Optional.of(consumed), "silver.bookings", RESET);
    assertThat(range.isEmpty()).isFalse();
    assertThat(range.batchOptions())
        .isEqualTo(
            Map.of(
                "start-snapshot-id", Long.toString(consumed),
                "end-snapshot-id", Long.toString(current)));
    // Streaming INCREMENTAL_FROM_SNAPSHOT_ID is inclusive: start at the child of the consumed one.
    assertThat(range.streamingOptions(Duration.ofSeconds(1)))
        .containsEntry("starting-strategy", "INCREMENTAL_FROM_SNAPSHOT_ID")
        .containsEntry("start-snapshot-id", Long.toString(next));
    assertThat(range.describe()).isEqualTo("snapshots (" + consumed + ", " + current + "]");
  }

  @Test
  void fullyConsumedBronzeIsEmptyAndStreamsFromAfterTheLatest() {
    long consumed = append("a.parquet");
    BronzeRange range = BronzeRange.of(bronze, Optional.of(consumed), "silver.bookings", RESET);
    assertThat(range.isEmpty()).isTrue();
    assertThat(range.streamingOptions(Duration.ofSeconds(1)))
        .containsEntry("starting-strategy", "INCREMENTAL_FROM_LATEST_SNAPSHOT_EXCLUSIVE")
        .doesNotContainKey("start-snapshot-id");
  }

  @Test
  void consumedSnapshotOutsideTheHistoryIsAnError() {
    append("a.parquet");
    assertThatThrownBy(() -> BronzeRange.of(bronze, Optional.of(42L), "silver.bookings", RESET))
        .hasMessageContaining("Cannot resume silver.bookings from")
        .hasMessageContaining("the consumed snapshot 42 (property lakehouse.source-snapshot-id)")
        .hasMessageContaining("or rebuild silver.bookings from bronze: " + RESET + ".")
        .hasMessageNotContaining("drop");
  }

  @Test
  void consumedSnapshotIsReadFromTheNewestSnapshotThatRecordsIt() {
    bronze.newAppend().set(SourceSnapshot.PROPERTY, "7").commit();
    append("compacted.parquet"); // maintenance commits carry no property
    assertThat(SourceSnapshot.consumedBy(bronze)).contains(7L);
  }
}
