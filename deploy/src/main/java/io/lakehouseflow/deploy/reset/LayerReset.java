package io.lakehouseflow.deploy.reset;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.WriterLease;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resets layers of a pipeline so the next run rebuilds them from the layer below: drops their
 * tables with their files, and removes their jobs' checkpoints (continuous and available-now, every
 * plan), which would otherwise resume from positions in the dropped tables.
 *
 * <p>A table is purged only when its location and every file its metadata reaches lie inside the
 * warehouse this data directory resolves: Iceberg metadata holds absolute locations, so the tables
 * of a copied data directory still name the original's files, and purging them would delete the
 * original's data. If any table fails that check the reset is refused before anything changes.
 */
public final class LayerReset {
  private static final Logger LOG = LoggerFactory.getLogger(LayerReset.class);

  // Enough to see where a copy points; the rest are counted.
  private static final int MAX_TABLES_NAMED = 3;

  private final PipelineRun run;
  private final List<Layer> layers;

  private LayerReset(PipelineRun run, List<Layer> layers) {
    this.run = run;
    this.layers = layers;
  }

  /**
   * A reset of {@code layers} of {@code run}'s pipeline and of every layer built on them: a layer
   * is computed from the one below, so resetting silver resets gold too (gold's continuous state
   * holds positions in the silver tables being dropped).
   */
  public static LayerReset of(PipelineRun run, List<Layer> layers) {
    Objects.requireNonNull(run, "run");
    Layer lowest =
        layers.stream()
            .min(Comparator.naturalOrder())
            .orElseThrow(
                () -> new IllegalArgumentException("Cannot reset no layers: name silver or gold"));
    List<Layer> withDownstream =
        List.of(Layer.values()).stream().filter(l -> l.compareTo(lowest) >= 0).toList();
    return new LayerReset(run, withDownstream);
  }

  /** The layers this reset drops, in data-flow order. */
  public List<Layer> layers() {
    return layers;
  }

  /** What a reset did. */
  public record Outcome(List<TableIdentifier> droppedTables, List<String> removedCheckpoints) {
    public Outcome {
      droppedTables = List.copyOf(droppedTables);
      removedCheckpoints = List.copyOf(removedCheckpoints);
    }
  }

  /**
   * Checks every table first and refuses, changing nothing, when one has files outside the
   * warehouse; then removes the checkpoints (first, so no run can resume from them against new
   * tables) and drops the tables downstream first.
   *
   * @throws ResetRefusedException naming each table that points elsewhere, and where
   */
  public Outcome execute() {
    try (LakehouseCatalog catalog = run.catalog()) {
      StorageRoot warehouse = new StorageRoot(catalog.warehouse());
      List<TableIdentifier> existing = new ArrayList<>();
      List<String> outside = new ArrayList<>();
      for (Layer layer : layers) {
        for (TableIdentifier id : layer.writtenTables(run.spec())) {
          if (!catalog.tableExists(id)) {
            continue;
          }
          existing.add(id);
          Table table = catalog.loadTable(id);
          Optional<String> elsewhere = TableFiles.firstOutside(table, warehouse);
          elsewhere.ifPresent(location -> outside.add(id + " in " + location));
        }
      }
      if (!outside.isEmpty()) {
        throw refusal(warehouse, outside);
      }
      // A run writing these tables refuses the reset, as it would refuse a second run.
      try (WriterLease lease = existing.isEmpty() ? null : lease(catalog, existing)) {
        List<String> removed = removeCheckpoints();
        List<TableIdentifier> dropped = new ArrayList<>();
        for (int i = existing.size() - 1; i >= 0; i--) {
          TableIdentifier id = existing.get(i);
          if (catalog.catalog().dropTable(id, true)) {
            LOG.info("Reset dropped table {} with its files", id);
            dropped.add(id);
          }
        }
        Collections.reverse(dropped);
        return new Outcome(dropped, removed);
      }
    }
  }

  private WriterLease lease(LakehouseCatalog catalog, List<TableIdentifier> tables) {
    return WriterLease.acquire(
        catalog,
        "reset of "
            + describe(layers)
            + " of pipeline "
            + run.spec().name()
            + " in "
            + run.layout().root(),
        tables,
        run.options().get(LakehouseOptions.WRITER_LEASE_TIMEOUT));
  }

  private List<String> removeCheckpoints() {
    List<String> removed = new ArrayList<>();
    for (Layer layer : layers) {
      for (RunMode mode : RunMode.values()) {
        Path directory = run.checkpoints(layer.jobName(), mode);
        try {
          FileSystem fs = directory.getFileSystem();
          if (fs.exists(directory)) {
            if (!fs.delete(directory, true)) {
              throw new IOException("the file system refused to delete it");
            }
            LOG.info("Reset removed checkpoints {}", directory);
            removed.add(directory.toString());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(
              "Failed to remove the checkpoints "
                  + directory
                  + " of job "
                  + layer.jobName()
                  + ": "
                  + e.getMessage()
                  + ". No table was dropped yet; fix the permissions and run the reset again.",
              e);
        }
      }
    }
    return removed;
  }

  private ResetRefusedException refusal(StorageRoot warehouse, List<String> outside) {
    int shown = Math.min(outside.size(), MAX_TABLES_NAMED);
    String tables =
        String.join(", ", outside.subList(0, shown))
            + (outside.size() > shown ? " and " + (outside.size() - shown) + " more" : "");
    return new ResetRefusedException(
        "Cannot reset "
            + describe(layers)
            + " of pipeline "
            + run.spec().name()
            + " in "
            + run.layout().root()
            + ": "
            + (outside.size() == 1 ? "1 table has" : outside.size() + " tables have")
            + " files outside this data directory's warehouse "
            + warehouse
            + " ("
            + tables
            + "). Table locations in Iceberg metadata are absolute, so a copied data directory"
            + " still points at the original's files, and purging its tables would delete"
            + " those. Nothing was changed. To reset the original, run the reset with its"
            + " --data-dir; to start this copy over, delete its "
            + warehouse
            + " and "
            + displayed(run.checkpointsRoot())
            + " directories and run again, which rebuilds every layer from the landing files.");
  }

  /** A checkpoint location as a user would type it: a local path without {@code file:}. */
  private static String displayed(Path location) {
    String shown =
        "file".equals(location.toUri().getScheme())
            ? location.toUri().getPath()
            : location.toString();
    // A location built from an existing local directory's URI ends with '/'; no one types that.
    return shown.length() > 1 && shown.endsWith("/")
        ? shown.substring(0, shown.length() - 1)
        : shown;
  }

  /** {@code silver and gold}, {@code bronze, silver and gold}. */
  public static String describe(List<Layer> layers) {
    List<String> names = layers.stream().map(Layer::cliName).toList();
    if (names.size() == 1) {
      return names.get(0);
    }
    return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", "))
        + " and "
        + names.get(names.size() - 1);
  }
}
