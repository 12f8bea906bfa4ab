package io.lakehouseflow.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class PipelineSpecLoaderTest {
  private static final Path FLIGHTS = Path.of("../sample-data/flights/pipeline.yaml");

  /** A small valid spec; tests break one line of it. Line numbers are noted on the right. */
  private static final String MINI =
      """
      name: mini
      sources:
        orders:
          columns:
            order_id: bigint
            customer_id: bigint
            amount: string
            updated_at: timestamp
      silver:
        orders:
          source: orders
          renames:
            amount: amount_eur
          casts:
            amount_eur: decimal(10,2)
          expectations:
            - name: positive_amount
              expr: "amount_eur > 0"
              action: quarantine
      dimensions:
        customer:
          source: orders
          key: [customer_id]
          scd: 2
          sequence_by: updated_at
      facts:
        order:
          source: orders
          grain: [order_id]
          event_time: updated_at
          measures: [amount_eur]
          dimensions:
            - dimension: customer
              columns: [customer_id]
      """;

  // Lines: 11 source: orders, 13 amount: amount_eur, 15 amount_eur: decimal, 17 - name,
  // 19 action, 22 source (dimension), 23 key, 24 scd, 25 sequence_by, 31 measures, 34 columns.

  @Test
  void loadsTheFlightsSpecWithDefaults() {
    PipelineSpec spec = PipelineSpecLoader.load(FLIGHTS);

    assertThat(spec.name()).isEqualTo("flights");
    assertThat(spec.location()).endsWith("pipeline.yaml");
    assertThat(spec.catalog())
        .extracting(CatalogSpec::type, CatalogSpec::warehouse, CatalogSpec::properties)
        .containsExactly(CatalogType.HADOOP, "warehouse", java.util.Map.of());
    assertThat(spec.landing()).isEqualTo("landing");
    assertThat(spec.sources().keySet())
        .containsExactly("customers", "airports", "flights", "bookings");
    SourceSpec bookings = spec.source("bookings");
    assertThat(bookings.path()).isEqualTo("bookings");
    assertThat(bookings.format()).isEqualTo(SourceFormat.CSV);
    assertThat(bookings.csv()).isEqualTo(CsvOptions.DEFAULT);
    assertThat(bookings.columns())
        .extracting(ColumnSpec::name)
        .containsExactly(
            "booking_id",
            "customer_id",
            "flight_id",
            "booked_at",
            "seats",
            "fare",
            "currency",
            "status");
    assertThat(bookings.column("seats")).contains(new ColumnSpec("seats", ColumnType.INT));

    SilverTableSpec silverBookings = spec.silverTable("bookings");
    assertThat(silverBookings.renames())
        .containsExactly(java.util.Map.entry("fare", "fare_amount"));
    assertThat(silverBookings.casts())
        .containsExactly(java.util.Map.entry("fare_amount", ColumnType.decimal(10, 2)));
    assertThat(silverBookings.expectations())
        .extracting(ExpectationSpec::name, ExpectationSpec::expression, ExpectationSpec::action)
        .containsExactly(
            tuple("positive_fare", "fare_amount > 0", ExpectationAction.QUARANTINE),
            tuple("seats_in_range", "seats BETWEEN 1 AND 9", ExpectationAction.QUARANTINE),
            tuple("known_status", "status IN ('CONFIRMED', 'CANCELLED')", ExpectationAction.WARN));
    assertThat(spec.silverColumns("bookings"))
        .contains(new ColumnSpec("fare_amount", ColumnType.decimal(10, 2)))
        .extracting(ColumnSpec::name)
        .doesNotContain("fare");
    assertThat(spec.silverTable("airports").expectations()).isEmpty();

    DimensionSpec customer = spec.dimension("customer");
    assertThat(customer.scd()).isEqualTo(ScdType.TYPE_2);
    assertThat(customer.key()).containsExactly("customer_id");
    assertThat(customer.attributes()).containsExactly("name", "email", "tier", "country");
    assertThat(customer.tracked()).containsExactly("name", "email", "tier", "country");
    assertThat(customer.sequenceBy()).isEqualTo("updated_at");
    DimensionSpec airport = spec.dimension("airport");
    assertThat(airport.scd()).isEqualTo(ScdType.TYPE_1);
    assertThat(airport.attributes()).containsExactly("airport_name", "city", "country");
    assertThat(airport.tracked()).isEmpty();
    assertThat(spec.dimension("flight").attributes())
        .containsExactly("flight_number", "origin", "destination", "departure_at");

    FactSpec booking = spec.fact("booking").orElseThrow();
    assertThat(booking.grain()).containsExactly("booking_id");
    assertThat(booking.eventTime()).isEqualTo("booked_at");
    assertThat(booking.measures()).containsExactly("seats", "fare_amount");
    assertThat(booking.attributes()).containsExactly("currency", "status");
    assertThat(booking.dimensions())
        .containsExactly(
            new DimensionReference("customer", List.of("customer_id")),
            new DimensionReference("flight", List.of("flight_id")));
  }

  @Test
  void loadedSpecIsImmutableAndSerializable() throws Exception {
    PipelineSpec spec = PipelineSpecLoader.load(FLIGHTS);

    assertThatThrownBy(() -> spec.sources().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> spec.dimension("customer").attributes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(spec);
    }
  }

  @Test
  void readsExplicitSettings() {
    PipelineSpec spec =
        parse(
            MINI.replace(
                    "name: mini\n",
                    "name: mini\ncatalog:\n  type: jdbc\n  warehouse: s3://wh\n"
                        + "  properties:\n    uri: jdbc:sqlite:x\nlanding: /data/in\n")
                .replace(
                    "  orders:\n    columns:",
                    "  orders:\n    path: shop/orders\n    format: CSV\n"
                        + "    csv: {delimiter: ';', header: false, null_value: NULL}\n    columns:")
                .replace(
                    "    scd: 2\n",
                    "    scd: 2\n    attributes: [amount_eur, order_id]\n    track: [amount_eur]\n"));

    assertThat(spec.catalog())
        .extracting(CatalogSpec::type, CatalogSpec::warehouse, CatalogSpec::properties)
        .containsExactly(CatalogType.JDBC, "s3://wh", java.util.Map.of("uri", "jdbc:sqlite:x"));
    assertThat(spec.landing()).isEqualTo("/data/in");
    assertThat(spec.source("orders").path()).isEqualTo("shop/orders");
    assertThat(spec.source("orders").csv()).isEqualTo(new CsvOptions(';', false, "NULL"));
    assertThat(spec.dimension("customer").attributes()).containsExactly("amount_eur", "order_id");
    assertThat(spec.dimension("customer").tracked()).containsExactly("amount_eur");
  }

  @Test
  void readsSettleTimeAndIgnorePatternsPerSourceWithDefaults() {
    assertThat(parse(MINI).source("orders"))
        .extracting(SourceSpec::settle, SourceSpec::ignore)
        .containsExactly(
            java.time.Duration.ofSeconds(30),
            List.of("*.tmp", "*.partial", "*._COPYING_", "*.crdownload"));

    SourceSpec orders =
        parse(
                MINI.replace(
                    "  orders:\n    columns:",
                    "  orders:\n    settle: 2 min\n    ignore: ['*.part', 'x-?.csv']\n"
                        + "    columns:"))
            .source("orders");

    assertThat(orders.settle()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(orders.ignore()).containsExactly("*.part", "x-?.csv");
    assertThat(
            parse(
                    MINI.replace(
                        "  orders:\n    columns:", "  orders:\n    ignore: []\n    columns:"))
                .source("orders")
                .ignore())
        .isEmpty();
  }

  @Test
  void invalidSettleTimeAndIgnorePatternsAreReportedWithTheirPosition() {
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    settle: soon\n    ignore: ['*.tmp', 'tmp/*', '[x']\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:4:13 at sources.orders.settle: invalid settle time 'soon': it must be a"
                + " duration of zero or more. Write for example 'settle: 30 s'")
        .hasMessageContaining(
            "at sources.orders.ignore[1]: invalid ignore pattern 'tmp/*': it holds a '/', but"
                + " ignore globs match file names, not paths.")
        .hasMessageContaining("at sources.orders.ignore[2]: invalid ignore pattern '[x'");
    assertInvalid(
            MINI.replace("  orders:\n    columns:", "  orders:\n    settle: -5 s\n    columns:"))
        .hasMessageContaining("invalid settle time '-5 s'");
  }

  @Test
  void cleanupIsNoneByDefaultAndReadAsDeleteOrMoveTo() {
    assertThat(parse(MINI).source("orders").cleanup()).isEqualTo(LandingCleanup.NONE);
    assertThat(parse(withCleanup("none")).source("orders").cleanup())
        .isEqualTo(LandingCleanup.NONE);
    assertThat(parse(withCleanup("delete")).source("orders").cleanup())
        .isEqualTo(LandingCleanup.DELETE);
    assertThat(parse(withCleanup("{move_to: archive/orders}")).source("orders").cleanup())
        .isEqualTo(LandingCleanup.moveTo("archive/orders"));
    assertThat(
            parse("landing: /data/in\n" + withCleanup("{move_to: /data/done/orders}"))
                .source("orders")
                .cleanup()
                .archive())
        .contains("/data/done/orders");
  }

  @Test
  void anInvalidCleanupIsNamedWithItsPosition() {
    assertInvalid(withCleanup("archive"))
        .hasMessageContaining(
            "pipeline.yaml:4:14 at sources.orders.cleanup: invalid cleanup 'archive': it must be"
                + " none, delete or {move_to: DIR}. Write 'cleanup: none', 'cleanup: delete' or"
                + " 'cleanup: {move_to: archive/<source>}'.");
    assertInvalid(withCleanup("{moveto: archive}"))
        .hasMessageContaining("unknown key 'moveto': did you mean 'move_to'?");
    assertInvalid(withCleanup("{}")).hasMessageContaining("missing required key 'move_to'");
  }

  @Test
  void aMoveToInsideTheLandingRootIsASpecErrorSinceMovedFilesWouldBeReadAgain() {
    assertInvalid(withCleanup("{move_to: landing/orders/done}"))
        .hasMessageContaining(
            "pipeline.yaml:4:24 at sources.orders.cleanup.move_to: invalid move_to"
                + " 'landing/orders/done': it is inside the landing root 'landing', so moved files"
                + " would be ingested again. Choose a directory outside it, such as"
                + " 'archive/<source>'.");
    assertInvalid(withCleanup("{move_to: ./landing}"))
        .hasMessageContaining("invalid move_to './landing': it is inside the landing root");
    assertInvalid("landing: /data/in\n" + withCleanup("{move_to: /data/in/old}"))
        .hasMessageContaining("invalid move_to '/data/in/old': it is inside the landing root");
    assertInvalid("landing: s3://bucket/in\n" + withCleanup("{move_to: 's3://bucket/in/old'}"))
        .hasMessageContaining("invalid move_to 's3://bucket/in/old'");
    assertThat(parse(withCleanup("{move_to: landing-archive}")).source("orders").cleanup())
        .as("a sibling whose name starts like the landing root is outside it")
        .isEqualTo(LandingCleanup.moveTo("landing-archive"));
  }

  private static String withCleanup(String cleanup) {
    return MINI.replace(
        "  orders:\n    columns:", "  orders:\n    cleanup: " + cleanup + "\n    columns:");
  }

  @Test
  void discoveryOptionsAreReadAndInvalidOnesNamedWithTheirPosition() {
    assertThat(parse(MINI).source("orders").discovery()).isEqualTo(DiscoveryOptions.DEFAULT);
    DiscoveryOptions read =
        parse(
                MINI.replace(
                    "  orders:\n    columns:",
                    "  orders:\n    include: ['*.csv', 'part-*']\n"
                        + "    modified_after: '2025-01-01T06:00:00+01:00'\n"
                        + "    max_files_per_trigger: 100\n    max_bytes_per_trigger: 1 gb\n"
                        + "    columns:"))
            .source("orders")
            .discovery();
    assertThat(read)
        .isEqualTo(
            new DiscoveryOptions(
                List.of("*.csv", "part-*"),
                java.time.Instant.parse("2025-01-01T05:00:00Z"),
                100,
                1L << 30));
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    include: ['in/*.csv']\n    modified_after: yesterday\n"
                    + "    max_files_per_trigger: 0\n    max_bytes_per_trigger: lots\n"
                    + "    columns:"))
        .hasMessageContaining(
            "at sources.orders.include[0]: invalid include pattern 'in/*.csv': it holds a '/',"
                + " but include globs match file names, not paths.")
        .hasMessageContaining(
            "at sources.orders.modified_after: invalid time 'yesterday': write an ISO-8601 time"
                + " with its zone")
        .hasMessageContaining(
            "at sources.orders.max_files_per_trigger: invalid value '0': it must be a number of"
                + " files above 0")
        .hasMessageContaining("at sources.orders.max_bytes_per_trigger: invalid size 'lots'");
  }

  @Test
  void aFactsStateTtlIsOptionalAndAtLeastASecond() {
    assertThat(parse(MINI).facts().get("order").ttl()).isEmpty();
    String withTtl = "    grain: [order_id]\n    state_ttl: %s\n";
    assertThat(
            parse(MINI.replace("    grain: [order_id]\n", withTtl.formatted("30 d")))
                .facts()
                .get("order")
                .ttl())
        .contains(java.time.Duration.ofDays(30));
    assertInvalid(MINI.replace("    grain: [order_id]\n", withTtl.formatted("500 ms")))
        .hasMessageContaining(
            "at facts.order.state_ttl: invalid state TTL '500 ms': it must be a duration of a"
                + " second or more. Write for example 'state_ttl: 30 d'");
    assertInvalid(MINI.replace("    grain: [order_id]\n", withTtl.formatted("forever")))
        .hasMessageContaining("invalid state TTL 'forever'");
  }

  @Test
  void aSilverTablesDedupNeedsATtlOfASecondOrMore() {
    assertThat(parse(MINI).silver().get("orders").deduplication()).isEmpty();
    String positive = "        action: quarantine\n";
    String dedup = positive + "    dedup: %s\n";
    assertThat(
            parse(MINI.replace(positive, dedup.formatted("{ttl: 7 d}")))
                .silver()
                .get("orders")
                .deduplication())
        .contains(java.time.Duration.ofDays(7));
    assertInvalid(MINI.replace(positive, dedup.formatted("{ttl: 0 s}")))
        .hasMessageContaining(
            "at silver.orders.dedup.ttl: invalid dedup TTL '0 s': it must be a duration of a"
                + " second or more");
    assertInvalid(MINI.replace(positive, dedup.formatted("{}")))
        .hasMessageContaining("at silver.orders.dedup: missing required key 'ttl'");
    assertInvalid(MINI.replace(positive, dedup.formatted("{ttl: 1 h, keys: [order_id]}")))
        .hasMessageContaining(
            "at silver.orders.dedup.keys: unknown key 'keys'. Allowed keys: ttl.");
  }

  @Test
  void aCastsOnErrorIsAnExpectationAction() {
    String cast = "    amount_eur: decimal(10,2)\n";
    String withAction = "    amount_eur: {type: \"decimal(10,2)\", on_error: %s}\n";
    SilverTableSpec orders = parse(MINI).silver().get("orders");
    assertThat(orders.castAction("amount_eur")).isEqualTo(ExpectationAction.QUARANTINE);
    assertThat(
            parse(MINI.replace(cast, withAction.formatted("warn")))
                .silver()
                .get("orders")
                .castAction("amount_eur"))
        .isEqualTo(ExpectationAction.WARN);
    assertInvalid(MINI.replace(cast, withAction.formatted("ignore")))
        .hasMessageContaining(
            "at silver.orders.casts.amount_eur.on_error: unknown on_error 'ignore' (allowed: warn, drop, quarantine, fail)");
    assertInvalid(MINI.replace(cast, "    amount_eur: {type: int, on_eror: drop}\n"))
        .hasMessageContaining("at silver.orders.casts.amount_eur.on_eror: unknown key 'on_eror'");
  }

  @Test
  void unknownKeySuggestsTheClosestAllowedKey() {
    assertInvalid(MINI.replace("    sequence_by: updated_at", "    sequence_bye: updated_at"))
        .hasMessageContaining(
            "pipeline.yaml:25:5 at dimensions.customer.sequence_bye: unknown key 'sequence_bye': did you mean 'sequence_by'?")
        .hasMessageContaining("Allowed keys: source, key, scd, attributes, track, sequence_by");
  }

  @Test
  void aFactSequenceColumnIsOptionalAndChecked() {
    assertThat(parse(MINI).facts().get("order").sequence()).isEmpty();
    assertThat(
            parse(
                    MINI.replace(
                        "    grain: [order_id]",
                        "    grain: [order_id]\n    sequence_by: updated_at"))
                .facts()
                .get("order")
                .sequence())
        .contains("updated_at");
    assertInvalid(
            MINI.replace(
                "    grain: [order_id]", "    grain: [order_id]\n    sequence_by: version"))
        .hasMessageContaining(
            "pipeline.yaml:30:18 at facts.order.sequence_by: column 'version' not found in silver.orders");
  }

  @Test
  void misspelledRequiredKeyIsReportedOnce() {
    InvalidSpecException e =
        catchInvalid(MINI.replace("    sequence_by: updated_at", "    sequence_bye: updated_at"));
    assertThat(e.errors())
        .singleElement()
        .extracting(SpecError::path)
        .isEqualTo("dimensions.customer.sequence_bye");
    assertInvalid(MINI.replace("    sequence_by: updated_at\n", ""))
        .hasMessageContaining(
            "pipeline.yaml:21:3 at dimensions.customer: missing required key 'sequence_by'. Add 'sequence_by: <column ordering changes, like updated_at>'.");
  }

  @Test
  void wrongNodeKindIsReported() {
    assertInvalid(MINI.replace("    key: [customer_id]", "    key: customer_id"))
        .hasMessageContaining(
            "pipeline.yaml:23:10 at dimensions.customer.key: expected a list of key column names (a list), found the value 'customer_id'")
        .hasMessageContaining("Write it as [a, b]");
    assertInvalid(MINI.replace("    renames:\n      amount: amount_eur", "    renames: [amount]"))
        .hasMessageContaining("pipeline.yaml:12:14 at silver.orders.renames: expected renames")
        .hasMessageContaining("found a list");
  }

  @Test
  void missingRequiredKeySaysWhatToWrite() {
    assertInvalid(MINI.replace("    source: orders\n    renames:", "    renames:"))
        .hasMessageContaining(
            "pipeline.yaml:10:3 at silver.orders: missing required key 'source'. Add 'source: <source name>'.");
  }

  @Test
  void brokenElementIsNotReportedAgainWhereItIsReferenced() {
    InvalidSpecException e =
        catchInvalid(MINI.replace("    source: orders\n    renames:", "    renames:"));
    assertThat(e.errors()).hasSize(1);
  }

  @Test
  void undeclaredSilverTableListsTheDeclaredOnes() {
    assertInvalid(MINI.replace("    source: orders\n    key:", "    source: order\n    key:"))
        .hasMessageContaining(
            "pipeline.yaml:22:13 at dimensions.customer.source: silver table 'order' is not declared (silver: orders). Fix the name or declare it under silver.");
  }

  @Test
  void undeclaredSourceAndDimensionAreReported() {
    assertInvalid(
            MINI.replace(
                    "  orders:\n    source: orders\n    renames",
                    "  orders:\n    source: ordrs\n    renames")
                .replace("- dimension: customer", "- dimension: client"))
        .hasMessageContaining(
            "pipeline.yaml:11:13 at silver.orders.source: source 'ordrs' is not declared (sources: orders).")
        .hasMessageContaining(
            "pipeline.yaml:33:20 at facts.order.dimensions[0].dimension: dimension 'client' is not declared (dimensions: customer).");
  }

  @Test
  void missingColumnNamesTheTableItsColumnsAndTheFix() {
    assertInvalid(
            MINI.replace("    measures: [amount_eur]", "    measures: [amount_eur, quantity]"))
        .hasMessageContaining(
            "pipeline.yaml:31:28 at facts.order.measures[1]: column 'quantity' not found in silver.orders (columns: order_id, customer_id, amount_eur, updated_at). Fix the name or declare the column in sources.orders.columns.");
  }

  @Test
  void columnRenamedAwayPointsToItsNewName() {
    assertInvalid(MINI.replace("    measures: [amount_eur]", "    measures: [amount]"))
        .hasMessageContaining(
            "pipeline.yaml:31:16 at facts.order.measures[0]: column 'amount' not found in silver.orders")
        .hasMessageContaining("It is renamed to 'amount_eur' in silver.orders; use 'amount_eur'.");
    assertInvalid(MINI.replace("      amount_eur: decimal(10,2)", "      amount: decimal(10,2)"))
        .hasMessageContaining(
            "pipeline.yaml:15:7 at silver.orders.casts.amount: column 'amount' not found in silver.orders");
  }

  @Test
  void renameOfUnknownColumnIsReported() {
    assertInvalid(MINI.replace("      amount: amount_eur", "      amout: amount_eur"))
        .hasMessageContaining(
            "pipeline.yaml:13:7 at silver.orders.renames.amout: column 'amout' not found in sources.orders (columns: order_id, customer_id, amount, updated_at). Fix the name or declare the column in sources.orders.columns.");
  }

  @Test
  void reservedAndMalformedNamesAreRejected() {
    assertInvalid(MINI.replace("      amount: string", "      _amount: string"))
        .hasMessageContaining(
            "pipeline.yaml:7:7 at sources.orders.columns._amount: invalid column name '_amount': a leading '_' is reserved for metadata columns. Rename it, for example to 'amount'.");
    assertInvalid(MINI.replace("facts:\n  order:", "facts:\n  Order-Lines:"))
        .hasMessageContaining(
            "pipeline.yaml:27:3 at facts.Order-Lines: invalid fact name 'Order-Lines'")
        .hasMessageContaining("for example to 'order_lines'");
  }

  @Test
  void schemaEvolutionDefaultsToAddNewColumnsAndAnUnknownModeIsNamed() {
    assertThat(parse(MINI).source("orders").evolution()).isEqualTo(SchemaEvolution.ADD_NEW_COLUMNS);
    assertThat(parse(MINI).source("orders").addedColumns()).isEmpty();
    PipelineSpec rescue =
        parse(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    schema_evolution: RESCUE\n    columns:"));
    assertThat(rescue.source("orders").evolution()).isEqualTo(SchemaEvolution.RESCUE);
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:", "  orders:\n    schema_evolution: merge\n    columns:"))
        .hasMessageContaining(
            "at sources.orders.schema_evolution: unknown schema_evolution 'merge' (allowed:"
                + " add_new_columns, rescue, fail, none). Write one of them.");
  }

  @Test
  void aSourceWithoutColumnsInfersThemFromAHeaderAndHintsTypeOnlyThoseColumns() {
    PipelineSpec inferred =
        parse(
            """
            name: inferred
            sources:
              trips:
                schema_hints: {fare: "decimal(10,2)"}
            silver:
              trips: {source: trips, casts: {trip_id: bigint}}
            """);
    assertThat(inferred.source("trips").infersColumns()).isTrue();
    assertInvalid(
            """
            name: inferred
            sources:
              trips:
                csv: {header: false}
            """)
        .hasMessageContaining(
            "pipeline.yaml:3:3 at sources.trips: source 'trips' declares no columns, and its files"
                + " have no header to infer them from.");
    assertInvalid(
            """
            name: hinted
            sources:
              trips:
                columns: {trip_id: bigint}
                schema_hints: {TRIP_ID: int}
            """)
        .hasMessageContaining(
            "at sources.trips.schema_hints.TRIP_ID: schema hint for 'TRIP_ID', a declared column of"
                + " source 'trips'.");
    assertInvalid(
            """
            name: inferred
            sources:
              drivers: {}
            silver:
              drivers: {source: drivers}
            dimensions:
              driver: {source: drivers, key: [driver_id], scd: 1, sequence_by: updated_at}
            """)
        .hasMessageContaining(
            "dimension 'driver' reads silver.drivers, whose source infers its columns from its"
                + " files, so its attributes cannot default to every column. List them under"
                + " 'attributes:'.");
  }

  @Test
  void addedColumnsFollowTheDeclaredOnesIntoSilver() {
    PipelineSpec spec = parse(MINI);
    PipelineSpec evolved =
        spec.withAddedColumns("orders", List.of(new ColumnSpec("Gate", ColumnType.STRING)));

    assertThat(evolved.source("orders").declaredColumns())
        .isEqualTo(spec.source("orders").columns());
    assertThat(evolved.source("orders").addedColumns())
        .containsExactly(new ColumnSpec("Gate", ColumnType.STRING));
    assertThat(evolved.silverColumns("orders")).endsWith(new ColumnSpec("Gate", ColumnType.STRING));
    assertThat(evolved.withAddedColumns("orders", List.of())).isNotSameAs(evolved);
    assertThat(spec.withAddedColumns("orders", List.of())).isSameAs(spec);
  }

  @Test
  void unsupportedFormatListsSupportedFormats() {
    assertInvalid(
            MINI.replace("  orders:\n    columns:", "  orders:\n    format: orc\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:4:13 at sources.orders.format: unknown format 'orc' (supported"
                + " formats: csv, json, parquet, avro).");
  }

  @Test
  void parquetSourceReadsItsOptionsAndMayInferItsColumnsFromTheFiles() {
    PipelineSpec spec =
        parse(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: parquet\n    parquet: {nested: string}\n    columns:"));
    SourceSpec orders = spec.source("orders");
    assertThat(orders.format()).isEqualTo(SourceFormat.PARQUET);
    assertThat(orders.parquet()).isEqualTo(new ParquetOptions(JsonNested.STRING));
    assertThat(orders.compression()).isEqualTo(Compression.NONE);
    assertThat(orders.evolution()).isEqualTo(SchemaEvolution.ADD_NEW_COLUMNS);
    assertThat(orders.format().readsWholeFiles()).isTrue();

    PipelineSpec inferring =
        parse(
            """
            name: mini
            sources:
              orders:
                format: parquet
                schema_evolution: rescue
            """);
    assertThat(inferring.source("orders").infersColumns()).isTrue();
    assertThat(inferring.source("orders").evolution()).isEqualTo(SchemaEvolution.RESCUE);
  }

  @Test
  void parquetSourceRejectsCompressionWithPositionAndWhy() {
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: parquet\n    parquet: {compression: snappy}\n"
                    + "    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:5:15 at sources.orders.parquet.compression: a Parquet file compresses"
                + " its pages itself and names the codec (snappy, gzip, zstd...) inside it, so a"
                + " Parquet source has no compression option. Remove 'compression:'; allowed"
                + " keys: nested.");
  }

  @Test
  void avroSourceReadsItsOptionsAndRejectsCompressionAndParquetOptions() {
    SourceSpec orders =
        parse(
                MINI.replace(
                    "  orders:\n    columns:",
                    "  orders:\n    format: avro\n    avro: {nested: string}\n    columns:"))
            .source("orders");
    assertThat(orders.format()).isEqualTo(SourceFormat.AVRO);
    assertThat(orders.avro()).isEqualTo(new AvroOptions(JsonNested.STRING));
    assertThat(orders.evolution()).isEqualTo(SchemaEvolution.ADD_NEW_COLUMNS);
    assertThat(orders.format().readsWholeFiles()).isTrue();
    assertThat(
            parse("name: mini\nsources:\n  orders:\n    format: avro\n")
                .source("orders")
                .infersColumns())
        .isTrue();
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: avro\n    avro: {compression: deflate}\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:5:12 at sources.orders.avro.compression: an Avro container file"
                + " compresses its blocks itself and names the codec (deflate, snappy, zstd...) in"
                + " its header, so an Avro source has no compression option. Remove"
                + " 'compression:'; allowed keys: nested.");
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: avro\n    parquet: {nested: string}\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:5:5 at sources.orders.parquet: source 'orders' reads Avro, so its"
                + " parquet options do not apply. Remove 'parquet:', or set format: parquet; an"
                + " Avro source's options go under 'avro:' (nested).");
  }

  @Test
  void parquetSourceRejectsOtherFormatsOptionsAndUnknownNested() {
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: parquet\n    csv: {delimiter: ';'}\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:5:5 at sources.orders.csv: source 'orders' reads Parquet, so its csv"
                + " options do not apply. Remove 'csv:', or set format: csv; a Parquet source's"
                + " options go under 'parquet:' (nested).");
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: json\n    parquet: {nested: string}\n    columns:"))
        .hasMessageContaining(
            "at sources.orders.parquet: source 'orders' reads JSON, so its parquet options do not"
                + " apply. Remove 'parquet:', or set format: parquet; a JSON source's options go"
                + " under 'json:' (compression, nested).");
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: parquet\n    parquet: {nested: flatten}\n    columns:"))
        .hasMessageContaining("unknown nested 'flatten' (allowed: string)");
  }

  @Test
  void jsonSourceReadsJsonOptionsAndRescuesByDefault() {
    PipelineSpec spec =
        parse(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: json\n    json: {compression: gzip, nested: string}\n"
                    + "    columns:"));
    SourceSpec orders = spec.source("orders");
    assertThat(orders.format()).isEqualTo(SourceFormat.JSON);
    assertThat(orders.json()).isEqualTo(new JsonOptions(Compression.GZIP, JsonNested.STRING));
    assertThat(orders.compression()).isEqualTo(Compression.GZIP);
    assertThat(orders.evolution()).isEqualTo(SchemaEvolution.RESCUE);
    assertThat(parse(MINI).source("orders").evolution()).isEqualTo(SchemaEvolution.ADD_NEW_COLUMNS);
  }

  @Test
  void jsonSourceRejectsCsvOptionsWithPosition() {
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: json\n    csv: {delimiter: ';'}\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:5:5 at sources.orders.csv: source 'orders' reads JSON, so its csv"
                + " options do not apply.");
  }

  @Test
  void csvSourceRejectsJsonOptions() {
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:", "  orders:\n    json: {nested: string}\n    columns:"))
        .hasMessageContaining("at sources.orders.json: source 'orders' reads CSV");
  }

  @Test
  void jsonSourceAddsOrRefusesNewFieldsAndInfersItsColumnsWithoutDeclaredOnes() {
    for (SchemaEvolution mode : List.of(SchemaEvolution.ADD_NEW_COLUMNS, SchemaEvolution.FAIL)) {
      SourceSpec orders =
          parse(
                  MINI.replace(
                      "  orders:\n    columns:",
                      "  orders:\n    format: json\n    schema_evolution: "
                          + mode.specName()
                          + "\n    columns:"))
              .source("orders");
      assertThat(orders.evolution()).isEqualTo(mode);
    }
    // Without columns: taken from the records' fields, and following the data by default.
    SourceSpec events =
        parse(
                """
                name: inferred
                sources:
                  events: {format: json, infer_types: true}
                """)
            .source("events");
    assertThat(events.infersColumns()).isTrue();
    assertThat(events.inferTypes()).isTrue();
    assertThat(events.evolution()).isEqualTo(SchemaEvolution.ADD_NEW_COLUMNS);
  }

  @Test
  void inferTypesIsOffByDefaultAndRefusedWhereItCouldTypeNothing() {
    assertThat(parse(MINI).source("orders").inferTypes()).isFalse();
    assertThat(PipelineSpecLoader.load(FLIGHTS).sources().values())
        .noneMatch(SourceSpec::inferTypes);
    assertThat(
            parse(
                    MINI.replace(
                        "  orders:\n    columns:",
                        "  orders:\n    infer_types: true\n    columns:"))
                .source("orders")
                .inferTypes())
        .isTrue();
    assertInvalid(
            """
            name: inferred
            sources:
              trips: {format: parquet, infer_types: true}
            """)
        .hasMessageContaining(
            "pipeline.yaml:3:41 at sources.trips.infer_types: infer_types applies to CSV and JSON"
                + " sources: source 'trips' reads Parquet, whose files type their columns"
                + " themselves. Remove 'infer_types:'.");
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: json\n    infer_types: true\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:5:18 at sources.orders.infer_types: infer_types types the columns"
                + " bronze infers or adds, and source 'orders' declares its columns and adds none"
                + " (schema_evolution: rescue). Remove 'infer_types:', or set schema_evolution:"
                + " add_new_columns.");
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:", "  orders:\n    infer_types: yes please\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:4:18 at sources.orders.infer_types: invalid boolean 'yes please'"
                + " (allowed: true, false).");
  }

  @Test
  void unknownNestedOptionListsAllowed() {
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    format: json\n    json: {nested: struct}\n    columns:"))
        .hasMessageContaining("unknown nested 'struct' (allowed: string)");
  }

  @Test
  void unknownTypeListsAllowedTypes() {
    assertInvalid(MINI.replace("order_id: bigint", "order_id: bignum"))
        .hasMessageContaining(
            "pipeline.yaml:5:17 at sources.orders.columns.order_id: unknown type 'bignum' (allowed: string, int, bigint, double, boolean, date, timestamp, timestamptz, decimal(p,s)).");
  }

  /** MINI with one more source column after {@code amount} (line 8), then updated_at. */
  private static String withColumn(String column) {
    return MINI.replace("      amount: string\n", "      amount: string\n" + column + "\n");
  }

  @Test
  void aColumnMayDeclareItsFormatInTheLongForm() {
    SourceSpec orders =
        parse(
                withColumn(
                    "      booked_at: {type: timestamp, format: \"dd/MM/yyyy HH:mm\"}\n"
                        + "      paid_at:\n"
                        + "        type: timestamptz\n"
                        + "        format: epoch_millis\n"
                        + "      shipped_at: {type: timestamptz, format: EPOCH_SECONDS}\n"
                        + "      due: {type: date, format: dd.MM.yyyy}\n"
                        + "      noted_at: {type: timestamptz}\n"
                        + "      seen_at: timestamptz"))
            .source("orders");

    assertThat(orders.columns())
        .containsExactly(
            new ColumnSpec("order_id", ColumnType.BIGINT),
            new ColumnSpec("customer_id", ColumnType.BIGINT),
            new ColumnSpec("amount", ColumnType.STRING),
            new ColumnSpec(
                "booked_at",
                ColumnType.TIMESTAMP,
                new ColumnFormat(ColumnFormat.Kind.PATTERN, "dd/MM/yyyy HH:mm")),
            new ColumnSpec("paid_at", ColumnType.TIMESTAMPTZ, ColumnFormat.EPOCH_MILLIS),
            new ColumnSpec("shipped_at", ColumnType.TIMESTAMPTZ, ColumnFormat.EPOCH_SECONDS),
            new ColumnSpec(
                "due", ColumnType.DATE, new ColumnFormat(ColumnFormat.Kind.PATTERN, "dd.MM.yyyy")),
            new ColumnSpec("noted_at", ColumnType.TIMESTAMPTZ),
            new ColumnSpec("seen_at", ColumnType.TIMESTAMPTZ),
            new ColumnSpec("updated_at", ColumnType.TIMESTAMP));
    assertThat(ColumnType.TIMESTAMPTZ.icebergType())
        .isEqualTo(org.apache.iceberg.types.Types.TimestampType.withZone());
    assertThat(ColumnType.TIMESTAMPTZ.sqlType()).isEqualTo("TIMESTAMP_LTZ(6)");
  }

  @Test
  void aFormatThatCannotReadItsColumnIsReportedWithItsPositionAndAFix() {
    assertInvalid(withColumn("      booked_at: {type: timestamp, format: \"dd/MM/yyyy bb\"}"))
        .hasMessageContaining(
            "pipeline.yaml:8:44 at sources.orders.columns.booked_at.format: invalid format"
                + " 'dd/MM/yyyy bb': Unknown pattern letter: b. Write a java.time"
                + " DateTimeFormatter pattern with date and time of day, for example"
                + " \"dd/MM/yyyy HH:mm\", or epoch_seconds or epoch_millis.");
    assertInvalid(withColumn("      booked_at: {type: timestamptz, format: dd/MM/yyyy}"))
        .hasMessageContaining(
            "pipeline.yaml:8:46 at sources.orders.columns.booked_at.format: invalid format"
                + " 'dd/MM/yyyy': it does not give a time of day (hour and minute; 'hh' needs the"
                + " AM/PM marker 'a').");
    assertInvalid(withColumn("      booked_at: {type: timestamp, format: \"dd/MM/yyyy hh:mm\"}"))
        .hasMessageContaining("invalid format 'dd/MM/yyyy hh:mm': it does not give a time of day");
    assertInvalid(withColumn("      due: {type: date, format: \"MM/yyyy\"}"))
        .hasMessageContaining(
            "at sources.orders.columns.due.format: invalid format 'MM/yyyy': it does not give a"
                + " whole date (year, month and day). Write a java.time DateTimeFormatter pattern"
                + " of a date, for example \"dd/MM/yyyy\".");
    assertInvalid(withColumn("      due: {type: date, format: epoch_seconds}"))
        .hasMessageContaining(
            "invalid format 'epoch_seconds': epoch_seconds applies only to timestamp and"
                + " timestamptz columns, not to date.");
    assertInvalid(withColumn("      quantity: {type: bigint, format: epoch_millis}"))
        .hasMessageContaining(
            "pipeline.yaml:8:40 at sources.orders.columns.quantity.format: invalid format"
                + " 'epoch_millis': a format applies only to date, timestamp and timestamptz"
                + " columns, not to bigint. Remove format, or declare the column as date,"
                + " timestamp or timestamptz.");
  }

  @Test
  void aLongFormColumnIsCheckedLikeAnyMapping() {
    InvalidSpecException e =
        catchInvalid(
            withColumn("      booked_at: {type: timestmp, fromat: \"dd/MM/yyyy HH:mm\"}")
                .replace("      order_id: bigint", "      order_id: {format: epoch_seconds}"));

    assertThat(e.errors())
        .extracting(SpecError::path)
        .containsExactly(
            "sources.orders.columns.order_id",
            "sources.orders.columns.booked_at.type",
            "sources.orders.columns.booked_at.fromat");
    assertThat(e)
        .hasMessageContaining(
            "pipeline.yaml:5:7 at sources.orders.columns.order_id: missing required key 'type'."
                + " Add 'type: <type>'.")
        .hasMessageContaining("unknown type 'timestmp' (allowed: string, int, bigint, double,")
        .hasMessageContaining("unknown key 'fromat': did you mean 'format'?");
  }

  @Test
  void timestamptzOrdersDimensionVersionsAndPlacesFacts() {
    PipelineSpec spec = parse(MINI.replace("updated_at: timestamp", "updated_at: timestamptz"));

    assertThat(spec.silverColumns("orders"))
        .contains(new ColumnSpec("updated_at", ColumnType.TIMESTAMPTZ));
    assertThat(
            parse(MINI.replace("    casts:\n", "    casts:\n      updated_at: timestamptz\n"))
                .silverColumns("orders"))
        .contains(new ColumnSpec("updated_at", ColumnType.TIMESTAMPTZ));
  }

  @Test
  void badCsvOptionsAreReported() {
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    csv:\n      delimiter: ';;'\n      header: maybe\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:5:18 at sources.orders.csv.delimiter: delimiter ';;' must be exactly one character.")
        .hasMessageContaining(
            "pipeline.yaml:6:15 at sources.orders.csv.header: invalid boolean 'maybe' (allowed: true, false).");
  }

  @Test
  void readsQuoteEscapeEncodingAndCompression() {
    PipelineSpec spec =
        parse(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    csv: {quote: \"'\", escape: '\\', encoding: latin1,"
                    + " compression: gzip}\n    columns:"));

    assertThat(spec.source("orders").csv())
        .isEqualTo(new CsvOptions(',', true, "", '\'', '\\', "ISO-8859-1", Compression.GZIP));
    assertThat(spec.source("orders").csv().charset())
        .isEqualTo(java.nio.charset.StandardCharsets.ISO_8859_1);
    // An escape equal to the quote is RFC 4180's doubled quote, the default.
    assertThat(
            parse(
                    MINI.replace(
                        "  orders:\n    columns:",
                        "  orders:\n    csv: {escape: '\"'}\n    columns:"))
                .source("orders")
                .csv())
        .isEqualTo(CsvOptions.DEFAULT);
    assertThat(CsvOptions.DEFAULT)
        .extracting(
            CsvOptions::quote, CsvOptions::escape, CsvOptions::encoding, CsvOptions::compression)
        .containsExactly('"', null, "UTF-8", Compression.AUTO);
  }

  @Test
  void badQuoteEscapeEncodingAndCompressionAreReported() {
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    csv:\n      delimiter: '|'\n      quote: '|'\n      escape: \"\\n\"\n"
                    + "      encoding: klingon-8\n      compression: lzma\n    columns:"))
        .hasMessageContaining(
            "pipeline.yaml:6:14 at sources.orders.csv.quote: quote '|' is also the delimiter: a"
                + " field could not tell where it ends. Give quote and delimiter different"
                + " characters, for example quote: '\"'.")
        .hasMessageContaining(
            "pipeline.yaml:7:15 at sources.orders.csv.escape: escape must not be a line break:"
                + " line breaks end records. Write for example escape: '\\'.")
        .hasMessageContaining(
            "pipeline.yaml:8:17 at sources.orders.csv.encoding: unknown encoding 'klingon-8': this"
                + " Java runtime has no such character set. Write its standard name, for example"
                + " encoding: UTF-8, ISO-8859-1 or windows-1252.")
        .hasMessageContaining(
            "pipeline.yaml:9:20 at sources.orders.csv.compression: unknown compression 'lzma'"
                + " (allowed: auto, none, gzip, zstd). Write one of them.");
    assertInvalid(
            MINI.replace(
                "  orders:\n    columns:",
                "  orders:\n    csv: {delimiter: ';', escape: ';'}\n    columns:"))
        .hasMessageContaining("at sources.orders.csv.escape: escape ';' is also the delimiter")
        .hasMessageContaining("leave it out to write quotes twice.");
  }

  @Test
  void expectationProblemsAreReported() {
    assertInvalid(MINI.replace("action: quarantine", "action: ignore"))
        .hasMessageContaining(
            "pipeline.yaml:19:17 at silver.orders.expectations[0].action: unknown action 'ignore' (allowed: warn, drop, quarantine, fail).");
    assertInvalid(
            MINI.replace(
                "        action: quarantine",
                "        action: quarantine\n      - name: positive_amount\n        expr: \"1 = 1\"\n        action: warn"))
        .hasMessageContaining(
            "pipeline.yaml:20:9 at silver.orders.expectations[1]: expectation name 'positive_amount' is used twice in silver.orders.");
    assertInvalid(MINI.replace("- name: positive_amount", "- name: Positive Amount"))
        .hasMessageContaining(
            "pipeline.yaml:17:15 at silver.orders.expectations[0].name: invalid expectation name 'Positive Amount'")
        .hasMessageContaining("for example to 'positive_amount'");
    assertInvalid(MINI.replace("        expr: \"amount_eur > 0\"\n", ""))
        .hasMessageContaining(
            "pipeline.yaml:17:9 at silver.orders.expectations[0]: missing required key 'expr'.");
  }

  @Test
  void expectationThatIsNotOneExpressionFailsAtItsLocation() {
    // Spliced into "(... AND (expr) IS NOT TRUE)", this would escape its parentheses.
    assertInvalid(MINI.replace("expr: \"amount_eur > 0\"", "expr: \"a) OR (b\""))
        .hasMessageContaining(
            "pipeline.yaml:18:15 at silver.orders.expectations[0].expr: invalid expectation"
                + " 'positive_amount': 'a) OR (b' is not one SQL expression (")
        .hasMessageContaining(
            "Write one boolean Flink SQL condition over the columns of silver.orders");
  }

  @Test
  void expectationOverAnUnknownColumnListsTheColumnsInScope() {
    assertInvalid(MINI.replace("expr: \"amount_eur > 0\"", "expr: \"amount > 0\""))
        .hasMessageContaining(
            "pipeline.yaml:18:15 at silver.orders.expectations[0].expr: invalid expectation"
                + " 'positive_amount': 'amount > 0' is not valid over the columns in scope (")
        .hasMessageContaining("amount")
        .hasMessageContaining(
            "columns: order_id, customer_id, amount_eur, updated_at, _corrupt_record,"
                + " _parse_error, _source_file, _record_number, _ingested_at)");
  }

  @Test
  void expectationMustBeBoolean() {
    assertInvalid(MINI.replace("expr: \"amount_eur > 0\"", "expr: \"amount_eur + 1\""))
        .hasMessageContaining(
            "pipeline.yaml:18:15 at silver.orders.expectations[0].expr: invalid expectation"
                + " 'positive_amount': 'amount_eur + 1' is of type DECIMAL, not BOOLEAN.");
  }

  @Test
  void expectationMayReadLineageColumns() {
    PipelineSpec spec =
        parse(
            MINI.replace(
                "expr: \"amount_eur > 0\"",
                "expr: \"amount_eur > 0 OR _source_file LIKE '%/refunds/%'\""));
    assertThat(spec.silverTable("orders").expectations().get(0).expression())
        .isEqualTo("amount_eur > 0 OR _source_file LIKE '%/refunds/%'");
  }

  @Test
  void goldColumnsMayNotClashWithTheColumnsGoldWrites() {
    assertInvalid(
            MINI.replace("      amount: amount_eur", "      amount: valid_from")
                .replace("      amount_eur: decimal(10,2)", "      valid_from: decimal(10,2)")
                .replace("amount_eur > 0", "valid_from > 0")
                .replace("    measures: [amount_eur]", "    measures: [valid_from]"))
        .hasMessageContaining(
            "pipeline.yaml:22:5 at dimensions.customer.attributes[1]: column 'valid_from' clashes with the column"
                + " valid_from that gold writes for dimension customer (dimensions.customer).");
    assertInvalid(
            MINI.replace("      amount: amount_eur", "      amount: customer_sk")
                .replace("      amount_eur: decimal(10,2)", "      customer_sk: decimal(10,2)")
                .replace("amount_eur > 0", "customer_sk > 0")
                .replace("    measures: [amount_eur]", "    measures: [customer_sk]"))
        .hasMessageContaining(
            "pipeline.yaml:31:16 at facts.order.measures[0]: column 'customer_sk' clashes with"
                + " the column customer_sk that gold writes for the fact order (facts.order).");
  }

  @Test
  void factReferencesADimensionOncePerRole() {
    assertInvalid(
            MINI.replace(
                "        columns: [customer_id]\n",
                "        columns: [customer_id]\n"
                    + "      - dimension: customer\n"
                    + "        columns: [order_id]\n"))
        .hasMessageContaining(
            "at facts.order.dimensions[1].dimension: dimension 'customer' is referenced twice by"
                + " fact order under role 'customer' (also at dimensions[0]); each reference"
                + " becomes the column <role>_sk, here customer_sk twice. Give each reference its"
                + " own role");

    PipelineSpec twoRoles =
        parse(
            MINI.replace(
                "        columns: [customer_id]\n",
                "        columns: [customer_id]\n"
                    + "        role: buyer\n"
                    + "      - dimension: customer\n"
                    + "        columns: [order_id]\n"
                    + "        role: payer\n"));
    assertThat(twoRoles.facts().get("order").dimensions())
        .extracting(DimensionReference::surrogateKey)
        .containsExactly("buyer_sk", "payer_sk");
  }

  @Test
  void aSourceDeclaresItsOperationColumn() {
    String cdc =
        MINI.replace(
            "  orders:\n    columns:",
            "  orders:\n    operation: {column: op, delete: X}\n    columns:");
    assertInvalid(cdc)
        .hasMessageContaining(
            "operation column 'op' is not a column of source 'orders' (columns: order_id,");

    PipelineSpec declared =
        parse(
            cdc.replace(
                "      updated_at: timestamp\n",
                "      updated_at: timestamp\n      op: string\n"));
    assertThat(declared.changeOperation("orders"))
        .contains(new ChangeOperation("op", "I", "U", "X"));
    // The operation says what a change does; it is no attribute of the customer.
    assertThat(declared.dimension("customer").attributes()).doesNotContain("op");
  }

  @Test
  void decimalCutAtItsCommaByFlowStyleSaysToQuoteIt() {
    InvalidSpecException e =
        catchInvalid(
            MINI.replace(
                "    casts:\n      amount_eur: decimal(10,2)\n",
                "    casts: {amount_eur: decimal(10,2)}\n"));
    assertThat(e.errors()).hasSize(1);
    assertThat(e)
        .hasMessage(
            "Invalid spec pipeline.yaml:14:25 at silver.orders.casts.amount_eur: type"
                + " 'decimal(10' was cut at its comma: in a {...} mapping a comma separates"
                + " entries. Quote the type, \"decimal(10,<scale>)\", or write one 'column: type'"
                + " per line.");
    assertThat(
            parse(
                    MINI.replace(
                        "    casts:\n      amount_eur: decimal(10,2)\n",
                        "    casts: {amount_eur: \"decimal(10,2)\"}\n"))
                .silverTable("orders")
                .casts())
        .containsEntry("amount_eur", ColumnType.decimal(10, 2));
  }

  @Test
  void catalogNeedingAnAddressSaysWhereToPutIt() {
    assertInvalid(MINI.replace("name: mini\n", "name: mini\ncatalog:\n  type: rest\n"))
        .hasMessageContaining(
            "pipeline.yaml:2:1 at catalog: catalog type 'rest' needs the catalog address in properties.uri. Add 'properties: {uri: <catalog uri>}' under catalog.");
    assertInvalid(MINI.replace("name: mini\n", "name: mini\ncatalog:\n  type: glue\n"))
        .hasMessageContaining(
            "pipeline.yaml:3:9 at catalog.type: unknown catalog type 'glue' (allowed: hadoop, jdbc, rest).");
  }

  @Test
  void credentialsInTheCatalogPropertiesAreRefused() {
    assertInvalid(
            MINI.replace(
                "name: mini\n",
                "name: mini\ncatalog:\n  warehouse: s3://bucket/wh\n  properties:\n"
                    + "    s3.endpoint: http://127.0.0.1:9000\n"
                    + "    s3.secret-access-key: not-here\n"))
        .hasMessageContaining(
            "pipeline.yaml:6:5 at catalog.properties.s3.secret-access-key: catalog property"
                + " 's3.secret-access-key' is a credential, and credentials are never read from the"
                + " spec. Remove it and pass the credentials in the environment of the jobs"
                + " (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-here"));
  }

  @Test
  void dimensionKeyAndReferenceMustAgree() {
    assertInvalid(
            MINI.replace("      columns: [customer_id]", "      columns: [customer_id, order_id]"))
        .hasMessageContaining(
            "pipeline.yaml:34:18 at facts.order.dimensions[0].columns: dimension 'customer' has key [customer_id] (1 column(s)) but 2 column(s) are given. List one fact column per key column, in key order.");
  }

  @Test
  void trackedColumnsMustBeAttributes() {
    assertInvalid(
            MINI.replace(
                "    scd: 2\n",
                "    scd: 2\n    attributes: [amount_eur]\n    track: [amount_eur, order_id]\n"))
        .hasMessageContaining(
            "pipeline.yaml:26:25 at dimensions.customer.track[1]: tracked column 'order_id' is not an attribute of dimension customer (attributes: amount_eur). Add it to attributes or remove it from track.");
    assertInvalid(MINI.replace("    scd: 2\n", "    scd: 1\n    track: [amount_eur]\n"))
        .hasMessageContaining(
            "pipeline.yaml:25:5 at dimensions.customer.track: 'track' applies only to dimensions with scd: 2");
  }

  @Test
  void scd2SequenceAndFactEventTimeMustBeTimestamps() {
    assertInvalid(MINI.replace("updated_at: timestamp", "updated_at: bigint"))
        .hasMessageContaining(
            "pipeline.yaml:25:18 at dimensions.customer.sequence_by: sequence column 'updated_at' has type bigint, but scd: 2 writes it as the timestamps valid_from and valid_to (a sequence must be timestamp, timestamptz or date). Cast it to timestamp in silver.orders.casts ('updated_at: timestamp').")
        .hasMessageContaining(
            "pipeline.yaml:30:17 at facts.order.event_time: event time column 'updated_at' has type bigint, but it is compared with the valid_from timestamps of dimension versions, so it must be timestamp, timestamptz or date. Cast it to timestamp in silver.orders.casts ('updated_at: timestamp').");
  }

  @Test
  void scd2SequenceMayBeADate() {
    // valid_from is then the date's midnight, as a DATE event time counts as midnight.
    assertThat(parse(MINI.replace("updated_at: timestamp", "updated_at: date")).dimensions())
        .containsKey("customer");
  }

  @Test
  void scd1SequenceMustBeOrderable() {
    String scd1 = MINI.replace("    scd: 2\n", "    scd: 1\n");
    assertThat(parse(scd1.replace("updated_at: timestamp", "updated_at: date")).facts())
        .containsKey("order");
    // bigint orders an SCD1 dimension; only the fact, which shares the column, rejects it.
    assertThat(catchInvalid(scd1.replace("updated_at: timestamp", "updated_at: bigint")).errors())
        .singleElement()
        .extracting(SpecError::path)
        .isEqualTo("facts.order.event_time");
    assertInvalid(scd1.replace("updated_at: timestamp", "updated_at: boolean"))
        .hasMessageContaining(
            "pipeline.yaml:25:18 at dimensions.customer.sequence_by: sequence column 'updated_at' has type boolean, which does not order changes (orderable: timestamp, timestamptz, date, int, bigint, double, decimal(p,s)). Cast it to timestamp in silver.orders.casts ('updated_at: timestamp').");
  }

  @Test
  void decimalOutOfRangeSaysWhy() {
    assertInvalid(MINI.replace("amount_eur: decimal(10,2)", "amount_eur: decimal(40,2)"))
        .hasMessageContaining(
            "pipeline.yaml:15:19 at silver.orders.casts.amount_eur: invalid type 'decimal(40,2)': precision must be 1..38 and scale 0..precision. Write for example decimal(38,2)")
        .hasMessageNotContaining("unknown type");
  }

  @Test
  void sequenceColumnIsNotAnAttribute() {
    assertInvalid(
            MINI.replace("    scd: 2\n", "    scd: 2\n    attributes: [amount_eur, updated_at]\n"))
        .hasMessageContaining(
            "pipeline.yaml:25:30 at dimensions.customer.attributes[1]: 'updated_at' is the sequence column of dimension customer; it is written as valid_from, not as an attribute. Remove it from attributes.");
    assertInvalid(
            MINI.replace("    scd: 2\n", "    scd: 1\n    attributes: [amount_eur, updated_at]\n"))
        .hasMessageContaining(
            "pipeline.yaml:25:30 at dimensions.customer.attributes[1]: 'updated_at' is the sequence column of dimension customer; it is written as its own column, not as an attribute. Remove it from attributes.");
  }

  @Test
  void scd2DimensionTracksAtLeastOneAttribute() {
    assertInvalid(MINI.replace("    scd: 2\n", "    scd: 2\n    track: []\n"))
        .hasMessageContaining(
            "pipeline.yaml:25:5 at dimensions.customer.track: the list of tracked columns is empty, so no change would open a new version. Track at least one attribute, or leave track out to track all.");
    assertInvalid(MINI.replace("    scd: 2\n", "    scd: 2\n    attributes: []\n"))
        .hasMessageContaining(
            "pipeline.yaml:24:10 at dimensions.customer.scd: dimension customer keeps versions (scd: 2) but has no attributes to track, so no change would open a new version. Add attributes, or use 'scd: 1'.");
    assertThat(parse(MINI).dimension("customer").tracked())
        .containsExactly("order_id", "amount_eur");
  }

  @Test
  void duplicateKeysAreReported() {
    assertInvalid(
            MINI.replace(
                "      customer_id: bigint\n", "      customer_id: bigint\n      order_id: int\n"))
        .hasMessageContaining(
            "pipeline.yaml:7:7 at sources.orders.columns.order_id: duplicate key 'order_id' (first at line 5). Remove one of them.");
  }

  @Test
  void yamlSyntaxErrorNamesItsPosition() {
    assertInvalid("name: x\nsources: [a\n")
        .hasMessageContaining("Invalid spec pipeline.yaml:3:1: not valid YAML:");
  }

  @Test
  void everyErrorIsReportedSortedByLine() {
    InvalidSpecException e =
        catchInvalid(
            MINI.replace("    measures: [amount_eur]", "    measures: [amount]")
                .replace("order_id: bigint", "order_id: bignum")
                .replace("    sequence_by: updated_at", "    sequence_bye: updated_at")
                .replace("action: quarantine", "action: ignore"));

    assertThat(e.errors()).extracting(SpecError::line).containsExactly(5, 19, 25, 31);
    assertThat(e.errors())
        .extracting(SpecError::path)
        .containsExactly(
            "sources.orders.columns.order_id",
            "silver.orders.expectations[0].action",
            "dimensions.customer.sequence_bye",
            "facts.order.measures[0]");
    assertThat(e)
        .hasMessageStartingWith("4 errors in pipeline spec:\nInvalid spec pipeline.yaml:5:17 at");
  }

  private static PipelineSpec parse(String yaml) {
    return PipelineSpecLoader.parse(yaml, "pipeline.yaml");
  }

  private static InvalidSpecException catchInvalid(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidSpecException e) {
      return e;
    }
    throw new AssertionError("expected the spec to be invalid");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String yaml) {
    return assertThatThrownBy(() -> parse(yaml)).isInstanceOf(InvalidSpecException.class);
  }
}
