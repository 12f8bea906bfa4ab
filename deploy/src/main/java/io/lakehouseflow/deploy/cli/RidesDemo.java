package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.deploy.query.ResultFormat;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.sampledata.rides.GeneratedRides;
import io.lakehouseflow.sampledata.rides.RidesSample;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.types.Row;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code lakehouse demo --domain rides}: the ride-hailing sample, run by the same jobs as flights,
 * then every table's row count and gold's derived figures compared with the generator's.
 */
final class RidesDemo {
  private RidesDemo() {}

  static int run(DataLayout layout, SampleOptions options, PrintStream out, PrintStream err)
      throws Exception {
    Path specFile = RidesSample.writeSpec(layout.root());
    PipelineSpec spec = PipelineSpecLoader.load(specFile);

    Path landing = layout.resolve(spec.landing());
    out.printf(
        "Lakehouse Flow demo: rides sample (seed %d, scale %d) in %s%n",
        options.seed, options.scale, layout.root());
    GeneratedRides sample = options.ridesGenerator().generate(landing);
    out.printf("Generated landing files under %s%n%n", landing);

    PipelineRun run = EmbeddedRun.of(spec, layout, RunMode.AVAILABLE_NOW);
    LayerProgress.runAvailableNow(PipelineRunner.allLayers(run));

    SqlQuery query = SqlQuery.over(LakehouseCatalog.of(spec.catalog(), layout));
    out.println();
    out.println("Rows per table:");
    SqlQuery.Result counts = query.execute(countsSql(spec));
    ResultFormat.TABLE.print(counts, out);

    out.printf(
        "%nDriver %d changed twice, the older change arriving in the later file; gold.dim_driver"
            + " orders them by updated_at:%n",
        sample.changedDriver());
    ResultFormat.TABLE.print(query.execute(driverHistorySql(sample.changedDriver())), out);
    out.printf(
        "%nDriver %d left (a CDC delete) and came back: the deleted version is closed, a new one"
            + " opened:%n",
        sample.returningDriver());
    ResultFormat.TABLE.print(query.execute(driverHistorySql(sample.returningDriver())), out);
    out.printf(
        "%nTheir trips point at the driver version valid when requested (-1 while away), and at"
            + " gold.dim_location twice, as pickup and dropoff:%n");
    ResultFormat.TABLE.print(
        query.execute(
            "SELECT f.trip_id, f.requested_at, f.driver_sk, p.zone AS pickup, d.zone AS dropoff,"
                + " f.fare_total FROM gold.fact_trip f"
                + " JOIN silver.trips t ON f.trip_id = t.trip_id"
                + " LEFT JOIN gold.dim_location p ON f.pickup_sk = p.location_sk"
                + " LEFT JOIN gold.dim_location d ON f.dropoff_sk = d.location_sk"
                + " WHERE t.driver_id = "
                + sample.returningDriver()
                + " AND f.requested_at >= TIMESTAMP '2024-05-15 00:00:00'"
                + " ORDER BY f.requested_at LIMIT 8"),
        out);

    out.printf(
        "%nData quality of the last silver run (silver._quality_metrics): where the rows went,"
            + " and each rule that failed rows:%n");
    ResultFormat.TABLE.print(query.execute(DemoCommand.QUALITY_SUMMARY_SQL), out);

    if (check(sample, spec, layout, query, counts, err) != 0) {
      return 1;
    }
    out.printf(
        "%nEvery table holds exactly the rows the generator expects: gold.fact_trip %d valid trips"
            + " (%d without a driver version), gold.fact_payment %d valid payments (%d corrected,"
            + " total %s), gold.dim_customer %d versions, gold.dim_driver %d versions (%d closed"
            + " by a delete); silver dropped the exact duplicates the exports re-sent: %s.%n",
        sample.validTrips(),
        sample.tripsWithoutDriver(),
        sample.validPayments(),
        sample.correctedPayments(),
        sample.paymentTotal().toPlainString(),
        sample.customerVersions(),
        sample.driverVersions(),
        sample.deletedDriverVersions(),
        sample.duplicateRows());
    out.printf(
        "Try: ./lakehouse query --data-dir %s \"SELECT _failed_expectations, COUNT(*) FROM"
            + " silver.trips_quarantine GROUP BY _failed_expectations\"%n",
        layout.root());
    return 0;
  }

  /**
   * Compares every table's rows in {@code counts}, gold's derived figures and the duplicates silver
   * dropped with the generator's {@code sample}; prints what differs to {@code err}.
   *
   * @return the demo's exit code: 0 when everything matches, else 1
   */
  static int check(
      GeneratedRides sample,
      PipelineSpec spec,
      DataLayout layout,
      SqlQuery query,
      SqlQuery.Result counts,
      PrintStream err)
      throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, Long> expected : sample.tableRows().entrySet()) {
      long actual = countOf(counts, expected.getKey());
      if (actual < 0) {
        mismatches.add(expected.getKey() + " is not a table of the rides pipeline");
      } else {
        DemoCommand.compareRows(mismatches, expected.getKey(), actual, expected.getValue());
      }
    }
    mismatches.addAll(DemoCommand.duplicateMismatches(query, sample.duplicateRows()));
    Row figures =
        query
            .execute(
                "SELECT (SELECT COUNT(*) FROM gold.fact_trip WHERE driver_sk = -1),"
                    + " (SELECT SUM(fare_total) FROM gold.fact_trip),"
                    + " (SELECT COUNT(*) FROM gold.fact_payment WHERE revision > 1),"
                    + " (SELECT SUM(amount) FROM gold.fact_payment)")
            .rows()
            .get(0);
    compare(
        mismatches,
        "trips without a driver version",
        figures.getField(0),
        sample.tripsWithoutDriver());
    compare(mismatches, "SUM(fact_trip.fare_total)", figures.getField(1), sample.fareTotal());
    compare(mismatches, "corrected payments", figures.getField(2), sample.correctedPayments());
    compare(mismatches, "SUM(fact_payment.amount)", figures.getField(3), sample.paymentTotal());
    return DemoCommand.failed(mismatches, spec, layout, err) ? 1 : 0;
  }

  private static String driverHistorySql(long driverId) {
    return "SELECT driver_sk, driver_id, name, rating, status, valid_from, valid_to, is_current,"
        + " is_deleted FROM gold.dim_driver WHERE driver_id = "
        + driverId
        + " ORDER BY valid_from";
  }

  private static void compare(List<String> mismatches, String what, Object actual, long expected) {
    long value = actual == null ? 0 : ((Number) actual).longValue();
    if (value != expected) {
      mismatches.add(what + " is " + value + ", expected " + expected);
    }
  }

  private static void compare(
      List<String> mismatches, String what, Object actual, BigDecimal expected) {
    BigDecimal value = (BigDecimal) actual;
    if (value == null || value.compareTo(expected) != 0) {
      mismatches.add(what + " is " + Objects.toString(value) + ", expected " + expected);
    }
  }

  /** Every table of the pipeline and the date dimension gold writes for its facts. */
  static String countsSql(PipelineSpec spec) {
    List<TableIdentifier> tables = new ArrayList<>(DemoCommand.pipelineTables(spec));
    tables.add(TableNames.dimension("date"));
    return DemoCommand.countsSql(tables);
  }

  /** The counted rows of the table, or -1 when it was not counted. */
  private static long countOf(SqlQuery.Result counts, String table) {
    return counts.rows().stream()
        .filter(r -> table.equals(r.getField(0)))
        .mapToLong(r -> ((Number) r.getField(1)).longValue())
        .findFirst()
        .orElse(-1);
  }
}
