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
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.ingestion.format.NewColumnsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bronze infers columns and their types from the data: {@code infer_types} types inferred and added
 * CSV columns by their values, a JSON source without {@code columns:} takes them from its records'
 * fields and adds the fields later files bring; the types are kept as the Iceberg table's schema,
 * and a later value that does not fit is rescued, never a corrupt row.
 */
class BronzeInferenceITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void typesInferredAndAddedCsvColumnsByTheirValuesAndKeepsTheTypes() throws Exception {
    PipelineRun run =
        run(
            """
            name: inferred
            sources:
              trips:
                infer_types: true
                schema_hints: {fare: "decimal(10,2)"}
            """);
    land(
        dataDir,
        "trips/trips-1.csv",
        "trip_id,fare,paid,day,started_at,local_at,code,distance",
        "1,9.50,true,2025-02-06,2025-02-06T08:55:06Z,2025-02-06 08:55,007,12",
        "2,,FALSE,2025-02-07,2025-02-06T09:00:00+02:00,2025-02-06T10:00:00.5,12,2.5");
    BronzeJob.forRun(run).runToCompletion();

    LakehouseCatalog catalog = run.catalog();
    Table table = catalog.loadTable(TableNames.bronze("trips"));
    assertThat(types(table, 8))
        .containsExactly(
            "trip_id long",
            "fare decimal(10, 2)",
            "paid boolean",
            "day date",
            "started_at timestamptz",
            "local_at timestamp",
            "code string",
            "distance double");
    assertThat(rows(catalog, "trips", "trip_id", "paid", "day", "started_at", "code", "distance"))
        .containsExactly(
            "landing/trips/trips-1.csv:2 | 1, true, 2025-02-06, 2025-02-06T08:55:06Z, 007, 12.0"
                + " | null",
            "landing/trips/trips-1.csv:3 | 2, false, 2025-02-07, 2025-02-06T07:00Z, 12, 2.5"
                + " | null");

    // The table keeps the types: a later value that does not fit is rescued and the row kept, and
    // a new column is typed by its own values.
    land(dataDir, "trips/trips-2.csv", "trip_id,paid,tip", "three,maybe,1", "4,true,2");
    BronzeJob.forRun(run).runToCompletion();
    table.refresh();
    assertThat(types(table, 9)).startsWith("trip_id long").endsWith("tip long");
    assertThat(rows(catalog, "trips", "trip_id", "paid", "tip"))
        .containsExactly(
            "landing/trips/trips-1.csv:2 | 1, true, null | null",
            "landing/trips/trips-1.csv:3 | 2, false, null | null",
            "landing/trips/trips-2.csv:2 | null, null, 1 | {\"trip_id\":\"three\",\"paid\":\"maybe\"}",
            "landing/trips/trips-2.csv:3 | 4, true, 2 | null");
    assertThat(bronzeRecords(catalog, "trips"))
        .allMatch(r -> r.getField(MetadataColumns.CORRUPT_RECORD) == null);

