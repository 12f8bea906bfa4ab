package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.core.testing.TableContents;
import io.lakehouseflow.deploy.run.PipelineRunner;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lakehouse reset} on the flights pipeline: a reset layer is rebuilt by the next run with
 * the same rows, once; a copied data directory, whose tables still point at the original's files,
 * is refused and neither directory changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ResetITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  @TempDir static Path temp;

  private Path dataDir;
  private Path specFile;
  private GeneratedSample sample;

  @BeforeAll
  void runPipeline() throws Exception {
    dataDir = temp.resolve("data");
    specFile = FlightsSample.writeSpec(dataDir);
    PipelineSpec spec = PipelineSpecLoader.load(specFile);
    sample =
        FlightsGenerator.builder()
            .seed(11)
            .scale(1)
            .build()
            .generate(new DataLayout(dataDir).resolve(spec.landing()));
    runAvailableNow(dataDir);
  }

  @Test
  void resetSilverDropsSilverAndGoldAndTheNextRunRebuildsTheSameRowsOnce() throws Exception {
    PipelineSpec spec = PipelineSpecLoader.load(specFile);
    List<TableIdentifier> rebuilt = new ArrayList<>(Layer.SILVER.tables(spec));
    rebuilt.addAll(Layer.GOLD.tables(spec));
    Map<TableIdentifier, List<Map<String, Object>>> before = contents(rebuilt);
    Map<TableIdentifier, Long> bronzeSnapshots = bronzeSnapshots(spec);
    // Checkpoints a continuous and an available-now run would resume from.
    Path checkpoints = dataDir.resolve("checkpoints");
    List<Path> resetState =
        List.of(
            checkpoint(checkpoints.resolve("silver/plan-0a1b/chk-4")),
            checkpoint(checkpoints.resolve("gold/plan-2c3d/chk-7")),
            checkpoint(checkpoints.resolve("available-now/silver/plan-0a1b/chk-1")));
    Path bronzeCheckpoint = checkpoint(checkpoints.resolve("bronze/chk-9"));

    Outcome reset =
        execute(
            "reset",
            "--pipeline",
            specFile.toString(),
            "--data-dir",
            dataDir.toString(),
            "--layer",
            "silver");

    assertThat(reset.code()).as(reset.err()).isZero();
    assertThat(reset.out())
        .startsWith("Reset silver and gold of pipeline flights: dropped silver.customers,")
        .contains(
            "gold.fact_booking, gold.customer_lifetime_value, gold.daily_revenue_by_origin with"
                + " their files and removed their checkpoints (")
        .contains(
            ". The next run rebuilds them from the layer below: ./lakehouse run --pipeline "
                + specFile
                + " --data-dir "
                + dataDir);
    try (LakehouseCatalog catalog = catalog(dataDir)) {
      for (TableIdentifier id : rebuilt) {
        assertThat(catalog.tableExists(id)).as(id + " dropped").isFalse();
        assertThat(
                dataDir.resolve("warehouse").resolve(id.namespace().toString()).resolve(id.name()))
            .as("files of " + id + " purged")
            .doesNotExist();
      }
    }
    assertThat(resetState).allSatisfy(p -> assertThat(p).doesNotExist());
    assertThat(bronzeCheckpoint).as("bronze is not reset with silver").exists();
    assertThat(bronzeSnapshots(spec)).isEqualTo(bronzeSnapshots);

    runAvailableNow(dataDir);

    Map<TableIdentifier, List<Map<String, Object>>> after = contents(rebuilt);
    for (TableIdentifier id : rebuilt) {
      assertThat(after.get(id)).as(id + " rebuilt as before").isEqualTo(before.get(id));
    }
    assertThat(after.get(TableNames.fact("booking"))).hasSize(sample.validBookings());
    assertThat(after.get(TableNames.silver("bookings"))).hasSize(sample.validBookings());
  }

  @Test
  void resetInACopiedDataDirectoryIsRefusedAndChangesNeitherDirectory() throws Exception {
    Path copy = temp.resolve("copy");
    copyTree(dataDir, copy);
    SortedMap<String, Long> original = files(dataDir);
    SortedMap<String, Long> copied = files(copy);

    Outcome reset =
        execute(
            "reset",
            "--pipeline",
            copy.resolve("pipeline.yaml").toString(),
            "--data-dir",
            copy.toString(),
            "--layer",
            "all");

    assertThat(reset.code()).isEqualTo(1);
    assertThat(reset.err())
        .startsWith(
            "Cannot reset bronze, silver and gold of pipeline flights in "
                + copy
                + ": 19 tables have files outside this data directory's warehouse "
                + copy.resolve("warehouse")
                + " (bronze.customers in "
                + dataDir.resolve("warehouse/bronze/customers")
                + ", bronze.airports in ")
        .contains(" and 16 more). Table locations in Iceberg metadata are absolute")
        .contains("Nothing was changed.")
        .contains(
            "delete its "
                + copy.resolve("warehouse")
                + " and "
                + copy.resolve("checkpoints")
                + " directories and run again");
    assertThat(reset.out()).isEmpty();
    assertThat(files(dataDir)).as("the original's files").isEqualTo(original);
    assertThat(files(copy)).as("the copy's files").isEqualTo(copied);
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LakehouseCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  private void runAvailableNow(Path root) throws Exception {
    PipelineRun run =
        PipelineRun.of(
            PipelineSpecLoader.load(specFile), new DataLayout(root), RunMode.AVAILABLE_NOW);
    PipelineRunner.allLayers(run).runAvailableNow(layer -> {});
  }

  private LakehouseCatalog catalog(Path root) {
    return LakehouseCatalog.of(PipelineSpecLoader.load(specFile).catalog(), new DataLayout(root));
  }

  /** Each table's rows, without the wall-clock column a rebuild sets anew. */
  private Map<TableIdentifier, List<Map<String, Object>>> contents(List<TableIdentifier> tables) {
    Map<TableIdentifier, List<Map<String, Object>>> contents = new LinkedHashMap<>();
    try (LakehouseCatalog catalog = catalog(dataDir)) {
      for (TableIdentifier id : tables) {
        List<Map<String, Object>> rows = TableContents.of(catalog, id).maps();
        rows.forEach(row -> row.remove("_quarantined_at"));
        contents.put(id, rows);
      }
    }
    return contents;
  }

  private Map<TableIdentifier, Long> bronzeSnapshots(PipelineSpec spec) {
    Map<TableIdentifier, Long> snapshots = new LinkedHashMap<>();
    try (LakehouseCatalog catalog = catalog(dataDir)) {
      for (TableIdentifier id : Layer.BRONZE.tables(spec)) {
        snapshots.put(id, catalog.loadTable(id).currentSnapshot().snapshotId());
      }
    }
    return snapshots;
  }

  private static Path checkpoint(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("_metadata"), "state");
    return directory;
  }

  /** Every regular file under {@code root}, relative, with its size. */
  private static SortedMap<String, Long> files(Path root) throws IOException {
    SortedMap<String, Long> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.size(p));
      }
    }
    return files;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      paths.forEach(
          p -> {
            try {
              Files.copy(p, to.resolve(from.relativize(p).toString()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
