package io.lakehouseflow.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.Recovery;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.modeling.GoldJob;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The flights sample's landing files and spec in a data directory, for a run on a cluster, and the
 * embedded run of the same files whose gold the cluster's must equal row for row.
 *
 * @param dataDir the data directory ({@code --data-dir})
 * @param spec the flights spec written in it ({@code --pipeline})
 * @param sample what the generator computed of the landing files it wrote
 */
public record LandedFlights(Path dataDir, Path spec, GeneratedSample sample) {
  private static final long SEED = 42;

  /** Writes the flights sample (seed 42, scale 1) and its spec under {@code dataDir}. */
  public static LandedFlights in(Path dataDir) throws Exception {
    GeneratedSample sample =
        FlightsGenerator.builder()
            .seed(SEED)
            .scale(1)
            .build()
            .generate(new DataLayout(dataDir).resolve(FlightsSample.spec().landing()));
    return new LandedFlights(dataDir, FlightsSample.writeSpec(dataDir), sample);
  }

  /** As {@link #in(Path)}, the spec's catalog block replaced by {@code catalogYaml}. */
  public static LandedFlights in(Path dataDir, String catalogYaml) throws Exception {
    LandedFlights landed = in(dataDir);
    Files.writeString(landed.spec(), withCatalog(FlightsSample.specYaml(), catalogYaml));
    return landed;
  }

  /**
   * The flights spec {@code specYaml} with its catalog (a Hadoop catalog in the data directory)
   * replaced by {@code catalogYaml}, the indented lines under {@code catalog:}.
   */
  public static String withCatalog(String specYaml, String catalogYaml) {
    String hadoop =
        "  type: hadoop            # hadoop | jdbc | rest\n"
            + "  warehouse: warehouse    # relative paths resolve against the data directory\n";
    if (!specYaml.contains(hadoop)) {
      throw new IllegalArgumentException(
          "The flights spec's catalog block changed; update LandedFlights.withCatalog:\n"
              + specYaml);
    }
    return specYaml.replace(hadoop, catalogYaml);
  }

  /** Runs every layer embedded, available-now, on these landing files; returns this. */
  public LandedFlights runEmbedded() throws Exception {
    PipelineRunner.allLayers(
            PipelineRun.of(
                    PipelineSpecLoader.load(spec), new DataLayout(dataDir), RunMode.AVAILABLE_NOW)
                .with(LakehouseOptions.RECOVERY, Recovery.LATEST_RETAINED_CHECKPOINT))
        .runAvailableNow(layer -> {});
    return this;
  }

  /**
   * Asserts that every table gold writes holds here, row for row, what it holds in {@code
   * reference} (an embedded run's), which must not be empty; {@code where} names this run.
   */
  public void assertSameGoldAs(LandedFlights reference, String where) {
    assertSameGoldAs(reference, where, PipelineSpecLoader.load(spec).catalog());
  }

  /**
   * As {@link #assertSameGoldAs(LandedFlights, String)}, reading this run's tables through {@code
   * catalog} (the spec's catalog as this JVM reaches it: other addresses, credentials).
   */
  public void assertSameGoldAs(LandedFlights reference, String where, CatalogSpec catalog) {
    for (TableIdentifier table : GoldJob.writtenTables(PipelineSpecLoader.load(spec))) {
      List<String> expected = reference.rows(table);
      assertThat(expected).as("rows of %s in the embedded run", table).isNotEmpty();
      assertThat(rows(table, catalog))
          .as("rows of %s %s", table, where)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  /** The rows of {@code table}, each as a line of all its columns. */
  public List<String> rows(TableIdentifier table) {
    return rows(table, PipelineSpecLoader.load(spec).catalog());
  }

  /** The rows of {@code table} read through {@code catalogSpec}, each as a line of all columns. */
  public List<String> rows(TableIdentifier table, CatalogSpec catalogSpec) {
    try (LakehouseCatalog catalog = LakehouseCatalog.of(catalogSpec, new DataLayout(dataDir))) {
      String[] columns =
          catalog.loadTable(table).schema().columns().stream()
              .map(Types.NestedField::name)
              .toArray(String[]::new);
      return TableContents.of(catalog, table).lines(columns);
    }
  }
}
