package io.lakehouseflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.TableContents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dedup: {ttl: 1 h}} on real silver tables: exact copies of a row ingested within an hour of
 * its kept copy are dropped, in one run and across runs; a copy outside the window is kept and
 * starts a window of its own; corrupt records are never copies; quarantined rows have copies too.
 * The incremental runs give the same tables as one run over all of bronze.
 */
class SilverDeduplicationITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String SPEC =
      """
      name: shop
      sources:
        orders:
          columns:
            order_id: bigint
            customer: string
            amount: string
      silver:
        orders:
          source: orders
          casts: {amount: "decimal(10,2)"}
          expectations:
            - {name: has_customer, expr: "customer IS NOT NULL", action: quarantine}
          dedup: {ttl: 1 h}
      """;

  private static final long T0 = 1_700_000_000_000L;
  private static final long MINUTE = 60_000L;

  @TempDir Path data;

  @Test
  void dropsCopiesWithinTheWindowOfTheKeptOneAcrossRunsAsOneRunWould() throws Exception {
    PipelineRun run = run(data.resolve("incremental"));
    LakehouseCatalog catalog = run.catalog();
    createBronze(run);

    firstFiles().forEach(f -> append(catalog, f));
    SilverJob.forRun(run).runToCompletion();
    secondFiles().forEach(f -> append(catalog, f));
    SilverJob.forRun(run).runToCompletion();
    append(catalog, thirdFile());
    SilverJob.forRun(run).runToCompletion();

    List<String> silver = lines(catalog, TableNames.silver("orders"));
    assertThat(silver)
        .containsExactlyInAnyOrder(
            // a.csv line 1 is kept: b.csv's copy, ingested at the same time, sorts after it.
            "1|ann|10.00|a.csv|1",
            "2|bob|5.00|a.csv|3",
            // Two hours later: outside the window of a.csv's copy, so kept, and a window of its own
            // for e.csv's copy 30 minutes after.
            "1|ann|10.00|d.csv|1",
            "4|dee|1.00|d.csv|2",
            // Same order, other amount: not a copy.
            "1|ann|10.01|e.csv|2");
    List<String> quarantine = lines(catalog, TableNames.quarantine("orders"));
    assertThat(quarantine)
        .containsExactlyInAnyOrder(
            "3|null|1.00|a.csv|4",
            // Two identical corrupt lines: both kept, each with its own raw text and lineage.
            "null|null|null|a.csv|6",
            "null|null|null|a.csv|7");

    TableContents metrics = TableContents.of(catalog, LayerSchemas.QUALITY_METRICS);
    assertThat(
            metrics.lines("rule", "rows_in", "passed", "quarantined", "duplicates").stream()
                .filter(l -> l.startsWith("null|"))
                .toList())
        .as("one totals row per run; rows_in = passed + quarantined + duplicates")
        .containsExactlyInAnyOrder("null|8|2|3|3", "null|5|2|0|3", "null|2|1|0|1");

    // The same bronze, all in one run, gives the same silver and quarantine.
    PipelineRun rebuild = run(data.resolve("rebuild"));
    LakehouseCatalog fresh = rebuild.catalog();
    createBronze(rebuild);
    firstFiles().forEach(f -> append(fresh, f));
    secondFiles().forEach(f -> append(fresh, f));
    append(fresh, thirdFile());
    SilverJob.forRun(rebuild).runToCompletion();
    assertThat(lines(fresh, TableNames.silver("orders")))
        .containsExactlyInAnyOrderElementsOf(silver);
    assertThat(lines(fresh, TableNames.quarantine("orders")))
        .containsExactlyInAnyOrderElementsOf(quarantine);
  }

  private static List<BronzeRows> firstFiles() {
    return List.of(
        BronzeRows.of("a.csv", T0)
            .row("1", "'ann'", "'10.00'")
            .row("1", "'ann'", "'10.00'")
            .row("2", "'bob'", "'5'")
            .row("3", "NULL", "'1'")
            .row("3", "NULL", "'1.00'")
            .corrupt("x,y", "BIGINT", "STRING", "STRING")
            .corrupt("x,y", "BIGINT", "STRING", "STRING"),
        BronzeRows.of("b.csv", T0).row("1", "'ann'", "'10'"));
  }

  private static List<BronzeRows> secondFiles() {
    return List.of(
        // Within the hour of a.csv: copies of rows kept in silver and in quarantine.
        BronzeRows.of("c.csv", T0 + 30 * MINUTE)
            .row("1", "'ann'", "'10.00'")
            .row("2", "'bob'", "'5.00'")
            .row("3", "NULL", "'1'"),
        BronzeRows.of("d.csv", T0 + 120 * MINUTE)
            .row("1", "'ann'", "'10.00'")
            .row("4", "'dee'", "'1'"));
  }

  private static BronzeRows thirdFile() {
    return BronzeRows.of("e.csv", T0 + 150 * MINUTE)
        .row("1", "'ann'", "'10.00'")
        .row("1", "'ann'", "'10.01'");
  }

  private static List<String> lines(
      LakehouseCatalog catalog, org.apache.iceberg.catalog.TableIdentifier id) {
    return TableContents.of(catalog, id)
        .lines("order_id", "customer", "amount", "_source_file", "_record_number");
  }

  private static void append(LakehouseCatalog catalog, BronzeRows rows) {
    try {
      rows.appendTo(catalog, "orders");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static PipelineRun run(Path dir) {
    PipelineSpec spec = PipelineSpecLoader.parse(SPEC, "shop.yaml");
    return PipelineRun.of(spec, new DataLayout(dir), RunMode.AVAILABLE_NOW)
        .with(LakehouseOptions.PARALLELISM, 2);
  }

  private static void createBronze(PipelineRun run) {
    run.catalog().createTableIfAbsent(LayerSchemas.bronze(run.spec().source("orders")), Map.of());
  }
}
