package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.catalog.WriterLease;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.layer.LayerColumn;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LakehouseCliTest {
  /** A one-source spec; line 11 holds the cast, line 15 the expectation's expr. */
  private static final String SPEC =
      """
      name: mini
      sources:
        bookings:
          columns:
            booking_id: bigint
            fare: string
      silver:
        bookings:
          source: bookings
          renames: {fare: fare_amount}
          casts:
            fare_amount: "decimal(10,2)"
          expectations:
            - name: positive_fare
              expr: "fare_amount > 0"
              action: quarantine
      """;

  @TempDir Path dir;

  private final TestingCli cli = new TestingCli();

  private final StringWriter err = cli.err;

  private final StringWriter out = cli.out;

  private int execute(String... args) {
    return cli.execute(args);
  }

  @Test
  void planPrintsTheFlowColumnsRulesAndSqlWithoutWritingAnything() throws Exception {
    Path spec = dir.resolve("mini.yaml");
    Files.writeString(spec, SPEC);
    Path data = dir.resolve("no-data-yet");

    int code = execute("plan", "--pipeline", spec.toString(), "--data-dir", data.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("landing/bookings/ (csv) -> bronze.bookings -> silver.bookings")
        .contains("silver.bookings: booking_id long, fare_amount decimal(10, 2)")
        .contains("rules: cast_fare_amount (quarantine), positive_fare (quarantine)")
        .contains("SQL: SELECT `booking_id`, `fare_amount`");
    assertThat(err.toString()).contains("plans without errors; nothing was run");
    assertThat(data).doesNotExist();
  }

  @Test
  void planCompilesTheSqlModelsAgainstGoldsColumnsAndReportsAQueryThatDoesNot() throws Exception {
    Path spec = FlightsSample.writeSpec(dir.resolve("flights"));

    int code = execute("plan", "--pipeline", spec.toString(), "--data-dir", dir.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("SQL models (compiled against gold's columns):")
        .contains(
            "gold.daily_revenue_by_origin (table): booking_date date, origin string, origin_city"
                + " string, bookings long, seats int, revenue decimal(38, 2)")
        .contains("gold.daily_revenue_by_origin: model ");

    Files.writeString(
        spec.resolveSibling("models/customer_lifetime_value.sql"),
        "SELECT c.customer_id, SUM(b.fare) AS lifetime_value\nFROM gold.fact_booking b\n"
            + "JOIN gold.dim_customer c ON b.customer_sk = c.customer_sk GROUP BY c.customer_id");
    code = execute("plan", "--pipeline", spec.toString(), "--data-dir", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("1 error in the plan of pipeline flights")
        .contains("gold.customer_lifetime_value: Invalid model ")
        .contains("models/customer_lifetime_value.sql: Flink cannot plan its query: ")
        .contains("Column 'fare' not found in table 'b'");
  }

  @Test
  void planReportsThreeMistakesAtOnceWithTheirPositionsAndExitsTwo() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(
        spec,
        """
        name: bad
        sources:
          orders:
            columns: {id: bigint, qty: string, at: {type: timestamp, format: "dd/MM/yyyy"}}
        silver:
          orders:
            source: orders
            casts: {qty: int}
            derive:
              amount: "qty * unit_price"
            expectations:
              - {name: positive, expr: "qty + 1", action: drop}
        """);

    int code = execute("plan", "--pipeline", spec.toString(), "--data-dir", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("3 errors in pipeline spec")
        .contains("bad.yaml:4:70 at sources.orders.columns.at.format: invalid format 'dd/MM/yyyy'")
        .contains("bad.yaml:10:15 at silver.orders.derive.amount: invalid derived column 'amount'")
        .contains(
            "bad.yaml:12:32 at silver.orders.expectations[0].expr: invalid expectation"
                + " 'positive': 'qty + 1' is of type INTEGER, not BOOLEAN");
    assertThat(out.toString()).as("nothing is planned from a spec with errors").isEmpty();
  }

  @Test
  void invalidSpecExitsWithCodeTwoAndNamesTheLocation() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(
        spec,
        "name: bad\n"
            + "sources:\n"
            + "  orders:\n"
            + "    columns:\n"
            + "      order_id: bigintt\n");
    int code = execute("run", "--pipeline", spec.toString(), "--data-dir", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("bad.yaml:5:")
        .contains("sources.orders.columns.order_id")
        .contains("bigintt");
  }

  @Test
  void maintainRejectsATableThePipelineDoesNotWriteNamingThoseItDoes() throws Exception {
    Path spec = dir.resolve("mini.yaml");
    Files.writeString(spec, SPEC);

    int code =
        execute(
            "maintain",
            "--pipeline",
            spec.toString(),
            "--data-dir",
            dir.resolve("data").toString(),
            "--table",
            "gold.fact_bookings");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "Invalid --table 'gold.fact_bookings': pipeline "
                + spec
                + " writes no such table (tables: bronze.bookings, silver.bookings,"
                + " silver.bookings_quarantine, silver._quality_metrics). Name one of them.");
  }

  @Test
  void maintainBeforeAnyRunSaysThereIsNothingToMaintain() throws Exception {
    Path spec = dir.resolve("mini.yaml");
    Files.writeString(spec, SPEC);

    int code =
        execute(
            "maintain", "--pipeline", spec.toString(), "--data-dir", dir.resolve("d").toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Nothing to maintain: none of the tables exists yet.");
  }

  @Test
  void unknownModeIsRejectedWithTheAllowedValues() {
    int code = execute("run", "--pipeline", "p.yaml", "--mode", "sometimes");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid value for option '--mode': Invalid mode 'sometimes': expected one of"
                + " available-now, continuous")
        .contains("Usage: lakehouse run");
  }

  @Test
  void unknownLayerIsRejectedWithTheAllowedValues() {
    int code = execute("run", "--pipeline", "p.yaml", "--layers", "bronze,platinum");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid value for option '--layers' (LAYER): Invalid layer 'platinum': expected one of"
                + " bronze, silver, gold. List the layers to run comma-separated, for example"
                + " --layers bronze,silver")
        .contains("Usage: lakehouse run");
  }

  @Test
  void layersAreReadCaseInsensitively() {
    int code = execute("run", "--pipeline", "p.yaml", "--layers", "Bronze,GOLD", "--help");
    assertThat(code).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void missingSpecFileFailsNamingItsPathAndTheFixWithCodeTwo() {
    Path missing = dir.resolve("nope.yaml");
    int code = execute("run", "--pipeline", missing.toString(), "--data-dir", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "Failed to read pipeline spec "
                + missing
                + ": no such file (looked in "
                + missing.toAbsolutePath().normalize()
                + "). Check the path and its permissions."
                + System.lineSeparator());
  }

  @Test
  void specThatIsADirectoryFailsSayingSoWithCodeTwo() throws Exception {
    Path directory = Files.createDirectories(dir.resolve("spec.yaml"));
    int code = execute("reset", "--pipeline", directory.toString(), "--layer", "gold");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Failed to read pipeline spec "
                + directory
                + ": "
                + directory
                + " is a directory, not a YAML file. Check the path and its permissions.");
  }

  @Test
  void typeWithACommaInFlowStyleSaysToQuoteItWithCodeTwo() throws Exception {
    Path spec = dir.resolve("flow.yaml");
    Files.writeString(
        spec,
        SPEC.replace(
            "    casts:\n      fare_amount: \"decimal(10,2)\"\n",
            "    casts: {fare_amount: decimal(10,2)}\n"));
    int code = execute("run", "--pipeline", spec.toString(), "--data-dir", data().toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("Invalid spec " + spec + ":11:")
        .contains("'decimal(10' was cut at its comma")
        .contains("Quote the type, \"decimal(10,<scale>)\"");
    assertThat(data()).as("nothing ran").doesNotExist();
  }

  @Test
  void expectationThatIsNotBooleanFailsWithItsLineAndColumnBeforeAnyJob() throws Exception {
    Path spec = dir.resolve("expr.yaml");
    Files.writeString(spec, SPEC.replace("expr: \"fare_amount > 0\"", "expr: \"fare_amount + 1\""));
    int code = execute("run", "--pipeline", spec.toString(), "--data-dir", data().toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "Invalid spec "
                + spec
                + ":15:15 at silver.bookings.expectations[0].expr: invalid expectation"
                + " 'positive_fare': 'fare_amount + 1' is of type DECIMAL, not BOOLEAN. Write one"
                + " boolean Flink SQL condition over the columns of silver.bookings, for example"
                + " \"fare_amount > 0\"."
                + System.lineSeparator());
    assertThat(data()).as("no job started, not even bronze").doesNotExist();
  }

  @Test
  void expectationThatDoesNotParseFailsWithItsLineAndColumnBeforeAnyJob() throws Exception {
    Path spec = dir.resolve("expr.yaml");
    Files.writeString(spec, SPEC.replace("expr: \"fare_amount > 0\"", "expr: \"fare_amount >\""));
    int code = execute("run", "--pipeline", spec.toString(), "--data-dir", data().toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid spec "
                + spec
                + ":15:15 at silver.bookings.expectations[0].expr: invalid expectation"
                + " 'positive_fare': 'fare_amount >' is not one SQL expression (");
    assertThat(data()).as("no job started, not even bronze").doesNotExist();
  }

  @Test
  void dataDirectoryUnderAFileFailsWithOneLine() throws Exception {
    Path spec = Files.writeString(dir.resolve("pipeline.yaml"), SPEC);
    Path file = Files.writeString(dir.resolve("a-file"), "");
    Path dataDir = file.resolve("data");
    int code = execute("run", "--pipeline", spec.toString(), "--data-dir", dataDir.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "Cannot use "
                + dataDir
                + " as data directory: part of that path is a file, not a directory. Pass"
                + " another --data-dir."
                + System.lineSeparator());
  }

  @Test
  void readOnlyDataDirectoryFailsWithOneLineNamingIt() throws Exception {
    assumeFalse(ignoresPermissions(), "root ignores file permissions");
    Path spec = Files.writeString(dir.resolve("pipeline.yaml"), SPEC);
    Path readOnly = Files.createDirectories(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      int code = execute("run", "--pipeline", spec.toString(), "--data-dir", readOnly.toString());
      assertThat(code).isEqualTo(1);
      assertThat(err.toString())
          .isEqualTo(
              "Cannot write to data directory "
                  + readOnly
                  + ": permission denied. Make it writable (chmod -R u+w "
                  + readOnly
                  + ") or pass another --data-dir."
                  + System.lineSeparator());
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void resetNamesItsLayersWhenGivenAnother() {
    int code = execute("reset", "--pipeline", "p.yaml", "--layer", "bronze");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid value for option '--layer': expected one of [SILVER, GOLD, ALL]"
                + " (case-insensitive) but was 'bronze'");
  }

  @Test
  void aRunIsRefusedWhileAnotherRunWritesItsTablesNamingIt() throws Exception {
    Path spec = Files.writeString(dir.resolve("mini.yaml"), SPEC);
    try (LakehouseCatalog catalog =
            LakehouseCatalog.of(CatalogSpec.DEFAULT, new DataLayout(data()));
        WriterLease running =
            WriterLease.acquire(
                catalog,
                "pipeline mini (continuous, layers bronze) in " + data(),
                List.of(TableNames.bronze("bookings")),
                java.time.Duration.ofSeconds(60))) {
      int code = execute("run", "--pipeline", spec.toString(), "--data-dir", data().toString());
      assertThat(code).isEqualTo(1);
      assertThat(err.toString())
          .contains(
              "Cannot start this run: bronze.bookings is being written by another run, pipeline"
                  + " mini (continuous, layers bronze) in "
                  + data()
                  + " (pid "
                  + ProcessHandle.current().pid())
          .doesNotContain("Failed:", "at io.lakehouseflow");
    }
  }

  @Test
  void queryBeforeAnyRunSaysThereAreNoTablesYetAndWhatToRun() {
    int code = execute("query", "SELECT * FROM gold.fact_booking", "--data-dir", data().toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "Cannot query: no tables yet in "
                + data().resolve("warehouse")
                + ". Run ./lakehouse run --pipeline FILE --data-dir "
                + data()
                + " first, or pass the --data-dir the pipeline ran with."
                + System.lineSeparator());
  }

  @Test
  void queryOfAnUnknownTableNamesItAndTheTablesThatExist() {
    createTables(TableNames.bronze("bookings"), TableNames.fact("booking"));
    int code =
        execute("query", "SELECT * FROM gold.fact_bookings", "--data-dir", data().toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "Invalid SQL at line 1, column 15: table gold.fact_bookings does not exist. Tables:"
                + " bronze.bookings, gold.fact_booking. Write one of them as layer.table."
                + System.lineSeparator());
  }

  @Test
  void queryOfAnUnknownLayerNamesTheTableAsWritten() {
    createTables(TableNames.fact("booking"));
    int code =
        execute("query", "SELECT *\nFROM  gld.fact_booking", "--data-dir", data().toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid SQL at line 2, column 7: table gld.fact_booking does not exist. Tables:"
                + " gold.fact_booking.");
  }

  @Test
  void syntaxErrorNamesThePositionAndTheTokenOnOneLine() {
    int code = execute("query", "SELECT * FORM gold.fact_booking", "--data-dir", data().toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "Invalid SQL at line 1, column 15: unexpected \"gold\" in 'SELECT * FORM"
                + " gold.fact_booking'. Fix the statement at that position (Flink SQL)."
                + System.lineSeparator());
  }

  private void createTables(TableIdentifier... ids) {
    try (LakehouseCatalog catalog =
        LakehouseCatalog.of(CatalogSpec.DEFAULT, new DataLayout(data()))) {
      for (TableIdentifier id : ids) {
        catalog.createTableIfAbsent(
            LayerSchema.of(id, List.of(LayerColumn.data("id", Types.LongType.get()))), Map.of());
      }
    }
  }

  /** Whether this user can write where permissions say it cannot (root can). */
  private boolean ignoresPermissions() throws Exception {
    Path probe = Files.createDirectories(dir.resolve("probe"));
    Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Files.delete(Files.createFile(probe.resolve("x")));
      return true;
    } catch (java.nio.file.AccessDeniedException e) {
      return false;
    } finally {
      Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  @Test
  void badDurationIsAUsageErrorNamingTheOptionAndTheSyntax() {
    int code = execute("run", "--pipeline", "p.yaml", "--checkpoint-interval", "soon");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid value for option '--checkpoint-interval': Invalid duration 'soon': write a"
                + " number and a unit, e.g. 500ms, 10s, 1min")
        .contains("Usage: lakehouse run");
  }

  @Test
  void helpShowsDefaultsDeclaredInLakehouseOptions() {
    StringWriter out = new StringWriter();
    CommandLine cli = LakehouseCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.execute("run", "--help");
    assertThat(out.toString()).contains("(default: available-now)").contains("(default: 10 s)");
  }

  @Test
  void generateWritesTheRidesDomainWhenAskedAndRefusesAnUnknownOne() throws Exception {
    Path data = dir.resolve("rides");

    int code = execute("generate", "--domain", "rides", "--data-dir", data.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(data.resolve("pipeline.yaml"))).contains("name: rides");
    assertThat(data.resolve("landing/trips/trips-0001.csv")).exists();
    assertThat(data.resolve("landing/drivers/drivers-0003.csv")).exists();
    assertThat(data.resolve("landing/bookings")).doesNotExist();

    int unknown = execute("generate", "--domain", "trains", "--data-dir", data.toString());

    assertThat(unknown).isEqualTo(2);
    assertThat(err.toString()).contains("trains").contains("RIDES");
  }

  @Test
  void demoRefusesADataDirectoryHoldingAnotherDomain() throws Exception {
    DataLayout layout = new DataLayout(dir.resolve("demo"));
    SampleOptions flights = new SampleOptions();
    flights.domain = SampleOptions.Domain.FLIGHTS;
    flights.seed = 42;
    flights.scale = 1;
    DemoCommand.requireSameSample(layout, flights);
    assertThat(Files.readString(layout.root().resolve("demo-sample")))
        .isEqualTo("flights seed=42 scale=1\n");
    SampleOptions rides = new SampleOptions();
    rides.domain = SampleOptions.Domain.RIDES;
    rides.seed = 42;
    rides.scale = 1;

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DemoCommand.requireSameSample(layout, rides))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rides seed=42 scale=1")
        .hasMessageContaining("it holds the flights seed=42 scale=1 sample");
  }
}
