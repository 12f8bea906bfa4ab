package io.lakehouseflow.core.config;

import io.lakehouseflow.core.catalog.TableNames;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The {@code ./lakehouse reset} command that rebuilds a layer, as messages suggest it. A table is
 * never to be dropped by hand: its files may belong to another data directory, and its layer's
 * checkpoints and everything built on it must go with it, which {@code reset} checks and does.
 */
public final class ResetCommandLine {
  /** The {@code --layer} of a reset that rebuilds bronze: bronze alone cannot be reset. */
  public static final String ALL_LAYERS = "all";

  private ResetCommandLine() {}

  /** The reset of {@code layer} ({@code silver}, {@code gold} or {@code all}) for {@code run}. */
  public static String forLayer(PipelineRun run, String layer) {
    return forLayer(run.spec().location(), run.layout(), layer);
  }

  /**
   * The reset of {@code layer} of the pipeline read from {@code pipelineLocation} (a placeholder
   * when unknown) in {@code layout}'s data directory.
   */
  public static String forLayer(String pipelineLocation, DataLayout layout, String layer) {
    return "./lakehouse reset --pipeline "
        + (pipelineLocation == null ? "FILE" : quoted(pipelineLocation))
        + " --data-dir "
        + quoted(layout.root().toString())
        + " --layer "
        + layer;
  }

  /** The reset that rebuilds {@code table}: its layer's, or every layer's for a bronze table. */
  public static String forTable(String pipelineLocation, DataLayout layout, TableIdentifier table) {
    return forLayer(pipelineLocation, layout, layerOf(table));
  }

  /** The {@code --layer} that rebuilds {@code table}. */
  public static String layerOf(TableIdentifier table) {
    String namespace = table.namespace().level(table.namespace().length() - 1);
    return TableNames.BRONZE.equals(namespace) ? ALL_LAYERS : namespace;
  }

  private static String quoted(String path) {
    return path.chars().anyMatch(Character::isWhitespace) ? "'" + path + "'" : path;
  }
}
