package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.CatalogType;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flights pipeline on Iceberg's JDBC catalog, its metadata in a SQLite file: {@code catalog:
 * {type: jdbc, properties: {uri: "jdbc:sqlite:..."}}} and nothing else changed. Every layer holds
 * exactly the generator's figures, a second run adds nothing, and the catalog's own table lists
 * every table the pipeline wrote.
 */
class JdbcCatalogPipelineITCase {
  @TempDir Path data;

  @Test
  void theFlightsPipelineRunsOnAJdbcCatalogInASqliteFile() throws Exception {
    Path landing = new DataLayout(data).resolve(FlightsSample.spec().landing());
    GeneratedSample sample = FlightsGenerator.builder().seed(11).scale(1).build().generate(landing);
    String uri = "jdbc:sqlite:" + data.resolve("catalog.db");
    String yaml =
        FlightsSample.specYaml()
            .replace(
                "  type: hadoop            # hadoop | jdbc | rest\n",
                "  type: jdbc\n  properties: {uri: \"" + uri + "\"}\n");
    PipelineSpec spec = PipelineSpecLoader.parse(yaml, "flights-on-jdbc.yaml");
    assertThat(spec.catalog().type()).isEqualTo(CatalogType.JDBC);
    PipelineRun run =
        PipelineRun.of(spec, new DataLayout(data), RunMode.AVAILABLE_NOW)
            .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT);

    PipelineRunner.allLayers(run).runAvailableNow(layer -> {});
    PipelineRunner.allLayers(run).runAvailableNow(layer -> {}); // nothing new: adds nothing

    var expected = FlightsLayerCounts.expected(sample, new LandedBookings(landing, new Random(0)));
    try (LakehouseCatalog catalog = LakehouseCatalog.of(spec.catalog(), new DataLayout(data))) {
      FlightsLayerCounts.of(catalog)
          .assertExact(expected, "the flights pipeline on a JDBC catalog");
    }
    TreeSet<String> registered = new TreeSet<>();
    try (Connection db = DriverManager.getConnection(uri);
        Statement query = db.createStatement();
        ResultSet rows =
            query.executeQuery("SELECT table_namespace || '.' || table_name FROM iceberg_tables")) {
      while (rows.next()) {
        registered.add(rows.getString(1));
      }
    }
    assertThat(registered).containsAll(expected.keySet()).contains("silver._quality_metrics");
  }
}
