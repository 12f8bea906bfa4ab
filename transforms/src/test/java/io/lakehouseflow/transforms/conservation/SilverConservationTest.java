package io.lakehouseflow.transforms.conservation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.transforms.expectation.RoutedRows;
import io.lakehouseflow.transforms.progress.BronzeRange;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.OptionalFailure;
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

/**
 * The check itself, on real Iceberg tables whose commits are metadata only (the check reads
 * snapshot summaries, never data), against the accumulator totals a finished job reports.
 */
class SilverConservationTest {
  private static final RoutedRows.Names ROUTER =
      new RoutedRows.Names("silver-bookings-router", java.util.Map.of());

  @TempDir Path warehouse;

  private Table bronze;
  private Table silver;
  private Table quarantine;

  @BeforeEach
  void createTables() {
    HadoopCatalog catalog =
        new HadoopCatalog(new org.apache.hadoop.conf.Configuration(), warehouse.toString());
    Schema schema = new Schema(Types.NestedField.optional(1, "id", Types.LongType.get()));
    bronze = catalog.createTable(TableIdentifier.of("bronze", "bookings"), schema);
    silver = catalog.createTable(TableIdentifier.of("silver", "bookings"), schema);
    quarantine = catalog.createTable(TableIdentifier.of("silver", "bookings_quarantine"), schema);
  }

  @Test
  void aRunWhoseRowsAddUpPasses() {
    long consumed = append(bronze, 100);
    append(bronze, 7);
    append(bronze, 5);
    append(silver, 90); // an earlier run's commit, before the check's snapshot
    SilverConservation check = before(Optional.of(consumed));
    append(silver, 9);
    append(quarantine, 2);

    assertThat(check.imbalances(result(12, 9, 2, 1))).isEmpty();
  }

  @Test
  void aFirstRunCountsEveryBronzeRow() {
    append(bronze, 100);
    append(bronze, 7);
    SilverConservation check = before(Optional.empty());
    append(silver, 100);
    append(quarantine, 7);

    assertThat(check.imbalances(result(107, 100, 7, 0))).isEmpty();
  }

  @Test
  void namesEachSideThatDoesNotAddUp() {
    long consumed = append(bronze, 100);
    append(bronze, 7);
    append(bronze, 5);
    SilverConservation check = before(Optional.of(consumed));
    append(silver, 4); // a lost data file: the router sent 9
    append(quarantine, 2);
    append(quarantine, 2); // committed twice

    assertThat(check.imbalances(result(11, 9, 2, 1)))
        .containsExactly(
            "bronze.bookings snapshots ("
                + consumed
                + ", "
                + bronze.currentSnapshot().snapshotId()
                + "] holds 12 rows but the run read 11",
            "the run read 11 rows but dropped 0 as duplicates, sent 9 to silver, 2 to quarantine"
                + " and dropped 1",
            "silver.bookings committed 4 rows but the run sent to it 9",
            "silver.bookings_quarantine committed 4 rows but the run quarantined 2");
  }

  private SilverConservation before(Optional<Long> consumed) {
    return SilverConservation.before(
        "silver.bookings",
        bronze,
        BronzeRange.of(bronze, consumed, "silver.bookings", "reset silver"),
        silver,
        quarantine,
        ROUTER);
  }

  /** Commits one append of {@code records} rows; the file is metadata only, never read. */
  private long append(Table table, long records) {
    table
        .newAppend()
        .appendFile(
            DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(warehouse.resolve(java.util.UUID.randomUUID() + ".parquet").toString())
                .withFileSizeInBytes(10)
                .withRecordCount(records)
                .build())
        .commit();
    return table.currentSnapshot().snapshotId();
  }

  /** What a finished job reports for the router's accumulators. */
  private static JobExecutionResult result(long read, long silver, long quarantined, long dropped) {
    Map<String, OptionalFailure<Object>> accumulators = new HashMap<>();
    accumulators.put(ROUTER.prefix() + ".read", OptionalFailure.of(read));
    accumulators.put(ROUTER.prefix() + ".silver", OptionalFailure.of(silver));
    accumulators.put(ROUTER.prefix() + ".quarantined", OptionalFailure.of(quarantined));
    accumulators.put(ROUTER.prefix() + ".dropped", OptionalFailure.of(dropped));
    return new JobExecutionResult(new JobID(), 0, accumulators);
  }
}
