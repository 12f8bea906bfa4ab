package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.DataLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option shared by every command. */
final class DataDirOption {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = DataLayout.DEFAULT_ROOT,
      description =
          "Directory for the warehouse, landing files and checkpoints (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  DataLayout layout() {
    return new DataLayout(dataDir);
  }
}
