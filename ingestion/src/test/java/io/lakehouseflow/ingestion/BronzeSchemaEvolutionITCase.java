package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRecords;
import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRows;
import static io.lakehouseflow.ingestion.BronzeTestData.land;
import static io.lakehouseflow.ingestion.BronzeTestData.stopsAtANewColumnAndRestarts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.ingestion.format.NewColumnsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A later landing file brings a column the source does not declare: each {@code schema_evolution}
 * mode does what README says, on a real bronze table, and no row is lost or doubled.
 */
class BronzeSchemaEvolutionITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String FIRST = "landing/trips/trips-1.csv";
  private static final String SECOND = "landing/trips/trips-2.csv";
  private static final String THIRD = "landing/trips/trips-3.csv";

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void addsANewColumnInPlaceAndEarlierRowsReadNull() throws Exception {
    PipelineRun run = run("add_new_columns", RunMode.AVAILABLE_NOW);
    LakehouseCatalog catalog = run.catalog();
    land(dataDir, "trips/trips-1.csv", "trip_id,city", "1,Oslo");
    BronzeJob.forRun(run).runToCompletion();

    land(dataDir, "trips/trips-2.csv", "trip_id,city,Gate,fare", "2,Rome,B12,9.5", "3,Lima,,");
    // Reordered, and without one declared column and one added one: read by name, NULL where
    // the file has no value.
    land(dataDir, "trips/trips-3.csv", "gate,TRIP_ID", "C1,4");
    BronzeJob.forRun(run).runToCompletion();

    Table table = catalog.loadTable(TableNames.bronze("trips"));
    assertThat(table.schema().columns().stream().map(Types.NestedField::name))
        .startsWith("trip_id", "city", "Gate", "fare", MetadataColumns.CORRUPT_RECORD);
    assertThat(table.schema().findField("Gate").type()).isEqualTo(Types.StringType.get());
    assertThat(rows(catalog, "trip_id", "city", "Gate", "fare"))
        .containsExactly(
            FIRST + ":2 | 1, Oslo, null, null | null",
            SECOND + ":2 | 2, Rome, B12, 9.5 | null",
            SECOND + ":3 | 3, Lima, null, null | null",
            THIRD + ":2 | 4, null, C1, null | null");

    // Nothing new: no column added twice, no row read twice.
    long snapshots = snapshotCount(table);
    BronzeJob.forRun(run).runToCompletion();
    table.refresh();
    assertThat(snapshotCount(table)).isEqualTo(snapshots);
    assertThat(table.schema().columns()).hasSize(4 + 8);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void infersColumnsFromTheFirstHeaderWithHintedTypesAndKeepsThemAsTheTableSchema()
      throws Exception {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: inferred
            sources:
              trips:
                schema_hints: {trip_id: bigint, fare: "decimal(10,2)"}
            """,
            "inferred.yaml");
    PipelineRun run = PipelineRun.of(spec, new DataLayout(dataDir), RunMode.AVAILABLE_NOW);
    LakehouseCatalog catalog = run.catalog();
    land(dataDir, "trips/trips-1.csv", "trip_id,city,fare", "1,Oslo,9.50", "x,Rome,1.2345");
    BronzeJob.forRun(run).runToCompletion();

    Table table = catalog.loadTable(TableNames.bronze("trips"));
    assertThat(table.schema().columns().subList(0, 3).stream().map(f -> f.name() + " " + f.type()))
        .containsExactly("trip_id long", "city string", "fare decimal(10, 2)");
    // A hinted type is the table's guess, not the data's promise: a value that does not fit it is
    // rescued, the row stays valid.
    assertThat(rows(catalog, "trip_id", "city", "fare"))
        .containsExactly(
            FIRST + ":2 | 1, Oslo, 9.50 | null",
            FIRST + ":3 | null, Rome, null | {\"trip_id\":\"x\",\"fare\":\"1.2345\"}");

    // The table is the schema now: a later file is read by name, and only its new column is added.
    land(dataDir, "trips/trips-2.csv", "city,TRIP_ID,gate", "Lima,3,C1");
    BronzeJob.forRun(run).runToCompletion();
    table.refresh();
    assertThat(table.schema().columns().subList(0, 4).stream().map(f -> f.name() + " " + f.type()))
        .containsExactly("trip_id long", "city string", "fare decimal(10, 2)", "gate string");
    assertThat(rows(catalog, "trip_id", "city", "fare", "gate"))
        .containsExactly(
            FIRST + ":2 | 1, Oslo, 9.50, null | null",
            FIRST + ":3 | null, Rome, null, null | {\"trip_id\":\"x\",\"fare\":\"1.2345\"}",
            SECOND + ":2 | 3, Lima, null, C1 | null");
    assertThat(run.withBronzeColumns().spec().source("trips").columns())
        .extracting(c -> c.name() + " " + c.type())
        .containsExactly("trip_id bigint", "city string", "fare decimal(10,2)", "gate string");
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void failStopsTheRunBeforeAnyRowNamingTheFileAndTheColumn() throws Exception {
    PipelineRun run = run("fail", RunMode.AVAILABLE_NOW);
    land(dataDir, "trips/trips-1.csv", "trip_id,city", "1,Oslo");
    land(dataDir, "trips/trips-2.csv", "trip_id,city,gate", "2,Rome,B12");

    assertThatThrownBy(() -> BronzeJob.forRun(run).runToCompletion())
        .isInstanceOf(NewColumnsException.class)
        .hasMessage(
            "Cannot ingest "
                + SECOND
                + ": it names column gate that source 'trips' does not declare, and its"
                + " schema_evolution is fail. Declare it under the source's columns, or set"
                + " schema_evolution: add_new_columns (add them to bronze), rescue"
                + " (keep them in _rescued_data) or none (ignore them).");
    assertThat(rows(run.catalog(), "trip_id", "city")).isEmpty();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void rescueKeepsUnknownColumnsAndMisfitValuesAsJsonAndTheRowValid() throws Exception {
    PipelineRun run = run("rescue", RunMode.AVAILABLE_NOW);
    land(
        dataDir,
        "trips/trips-1.csv",
        "trip_id,city,gate,note",
        "1,Oslo,B12,\"said \"\"hi\"\"\"",
        "x,Rome,,",
        "3,Lima,C1,");

    BronzeJob.forRun(run).runToCompletion();

    LakehouseCatalog catalog = run.catalog();
    assertThat(catalog.loadTable(TableNames.bronze("trips")).schema().findField("gate")).isNull();
    assertThat(rows(catalog, "trip_id", "city"))
        .containsExactly(
            FIRST + ":2 | 1, Oslo | {\"gate\":\"B12\",\"note\":\"said \\\"hi\\\"\"}",
            FIRST + ":3 | null, Rome | {\"trip_id\":\"x\"}",
            FIRST + ":4 | 3, Lima | {\"gate\":\"C1\"}");
    assertThat(bronzeRecords(catalog, "trips"))
        .allMatch(r -> r.getField(MetadataColumns.CORRUPT_RECORD) == null);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void noneIgnoresUnknownColumns() throws Exception {
    PipelineRun run = run("none", RunMode.AVAILABLE_NOW);
    land(dataDir, "trips/trips-1.csv", "trip_id,gate,city", "1,B12,Oslo");

    BronzeJob.forRun(run).runToCompletion();

    assertThat(rows(run.catalog(), "trip_id", "city"))
        .containsExactly(FIRST + ":2 | 1, Oslo | null");
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aContinuousJobStopsAtANewColumnAndTheNextStartAddsItWithNothingLostOrDoubled()
      throws Exception {
    PipelineRun run =
        run("add_new_columns", RunMode.CONTINUOUS)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(200));
    LakehouseCatalog catalog = run.catalog();
    land(dataDir, "trips/trips-1.csv", "trip_id,city", "1,Oslo");
    stopsAtANewColumnAndRestarts(
        run,
        () -> rows(catalog, "trip_id", "city").size() == 1,
        () -> land(dataDir, "trips/trips-2.csv", "trip_id,city,gate", "2,Rome,B12"),
        SECOND + " names new column gate",
        () -> rows(catalog, "trip_id", "city", "gate").size() == 2);
    assertThat(rows(catalog, "trip_id", "city", "gate"))
        .containsExactly(FIRST + ":2 | 1, Oslo, null | null", SECOND + ":2 | 2, Rome, B12 | null");
  }

  private PipelineRun run(String evolution, RunMode mode) {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: evolution
            sources:
              trips:
                schema_evolution: %s
                columns: {trip_id: int, city: string}
            """
                .formatted(evolution),
            "evolution.yaml");
    return PipelineRun.of(spec, new DataLayout(dataDir), mode);
  }

  /** {@code file:line | columns | _rescued_data}, sorted by file and line. */
  private static List<String> rows(LakehouseCatalog catalog, String... columns) {
    if (!catalog.tableExists(TableNames.bronze("trips"))) {
      return List.of();
    }
    return bronzeRows(catalog, "trips", MetadataColumns.RESCUED_DATA, columns);
  }

  private static long snapshotCount(Table table) {
    return StreamSupport.stream(table.snapshots().spliterator(), false).count();
  }
}
