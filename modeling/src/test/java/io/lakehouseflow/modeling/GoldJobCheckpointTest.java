package io.lakehouseflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.ModelFiles;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.TestingSpecs;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which changes move the gold job's checkpoint directory: only those of its operators. */
class GoldJobCheckpointTest {
  private static final String SPEC = TestingSpecs.SHOP;

  @TempDir java.nio.file.Path dataDir;

  private PipelineRun run(String yaml) {
    return PipelineRun.of(
        PipelineSpecLoader.parse(yaml, "test.yaml"), new DataLayout(dataDir), RunMode.CONTINUOUS);
  }

  private static Path directory(PipelineRun run) {
    return JobEnvironment.checkpointDirectory(run, GoldJob.NAME, GoldJob.forRun(run).fingerprint());
  }

  private Path directory(String yaml) {
    return directory(run(yaml));
  }

  private static String edit(String target, String replacement) {
    assertThat(SPEC).contains(target);
    return SPEC.replace(target, replacement);
  }

  @Test
  void liesInThePlanDirectoryOfTheContinuousGoldJob() {
    assertThat(directory(SPEC).toString())
        .matches("file:" + dataDir.resolve("checkpoints/gold") + "/plan-[0-9a-f]{12}");
  }

  @Test
  void changesOutsideTheGoldOperatorsKeepTheDirectory() {
    Path original = directory(SPEC);

    assertThat(
            directory(
                edit(
                    "action: drop}",
                    "action: drop}\n      - {name: small, expr: \"amount < 1000\", action: warn}")))
        .as("a new silver expectation, which keeps silver's columns")
        .isEqualTo(original);
    assertThat(directory(edit("action: drop", "action: quarantine")))
        .as("an expectation's action")
        .isEqualTo(original);
    assertThat(directory(edit("jdbc:sqlite:/srv/catalog.db", "jdbc:sqlite:/srv/other.db")))
        .as("catalog properties")
        .isEqualTo(original);
    assertThat(directory(edit("landing: landing", "landing: /srv/landing")))
        .as("the landing root")
        .isEqualTo(original);
    // The poll interval of the silver scans is a run setting, written into the SQL's hints.
    assertThat(
            directory(run(SPEC).with(LakehouseOptions.DISCOVERY_INTERVAL, Duration.ofMillis(250))))
        .as("the discovery interval")
        .isEqualTo(original);
  }

  @Test
  void changesOfTheGoldOperatorsMoveTheDirectory() {
    Path original = directory(SPEC);

    assertThat(directory(edit("attributes: [name]", "attributes: [name, tier]")))
        .as("a new dimension attribute")
        .isNotEqualTo(original);
    assertThat(
            directory(
                SPEC
                    + """
                      order_size:
                        source: orders
                        grain: [order_id]
                        event_time: ordered_at
                        measures: [quantity]
                    """))
        .as("a new fact")
        .isNotEqualTo(original);
    assertThat(
            directory(
                edit("amount: decimal(10,2)\n", "amount: decimal(10,2)\n      quantity: int\n")))
        .as("a new cast of a measure in silver")
        .isNotEqualTo(original);
    assertThat(directory(edit("scd: 2", "scd: 1"))).as("another SCD type").isNotEqualTo(original);
  }

  @Test
  void aModelsQueryOrSettingsMoveTheDirectoryItsDescriptionDoesNot() {
    Path original = directory(SPEC);
    Path modelled = directory(withModel("SELECT order_id, amount FROM gold.fact_order", "table"));

    assertThat(modelled).as("a new model").isNotEqualTo(original);
    assertThat(directory(withModel("SELECT order_id, amount FROM gold.fact_order ", "table")))
        .as("trailing blanks")
        .isEqualTo(modelled);
    assertThat(
            directory(
                withModel("SELECT order_id, amount * 2 AS amount FROM gold.fact_order", "table")))
        .as("another query")
        .isNotEqualTo(modelled);
    assertThat(directory(withModel("SELECT order_id, amount FROM gold.fact_order", "incremental")))
        .as("another materialization")
        .isNotEqualTo(modelled);
    assertThat(
            directory(
                withModel(
                    "SELECT order_id, amount FROM gold.fact_order",
                    "table\ndescription: every order's amount")))
        .as("a description")
        .isEqualTo(modelled);
  }

  private PipelineRun withModel(String sql, String materialized) {
    return PipelineRun.of(
        PipelineSpecLoader.parse(
            SPEC,
            "test.yaml",
            Map.of(),
            ModelFiles.of(
                "models",
                Map.of(
                    "amounts.sql",
                    sql,
                    "amounts.yaml",
                    "unique_key: [order_id]\nmaterialized: " + materialized))),
        new DataLayout(dataDir),
        RunMode.CONTINUOUS);
  }
}
