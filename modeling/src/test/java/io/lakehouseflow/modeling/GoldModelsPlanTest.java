package io.lakehouseflow.modeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.ModelFiles;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model the planner rejects stops the gold job before it is submitted, naming the model's file
 * and, for a syntax error, the line Flink reports. No cluster runs: the job fails while it is
 * built.
 */
class GoldModelsPlanTest {
  @Test
  void aQueryThatDoesNotParseFailsNamingItsFileAndLine(@TempDir Path dir) {
    assertThatThrownBy(
            () -> submit(dir, "SELECT booking_id\nFORM gold.fact_booking", "[booking_id]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid model models/broken.sql: Flink cannot plan its query")
        .hasMessageContaining("SQL parse failed. Encountered \"gold\" at line 2, column 6.")
        .hasMessageNotContaining("Was expecting")
        .hasMessageContaining("Fix the SELECT");
  }

  @Test
  void aColumnTheGoldTableLacksOrAUniqueKeyTheQueryLacksFailsNamingTheFile(@TempDir Path dir) {
    assertThatThrownBy(() -> submit(dir, "SELECT no_such FROM gold.fact_booking", "[no_such]"))
        .hasMessageContaining("Invalid model models/broken.sql")
        .hasMessageContaining("no_such");
    assertThatThrownBy(
            () -> submit(dir, "SELECT booking_id FROM gold.fact_booking", "[booking_id, day]"))
        .hasMessageContaining(
            "Invalid model models/broken.sql: unique_key column 'day' is not a column of the"
                + " query (columns: [booking_id])");
  }

  // The plan's fingerprint names the checkpoints a run resumes from: a spec named by a relative
  // path in one run and an absolute one in the next must not make gold recompute from scratch.
  @Test
  void thePlanDoesNotDependOnWhereTheModelsWereReadFrom(@TempDir Path dir) {
    Map<String, String> files =
        Map.of(
            "totals.sql",
            "SELECT booking_id FROM gold.fact_booking",
            "totals.yaml",
            "unique_key: [booking_id]");
    GoldJob relative = GoldJob.forRun(run(dir, ModelFiles.of("models", files)));
    GoldJob absolute =
        GoldJob.forRun(run(dir, ModelFiles.of(dir.resolve("models").toString(), files)));

    assertThat(absolute.fingerprint()).isEqualTo(relative.fingerprint());
    assertThat(relative.plan().describe()).contains("gold.totals: model totals.sql (table");
  }

  private static PipelineRun run(Path dir, ModelFiles models) {
    return PipelineRun.of(
        PipelineSpecLoader.parse(TestingPipeline.YAML, TestingPipeline.LOCATION, Map.of(), models),
        new DataLayout(dir),
        RunMode.AVAILABLE_NOW);
  }

  private static void submit(Path dir, String sql, String uniqueKey) throws Exception {
    PipelineRun run =
        run(
            dir,
            ModelFiles.of(
                "models", Map.of("broken.sql", sql, "broken.yaml", "unique_key: " + uniqueKey)));
    try (TestingLakehouse lakehouse = new TestingLakehouse(run)) {
      lakehouse.createSilverTables();
      GoldJob.forRun(run).submit().cancel().get();
    }
  }
}
