package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.verify.Finding;
import io.lakehouseflow.deploy.verify.PipelineVerification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's schema evolution example ({@code docs/examples/schema-evolution.yaml}) through all three
 * layers: a column a later drivers file brings reaches silver and its quarantine table with no
 * manual step, rides keep unknown columns and misfit values in {@code _rescued_data}, gold takes
 * the new rows, and {@code verify} finds every row once.
 */
class SchemaEvolutionPipelineITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void aNewColumnInALaterFileReachesSilverAndEveryLayerStaysWhole() throws Exception {
    PipelineSpec spec =
        PipelineSpecLoader.parse(
            Files.readString(Path.of("..", "docs", "examples", "schema-evolution.yaml")),
            "schema-evolution.yaml");
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(dataDir), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);
    land("drivers/drivers-1.csv", "driver_id,name,updated_at", "1,Ada,2024-01-01T00:00:00");
    land(
        "rides/rides-1.csv",
        "ride_id,driver_id,started_at,fare",
        "10,1,2024-02-01T08:00:00Z,12.50");
    runAllLayers(run);

    land(
        "drivers/drivers-2.csv",
        "driver_id,name,updated_at,phone",
        "1,Ada L.,2024-03-01T00:00:00,+47 555",
        "2,Bo,2024-01-15T00:00:00,");
    land(
        "rides/rides-2.csv",
        "ride_id,driver_id,started_at,fare,tip",
        "11,2,2024-02-02T09:00:00+01:00,seven,1.00",
        "12,1,2024-03-05T10:00:00Z,8.00,");
    runAllLayers(run);

    LakehouseCatalog catalog = run.catalog();
    assertThat(
            TableContents.of(catalog, TableNames.silver("drivers"))
                .lines("driver_id", "name", "phone"))
        .containsExactlyInAnyOrder("1|Ada|null", "1|Ada L.|+47 555", "2|Bo|null");
    for (var id : List.of(TableNames.silver("drivers"), TableNames.quarantine("drivers"))) {
      assertThat(catalog.loadTable(id).schema().findField("phone").type())
          .as("%s gained the column", id)
          .isEqualTo(Types.StringType.get());
    }
    assertThat(
            TableContents.of(catalog, TableNames.bronze("rides"))
                .lines("ride_id", "fare", MetadataColumns.RESCUED_DATA))
        .containsExactlyInAnyOrder(
            "10|12.50|null", "11|null|{\"fare\":\"seven\",\"tip\":\"1.00\"}", "12|8.00|null");
    assertThat(catalog.loadTable(TableNames.bronze("rides")).schema().findField("tip")).isNull();
    assertThat(TableContents.of(catalog, TableNames.dimension("driver")).lines("driver_id", "name"))
        .containsExactlyInAnyOrder("1|Ada", "1|Ada L.", "2|Bo");
    assertThat(TableContents.of(catalog, TableNames.fact("ride")).lines("ride_id", "fare"))
        .containsExactlyInAnyOrder("10|12.50", "11|null", "12|8.00");

    List<Finding> findings = PipelineVerification.of(run).verify();
    assertThat(findings).allMatch(f -> f.verdict() == Finding.Verdict.OK, "all OK: " + findings);
  }

  // As the CLI runs them: gold plans while silver runs, and plans again when silver gains a column.
  private static void runAllLayers(PipelineRun run) throws Exception {
    PipelineRunner.allLayers(run).runAvailableNow(layer -> {});
  }

  private void land(String relativePath, String... lines) throws IOException {
    Path file = dataDir.resolve("landing").resolve(relativePath);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }
}
