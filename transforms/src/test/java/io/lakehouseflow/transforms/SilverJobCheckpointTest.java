package io.lakehouseflow.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.TestingSpecs;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which spec changes move the silver job's checkpoint directory: only those of its operators. */
class SilverJobCheckpointTest {
  private static final String SPEC = TestingSpecs.SHOP;

  @TempDir java.nio.file.Path dataDir;

  private Path directory(String yaml) {
    PipelineRun run =
        PipelineRun.of(
            PipelineSpecLoader.parse(yaml, "test.yaml"),
            new DataLayout(dataDir),
            RunMode.CONTINUOUS);
    return JobEnvironment.checkpointDirectory(run, SilverJob.NAME, SilverJob.plan(run.spec()));
  }

  private static String edit(String target, String replacement) {
    assertThat(SPEC).contains(target);
    return SPEC.replace(target, replacement);
  }

  @Test
  void liesInThePlanDirectoryOfTheContinuousSilverJob() {
    assertThat(directory(SPEC).toString())
        .matches("file:" + dataDir.resolve("checkpoints/silver") + "/plan-[0-9a-f]{12}");
  }

  @Test
  void changesOutsideTheSilverOperatorsKeepTheDirectory() {
    Path original = directory(SPEC);

    assertThat(directory(edit("attributes: [name]", "attributes: [name, tier]")))
        .as("a new dimension attribute (gold)")
        .isEqualTo(original);
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
        .as("a new fact (gold)")
        .isEqualTo(original);
    assertThat(directory(edit("jdbc:sqlite:/srv/catalog.db", "jdbc:sqlite:/srv/other.db")))
        .as("catalog properties")
        .isEqualTo(original);
    assertThat(directory(edit("landing: landing", "landing: /srv/landing")))
        .as("the landing root")
        .isEqualTo(original);
    // The router applies the action to each row; the operators and their state stay the same.
    assertThat(directory(edit("action: drop", "action: quarantine")))
        .as("an expectation's action")
        .isEqualTo(original);
  }

  @Test
  void changesOfTheSilverOperatorsMoveTheDirectory() {
    Path original = directory(SPEC);

    assertThat(
            directory(
                edit("amount: decimal(10,2)\n", "amount: decimal(10,2)\n      quantity: int\n")))
        .as("a new cast")
        .isNotEqualTo(original);
    assertThat(directory(edit("expr: \"amount > 0\"", "expr: \"amount >= 0\"")))
        .as("a changed expectation expr")
        .isNotEqualTo(original);
    assertThat(
            directory(
                edit(
                    "action: drop}",
                    "action: drop}\n      - {name: small, expr: \"amount < 1000\", action: warn}")))
        .as("a new expectation")
        .isNotEqualTo(original);
    assertThat(directory(edit("tier: string,", "tier: string, email: string,")))
        .as("a new source column")
        .isNotEqualTo(original);
  }
}
