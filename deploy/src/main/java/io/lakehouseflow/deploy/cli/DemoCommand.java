package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.deploy.datatest.DataTestResult;
import io.lakehouseflow.deploy.datatest.PipelineTests;
import io.lakehouseflow.deploy.query.ResultFormat;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.deploy.run.EmbeddedCluster;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.verify.Finding;
import io.lakehouseflow.deploy.verify.ModelVerification;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.types.Row;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code lakehouse demo}: generates a sample domain (flights unless {@code --domain rides}), runs
 * all three layers available-now on an embedded MiniCluster, shows what landed where, and checks
 * gold against the generator's own figures.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generate a sample domain (flights by default) and run bronze, silver and gold on it, end"
            + " to end; exit 1 when a table does not hold the rows the generator expects.")
final class DemoCommand implements Callable<Integer> {
  @Mixin DataDirOption data;

  @Mixin SampleOptions sample;

  @Override
  public Integer call() throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.forQueries()) {
      return run(data.writableLayout(), sample, System.out, System.err);
    }
  }

  /** The demo, callable from tests: returns the exit code; a failed check is printed to err. */
  static int run(DataLayout layout, SampleOptions options, PrintStream out, PrintStream err)
      throws Exception {
    requireSameSample(layout, options);
    if (options.domain == SampleOptions.Domain.RIDES) {
      return RidesDemo.run(layout, options, out, err);
    }
    Path specFile = FlightsSample.writeSpec(layout.root());
    PipelineSpec spec = PipelineSpecLoader.load(specFile);

    Path landing = layout.resolve(spec.landing());
    out.printf(
        "Lakehouse Flow demo: flights sample (seed %d, scale %d) in %s%n",
        options.seed, options.scale, layout.root());
    GeneratedSample sample = options.generator().generate(landing);
    out.printf("Generated landing files under %s%n%n", landing);

    PipelineRun run = EmbeddedRun.of(spec, layout, RunMode.AVAILABLE_NOW);
    LayerProgress.runAvailableNow(PipelineRunner.allLayers(run));

    SqlQuery query = SqlQuery.over(LakehouseCatalog.of(spec.catalog(), layout));
    out.println();
    out.println("Rows per table:");
    SqlQuery.Result counts = query.execute(countsSql(spec));
    ResultFormat.TABLE.print(counts, out);

    long changedCustomer = sample.twiceChangedCustomer().customerId();
    out.printf(
        "%nCustomer %d changed twice, so gold.dim_customer holds three versions:%n",
        changedCustomer);
    ResultFormat.TABLE.print(
        query.execute(
            "SELECT customer_sk, customer_id, name, tier, country, valid_from, valid_to, is_current"
                + " FROM gold.dim_customer WHERE customer_id = "
                + changedCustomer
                + " ORDER BY valid_from"),
        out);
    out.printf("%nTheir bookings point at the version valid when they booked:%n");
    ResultFormat.TABLE.print(
        query.execute(
            "SELECT f.booking_id, f.booked_at, f.customer_sk, d.tier AS tier_when_booked, f.fare_amount"
                + " FROM gold.fact_booking f JOIN gold.dim_customer d ON f.customer_sk = d.customer_sk"
                + " WHERE d.customer_id = "
                + changedCustomer
                + " ORDER BY f.booked_at LIMIT 6"),
        out);

    out.printf(
        "%nA SQL model (models/daily_revenue_by_origin.sql beside the spec), computed by the gold"
            + " job from gold's changes; its five best days of an origin:%n");
    ResultFormat.TABLE.print(
        query.execute(
            "SELECT * FROM gold.daily_revenue_by_origin ORDER BY revenue DESC, booking_date,"
                + " origin LIMIT 5"),
        out);

    out.printf(
        "%nData quality of the last silver run (silver._quality_metrics): where the rows went,"
            + " and each rule that failed rows:%n");
    ResultFormat.TABLE.print(query.execute(QUALITY_SUMMARY_SQL), out);

    List<String> mismatches = new ArrayList<>();
    Map<String, Long> duplicates = new LinkedHashMap<>();
    for (String table : spec.silver().keySet()) {
      TableIdentifier silver = TableNames.silver(table);
      compareRows(mismatches, silver.toString(), countOf(counts, silver), sample.silverRows(table));
      duplicates.put(table, (long) sample.duplicateRows(table));
    }
    compareRows(
        mismatches,
        TableNames.fact("booking").toString(),
        countOf(counts, TableNames.fact("booking")),
        sample.validBookings());
    mismatches.addAll(duplicateMismatches(query, duplicates));
    mismatches.addAll(modelMismatches(query, spec));
    if (failed(mismatches, spec, layout, err)) {
      return 1;
    }
    out.printf(
        "%nData tests (./lakehouse test): keys, SCD2 integrity and fact references of gold:%n");
    List<DataTestResult> tests = PipelineTests.run(spec, layout, Set.of(), out);
    if (tests.stream().anyMatch(DataTestResult::failsTheRun)) {
      err.println("The demo's gold tables fail data tests (FAIL or ERROR above).");
      return 1;
    }
    long docsStart = System.nanoTime();
    Path docs = DocsCommand.write(spec, Optional.of(layout), layout.root().resolve("docs"));
    out.printf(
        "%nDocs and lineage (./lakehouse docs) in %d ms: %s%n",
        (System.nanoTime() - docsStart) / 1_000_000, docs.toUri());
    out.printf(
        "%ngold.fact_booking has %d rows: exactly the %d valid bookings the generator wrote;"
            + " every silver table holds the rows it expects, without the exact duplicates the"
            + " exports re-sent: %s; the SQL models %s hold what their queries give over gold.%n",
        sample.validBookings(),
        sample.validBookings(),
        sample.duplicateRows(),
        spec.models().keySet());
    out.printf(
        "Try: ./lakehouse query \"SELECT _failed_expectations, COUNT(*) FROM silver.bookings_quarantine GROUP BY _failed_expectations\"%n");
    return 0;
  }

  /**
   * Landing files may only grow, so a demo over a data directory holding another sample (another
   * seed or scale) would rewrite files bronze has read. Refuse that; the same sample is fine: its
   * files are rewritten byte for byte and the run adds nothing.
   */
  static void requireSameSample(DataLayout layout, SampleOptions options) throws IOException {
    Path marker = layout.root().resolve("demo-sample");
    String sample = options.domain.label() + " seed=" + options.seed + " scale=" + options.scale;
    if (Files.exists(marker)) {
      String existing = Files.readString(marker).trim();
      if (!existing.equals(sample)) {
        throw new IllegalArgumentException(
            "Cannot run the demo with "
                + sample
                + " in "
                + layout.root()
                + ": it holds the "
                + existing
                + " sample. Use another --data-dir, or delete "
                + layout.root()
                + " to start over.");
      }
    }
    Files.createDirectories(layout.root());
    Files.writeString(marker, sample + "\n");
  }

  /** The last recorded silver run: per table its totals, then each rule that failed a row. */
  static final String QUALITY_SUMMARY_SQL =
      "SELECT silver_table, COALESCE(rule, '(all rules)') AS rule, action, failed, rows_in,"
          + " passed, warned, dropped, quarantined, duplicates FROM silver.`_quality_metrics`"
          + " WHERE recorded_at = (SELECT MAX(recorded_at) FROM silver.`_quality_metrics`)"
          + " AND (rule IS NULL OR failed > 0) ORDER BY silver_table, rule NULLS FIRST";

  /**
   * The exact duplicates silver dropped from each table over all its runs, summed from the totals
   * rows of {@code silver._quality_metrics}, as one statement.
   */
  private static final String DUPLICATES_SQL =
      "SELECT silver_table, SUM(duplicates) FROM silver.`_quality_metrics` WHERE rule IS NULL"
          + " GROUP BY silver_table";

  /** The SQL model tables that differ from their queries run now over gold. */
  static List<String> modelMismatches(SqlQuery query, PipelineSpec spec) throws Exception {
    return ModelVerification.verify(spec, query).stream()
        .filter(f -> f.verdict() != Finding.Verdict.OK)
        .map(Finding::toString)
        .toList();
  }

  /** Adds a mismatch when {@code table} does not hold the {@code expected} rows. */
  static void compareRows(List<String> mismatches, String table, long actual, long expected) {
    if (actual != expected) {
      mismatches.add(table + " has " + actual + " rows, expected " + expected);
    }
  }

  /**
   * The silver tables whose dropped duplicates, as recorded in {@code silver._quality_metrics},
   * differ from the {@code expected} ones per silver table name; a table with no recorded run
   * dropped none.
   */
  static List<String> duplicateMismatches(SqlQuery query, Map<String, Long> expected)
      throws Exception {
    Map<String, Long> recorded = new HashMap<>();
    for (Row row : query.execute(DUPLICATES_SQL).rows()) {
      recorded.put((String) row.getField(0), ((Number) row.getField(1)).longValue());
    }
    List<String> mismatches = new ArrayList<>();
    expected.forEach(
        (table, duplicates) -> {
          String silver = TableNames.silver(table).toString();
          long actual = recorded.getOrDefault(silver, 0L);
          if (actual != duplicates) {
            mismatches.add(
                silver
                    + " dropped "
                    + actual
                    + " exact duplicates (silver._quality_metrics), expected "
                    + duplicates);
          }
        });
    return mismatches;
  }

  /**
   * Prints the {@code mismatches}, if any, to {@code err} as the demo's failure and tells whether
   * there were any.
   */
  static boolean failed(
      List<String> mismatches, PipelineSpec spec, DataLayout layout, PrintStream err) {
    if (mismatches.isEmpty()) {
      return false;
    }
    err.printf(
        "Failed: the %s pipeline in %s does not hold what the generator wrote:%n  %s%n"
            + "Find the rows with ./lakehouse verify --pipeline %s --data-dir %s, or delete %s"
            + " and run the demo again.%n",
        spec.name(),
        layout.root(),
        String.join(String.format("%n  "), mismatches),
        layout.root().resolve("pipeline.yaml"),
        layout.root(),
        layout.root());
    return true;
  }

  /** One statement counting every table of the pipeline, so the demo starts one query job. */
  static String countsSql(PipelineSpec spec) {
    return countsSql(pipelineTables(spec));
  }

  /** The tables of every layer of the pipeline, in layer order. */
  static List<TableIdentifier> pipelineTables(PipelineSpec spec) {
    List<TableIdentifier> tables = new ArrayList<>();
    for (PipelineRunner.Layer layer : PipelineRunner.Layer.values()) {
      tables.addAll(layer.tables(spec));
    }
    return tables;
  }

  /** One statement counting the tables, in the given order. */
  static String countsSql(List<TableIdentifier> tables) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      TableIdentifier id = tables.get(i);
      parts.add(
          "SELECT "
              + i
              + " AS pos, '"
              + id
              + "' AS table_name, COUNT(*) AS row_count FROM "
              + TableNames.sql(id));
    }
    return "SELECT table_name, row_count FROM ("
        + String.join(" UNION ALL ", parts)
        + ") ORDER BY pos";
  }

  static long countOf(SqlQuery.Result counts, TableIdentifier id) {
    return counts.rows().stream()
        .filter(r -> id.toString().equals(r.getField(0)))
        .mapToLong(r -> ((Number) r.getField(1)).longValue())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("Cannot find the row count of " + id));
  }
}
