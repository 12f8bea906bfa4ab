package io.lakehouseflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.lakehouseflow.transforms.expectation.ExpectationFailedException;
import io.lakehouseflow.transforms.expectation.PiiHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every column rule on a real silver table, in the documented order: renames, standardize (trim,
 * case, null_if, map), casts, defaults, derived columns, expectations over all of them, then drop
 * and hash in both silver and quarantine.
 */
class SilverColumnRulesITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  /** The salt failsafe gives the test JVM (the parent pom), as a user's environment would. */
  private static final String SALT = "integration-test-salt";

  static final String SPEC =
      """
      name: shop
      sources:
        customers:
          columns:
            customer_id: bigint
            email: string
            tier: string
            quantity: string
            unit_price: string
            note: string
            joined: string
      silver:
        customers:
          source: customers
          renames: {joined: joined_on}
          standardize:
            email: {trim: true, case: lower, null_if: ["", "n/a"]}
            tier: {trim: true, case: upper, map: {G: GOLD, S: SILVER}}
            quantity: {trim: true, null_if: ["-"]}
          casts: {quantity: int, unit_price: "decimal(10,2)", joined_on: date}
          defaults: {tier: BASIC, quantity: 1}
          derive:
            amount: "quantity * unit_price"
            big_order: {expr: "amount > 100", type: boolean}
          expectations:
            - {name: has_email, expr: "email IS NOT NULL", action: quarantine}
            - {name: short_note, expr: "CHAR_LENGTH(note) < 20", action: warn}
          drop: [note]
          hash: [email]
      """;

  @TempDir Path data;

  @Test
  void appliesEveryRuleInOrderToSilverAndQuarantine() throws Exception {
    PipelineSpec spec = PipelineSpecLoader.parse(SPEC, "shop.yaml");
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(data), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.PARALLELISM, 1);
    LakehouseCatalog catalog = run.catalog();
    catalog.createTableIfAbsent(LayerSchemas.bronze(spec.source("customers")), Map.of());
    appendBronze(
        catalog,
        "customers",
        "c.csv",
        List.of(
            "1", "'  Ann@Example.COM '", "' g '", "' 2 '", "'10.50'", "'hello'", "'2024-01-05'"),
        List.of(
            "2",
            "'n/a'",
            "NULL",
            "'-'",
            "'200.00'",
            "'a note far too long to pass'",
            "'2024-02-01'"),
        List.of("3", "'bob@x.io'", "'S'", "'3'", "'abc'", "NULL", "'2024-03-01'"),
        List.of("4", "'cy@x.io'", "'Platinum'", "'1'", "'5.00'", "'x'", "'01/04/2024'"),
        List.of("5", "'dee@x.io'", "NULL", "NULL", "'1.00'", "NULL", "NULL"));

    SilverJob.forRun(run).runToCompletion();

    assertThat(
            TableContents.of(catalog, TableNames.silver("customers"))
                .lines(
                    "customer_id",
                    "email",
                    "tier",
                    "quantity",
                    "unit_price",
                    "joined_on",
                    "amount",
                    "big_order",
                    "_record_number"))
        .containsExactlyInAnyOrder(
            "1|" + digest("ann@example.com") + "|GOLD|2|10.50|2024-01-05|21.00|false|1",
            "5|" + digest("dee@x.io") + "|BASIC|1|1.00|null|1.00|false|5");
    assertThat(
            TableContents.of(catalog, TableNames.quarantine("customers"))
                .lines("customer_id", "email", "tier", "amount", "_failed_expectations"))
        .containsExactlyInAnyOrder(
            "2|null|BASIC|200.00|has_email,short_note",
            // A NULL note fails short_note, as a condition must be TRUE to pass; warn keeps it.
            "3|" + digest("bob@x.io") + "|SILVER|null|cast_unit_price,short_note",
            "4|" + digest("cy@x.io") + "|PLATINUM|5.00|cast_joined_on");
    assertThat(LayerSchemas.silver(spec, "customers").columnNames())
        .as("note is dropped; the derived columns follow the source's")
        .startsWith(
            "customer_id",
            "email",
            "tier",
            "quantity",
            "unit_price",
            "joined_on",
            "amount",
            "big_order")
        .doesNotContain("note");
  }

  /**
   * The operation column of a CDC source is carried to silver as it is; a value that is none of the
   * declared ones is quarantined under the built-in rule known_operation, NULL is an upsert.
   */
  @Test
  void anUnknownOperationValueIsQuarantined() throws Exception {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: cdc
            sources:
              customers:
                operation: {column: op, upserts: [r]}
                columns: {customer_id: bigint, op: string}
            silver:
              customers:
                source: customers
                renames: {op: change}
                standardize: {change: {trim: true, case: upper}}
            """,
            "cdc.yaml");
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(data), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.PARALLELISM, 1);
    LakehouseCatalog catalog = run.catalog();
    catalog.createTableIfAbsent(LayerSchemas.bronze(spec.source("customers")), Map.of());
    appendBronze(
        catalog,
        "customers",
        "c.csv",
        List.of("1", "'I'"),
        List.of("2", "' u '"),
        List.of("3", "'D'"),
        List.of("4", "'R'"),
        List.of("5", "'X'"),
        List.of("6", "NULL"));

    SilverJob.forRun(run).runToCompletion();

    // R is r upper-cased before the rule: the declared values are compared as written.
    assertThat(
            TableContents.of(catalog, TableNames.silver("customers"))
                .lines("customer_id", "change"))
        .containsExactlyInAnyOrder("1|I", "2|U", "3|D", "6|null");
    assertThat(
            TableContents.of(catalog, TableNames.quarantine("customers"))
                .lines("customer_id", "change", "_failed_expectations"))
        .containsExactlyInAnyOrder("4|R|known_operation", "5|X|known_operation");
  }

  /** A cast with a format reads text as bronze would; a value that does not fit is quarantined. */
  @Test
  void castsWithAFormatReadTheirTextAsBronzeDoes() throws Exception {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            """
            name: formats
            sources:
              payments:
                columns: {payment_id: bigint, booked: string, paid: string, due: string}
            silver:
              payments:
                source: payments
                casts:
                  booked: {type: timestamp, format: "dd/MM/yyyy HH:mm"}
                  paid: {type: timestamptz, format: epoch_seconds}
                  due: {type: date, format: dd.MM.yyyy}
            """,
            "formats.yaml");
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(data), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.PARALLELISM, 1);
    LakehouseCatalog catalog = run.catalog();
    catalog.createTableIfAbsent(LayerSchemas.bronze(spec.source("payments")), Map.of());
    appendBronze(
        catalog,
        "payments",
        "p.csv",
        List.of("1", "'06/02/2025 08:55'", "'1738832106.25'", "'28.02.2025'"),
        List.of("2", "'2025-02-06 08:55'", "'1738832106'", "'31.02.2025'"));

    SilverJob.forRun(run).runToCompletion();

    assertThat(
            TableContents.of(catalog, TableNames.silver("payments"))
                .lines("payment_id", "booked", "paid", "due"))
        .containsExactly("1|2025-02-06T08:55|2025-02-06T08:55:06.250Z|2025-02-28");
    assertThat(
            TableContents.of(catalog, TableNames.quarantine("payments"))
                .lines("payment_id", "_failed_expectations"))
        .as("the ISO text does not fit the declared pattern; the 31st of February is no date")
        .containsExactly("2|cast_booked,cast_due");
  }

  /**
   * Each cast's {@code on_error} decides what a value that does not cast does to its row: warn
   * keeps it in silver with NULL and the rule recorded, drop drops it, quarantine (the default)
   * quarantines it, and fail stops the job naming the rule, the table, the file and line.
   */
  @Test
  void aCastsOnErrorActionDecidesWhereItsRowGoes() throws Exception {
    String spec =
        """
        name: casts
        sources:
          payments:
            columns: {payment_id: bigint, tip: string, amount: string, paid_on: string}
        silver:
          payments:
            source: payments
            casts:
              tip: {type: "decimal(6,2)", on_error: warn}
              amount: {type: "decimal(10,2)", on_error: drop}
              paid_on: {type: date%s}
        """;
    PipelineRun run =
        PipelineRun.of(
                PipelineSpecLoader.parse(spec.formatted(""), "casts.yaml"),
                new DataLayout(data),
                RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.PARALLELISM, 1);
    LakehouseCatalog catalog = run.catalog();
    catalog.createTableIfAbsent(LayerSchemas.bronze(run.spec().source("payments")), Map.of());
    appendBronze(
        catalog,
        "payments",
        "p.csv",
        List.of("1", "'1.50'", "'10.00'", "'2025-02-06'"),
        List.of("2", "'a lot'", "'12.00'", "'2025-02-06'"),
        List.of("3", "'0.50'", "'ten'", "'2025-02-06'"),
        List.of("4", "'0.50'", "'ten'", "'06/02/2025'"),
        List.of("5", "'0.50'", "'9.00'", "'06/02/2025'"));

    SilverJob.forRun(run).runToCompletion();

    assertThat(
            TableContents.of(catalog, TableNames.silver("payments"))
                .lines("payment_id", "tip", "amount", "paid_on"))
        .containsExactlyInAnyOrder("1|1.50|10.00|2025-02-06", "2|null|12.00|2025-02-06");
    assertThat(
            TableContents.of(catalog, TableNames.quarantine("payments"))
                .lines("payment_id", "_failed_expectations"))
        .as("quarantine wins over drop when both casts fail")
        .containsExactlyInAnyOrder("4|cast_amount,cast_paid_on", "5|cast_paid_on");
    assertThat(
            TableContents.of(catalog, LayerSchemas.QUALITY_METRICS)
                .lines("rule", "action", "failed", "rows_in", "passed", "warned", "dropped"))
        .contains(
            "cast_tip|warn|1|5|1|1|1",
            "cast_amount|drop|2|5|1|1|1",
            "cast_paid_on|quarantine|2|5|1|1|1");

    PipelineRun failing =
        PipelineRun.of(
                PipelineSpecLoader.parse(spec.formatted(", on_error: fail"), "casts.yaml"),
                new DataLayout(data.resolve("failing")),
                RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.PARALLELISM, 1);
    LakehouseCatalog failingCatalog = failing.catalog();
    failingCatalog.createTableIfAbsent(
        LayerSchemas.bronze(failing.spec().source("payments")), Map.of());
    appendBronze(
        failingCatalog,
        "payments",
        "q.csv",
        List.of("1", "'1.50'", "'10.00'", "'2025-02-06'"),
        List.of("2", "'0.50'", "'9.00'", "'06/02/2025'"));
    assertThatThrownBy(() -> SilverJob.forRun(failing).runToCompletion())
        .isInstanceOf(ExpectationFailedException.class)
        .hasMessageContaining("Failed expectation 'cast_paid_on' of silver.payments")
        .hasMessageContaining("q.csv line 2")
        .hasMessageContaining("silver.payments.casts.paid_on in casts.yaml");
    assertThat(TableContents.of(failingCatalog, TableNames.silver("payments")).lines("payment_id"))
        .isEmpty();
  }

  /**
   * A column schema evolution added to bronze passes into silver unless the table says {@code
   * added_columns: drop}; here bronze holds {@code coupon}, which the spec does not declare.
   */
  @Test
  void addedColumnsCanBeLeftOutOfSilver() throws Exception {
    String declared =
        """
        name: shop
        sources:
          orders:
            columns: {order_id: bigint, amount: string%s}
        silver:
          orders: {source: orders, added_columns: drop}
        """;
    PipelineSpec spec = PipelineSpecLoader.parse(declared.formatted(""), "shop.yaml");
    PipelineSpec bronzeSpec =
        PipelineSpecLoader.parse(declared.formatted(", coupon: string"), "shop.yaml");
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(data), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.PARALLELISM, 1);
    LakehouseCatalog catalog = run.catalog();
    catalog.createTableIfAbsent(LayerSchemas.bronze(bronzeSpec.source("orders")), Map.of());
    appendBronze(catalog, "orders", "o.csv", List.of("1", "'9.50'", "'SPRING'"));

    SilverJob.forRun(run).runToCompletion();

    assertThat(catalog.loadTable(TableNames.silver("orders")).schema().findField("coupon"))
        .isNull();
    assertThat(TableContents.of(catalog, TableNames.silver("orders")).lines("order_id", "amount"))
        .containsExactly("1|9.50");
  }

  @Test
  void aHashedColumnWithoutSaltStopsTheJobBeforeItStarts() {
    PipelineSpec spec = PipelineSpecLoader.parse(SPEC, "shop.yaml");
    StreamTableEnvironment tableEnv =
        StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());

    assertThatThrownBy(() -> SilverJob.registerPiiHash(tableEnv, spec, " "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("it hashes silver.customers.email")
        .hasMessageContaining(PiiHash.SALT_VARIABLE);
  }

  /** SHA-256 of the salt followed by the value, as hex, written here from the documentation. */
  private static String digest(String value) throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update((SALT + value).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** Appends {@code rows} (SQL literals) to {@code bronze.<source>} as lines of {@code file}. */
  @SafeVarargs
  private static void appendBronze(
      LakehouseCatalog catalog, String source, String file, List<String>... rows) throws Exception {
    BronzeRows bronze = BronzeRows.of(file, 1700000001000L);
    for (List<String> row : rows) {
      bronze.row(row.toArray(String[]::new));
    }
    bronze.appendTo(catalog, source);
  }
}