    // A restart infers nothing again.
    int schema = table.schema().schemaId();
    BronzeJob.forRun(run).runToCompletion();
    table.refresh();
    assertThat(table.schema().schemaId()).isEqualTo(schema);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aJsonSourceWithoutColumnsTakesThemFromItsRecordsAndAddsTheFieldsOfLaterFiles()
      throws Exception {
    PipelineRun run =
        run(
            """
            name: inferred
            sources:
              events:
                format: json
                infer_types: true
            """);
    land(
        dataDir,
        "events/e-1.jsonl",
        "{\"id\": 1, \"at\": \"2025-02-06T08:55:06Z\", \"amount\": 12.5, \"tags\": [\"a\"]}",
        "{\"id\": 2, \"code\": \"7\", \"amount\": null, \"paid\": true}");
    BronzeJob.forRun(run).runToCompletion();

    LakehouseCatalog catalog = run.catalog();
    Table table = catalog.loadTable(TableNames.bronze("events"));
    // Fields in the order they first appear, each typed by its JSON values.
    assertThat(types(table, 6))
        .containsExactly(
            "id long",
            "at timestamptz",
            "amount double",
            "tags string",
            "code string",
            "paid boolean");

    land(
        dataDir,
        "events/e-2.jsonl",
        "{\"id\": \"x\", \"gate\": \"B12\", \"seats\": 3}",
        "{\"ID\": 4, \"paid\": false, \"_meta\": 1}");
    BronzeJob.forRun(run).runToCompletion();
    table.refresh();
    assertThat(types(table, 8)).endsWith("gate string", "seats long");
    assertThat(
            rows(catalog, "events", "id", "at", "amount", "tags", "code", "paid", "gate", "seats"))
        .containsExactly(
            "landing/events/e-1.jsonl:1 | 1, 2025-02-06T08:55:06Z, 12.5, [\"a\"], null, null, null,"
                + " null | null",
            "landing/events/e-1.jsonl:2 | 2, null, null, null, 7, true, null, null | null",
            "landing/events/e-2.jsonl:1 | null, null, null, null, null, null, B12, 3"
                + " | {\"id\":\"x\"}",
            "landing/events/e-2.jsonl:2 | 4, null, null, null, null, false, null, null"
                + " | {\"_meta\":1}");
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aJsonSourceWithDeclaredColumnsAddsNewFieldsAsStringsOrFailsNamingThem() throws Exception {
    PipelineRun adds =
        run(
            """
            name: json
            sources:
              events:
                format: json
                schema_evolution: add_new_columns
                columns: {id: bigint}
            """);
    land(dataDir, "events/e-1.jsonl", "{\"id\": 1}");
    BronzeJob.forRun(adds).runToCompletion();
    land(dataDir, "events/e-2.jsonl", "{\"id\": 2, \"gate\": {\"name\": \"B12\"}, \"seats\": 3}");
    BronzeJob.forRun(adds).runToCompletion();

    LakehouseCatalog catalog = adds.catalog();
    assertThat(types(catalog.loadTable(TableNames.bronze("events")), 3))
        .containsExactly("id long", "gate string", "seats string");
    assertThat(rows(catalog, "events", "id", "gate", "seats"))
        .containsExactly(
            "landing/events/e-1.jsonl:1 | 1, null, null | null",
            "landing/events/e-2.jsonl:1 | 2, {\"name\": \"B12\"}, 3 | null");

    PipelineRun fails =
        run(
            """
            name: json
            sources:
              events:
                format: json
                schema_evolution: fail
                columns: {id: bigint, gate: string, seats: string}
            """);
    land(dataDir, "events/e-3.jsonl", "{\"id\": 3}", "{\"id\": 4, \"door\": 2}");
    assertThatThrownBy(() -> BronzeJob.forRun(fails).runToCompletion())
        .isInstanceOf(NewColumnsException.class)
        .hasMessageContaining(
            "Cannot ingest landing/events/e-3.jsonl: it names column door that source 'events'"
                + " does not declare, and its schema_evolution is fail.");
    assertThat(rows(catalog, "events", "id")).hasSize(2);
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void aContinuousJobStopsAtANewJsonFieldAndTheNextStartAddsItWithNothingLostOrDoubled()
      throws Exception {
    PipelineRun run =
        run(
                """
            name: json
            sources:
              events:
                format: json
                schema_evolution: add_new_columns
                columns: {id: bigint}
            """,
                RunMode.CONTINUOUS)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT)
            .with(LakehouseOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500))
            .with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(200));
    LakehouseCatalog catalog = run.catalog();
    land(dataDir, "events/e-1.jsonl", "{\"id\": 1}");
    // The job stops at the record naming the field, as at a CSV header naming a column.
    stopsAtANewColumnAndRestarts(
        run,
        () -> tableRows(catalog, "id").size() == 1,
        () -> land(dataDir, "events/e-2.jsonl", "{\"id\": 2}", "{\"id\": 3, \"gate\": \"B12\"}"),
        "landing/events/e-2.jsonl names new column gate",
        () -> tableRows(catalog, "id", "gate").size() == 3);
    assertThat(rows(catalog, "events", "id", "gate"))
        .containsExactly(
            "landing/events/e-1.jsonl:1 | 1, null | null",
            "landing/events/e-2.jsonl:1 | 2, null | null",
            "landing/events/e-2.jsonl:2 | 3, B12 | null");
  }

  /** The rows of bronze.events holding {@code columns}, none before the table has them all. */
  private static List<String> tableRows(LakehouseCatalog catalog, String... columns) {
    if (!catalog.tableExists(TableNames.bronze("events"))
        || Stream.of(columns)
            .anyMatch(
                c ->
                    catalog.loadTable(TableNames.bronze("events")).schema().findField(c) == null)) {
      return List.of();
    }
    return rows(catalog, "events", columns);
  }

  private PipelineRun run(String spec) {
    return run(spec, RunMode.AVAILABLE_NOW);
  }

  private PipelineRun run(String spec, RunMode mode) {
    return PipelineRun.of(
        PipelineSpecLoader.parse(spec, "inferred.yaml"), new DataLayout(dataDir), mode);
  }

  private static List<String> types(Table table, int count) {
    return table.schema().columns().subList(0, count).stream()
        .map(f -> f.name() + " " + f.type())
        .toList();
  }

  /** {@code file:line | columns | _rescued_data}, sorted by file and line. */
  private static List<String> rows(LakehouseCatalog catalog, String source, String... columns) {
    return bronzeRows(catalog, source, MetadataColumns.RESCUED_DATA, columns);
  }
}
