package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.ObjectStore;
import io.lakehouseflow.core.spec.CatalogSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's file systems in the CLI's JVM, whose embedded cluster checkpoints through them: the
 * plugins a Flink distribution would load from its {@code plugins/} directory (Flink's S3
 * filesystem, for {@code s3://} checkpoints and savepoints), configured for the object store the
 * spec's catalog declares. A MiniCluster initializes no file systems itself, and Flink's S3
 * filesystem bundles an unrelocated Hadoop that must not share a class loader with the CLI's, so it
 * is loaded as a plugin, in a class loader of its own, as a cluster loads it.
 */
final class EmbeddedFileSystems {
  /**
   * Where the plugins are, as in a Flink distribution; else {@code plugins/} beside the CLI jar.
   */
  static final String PLUGINS_DIR_ENV = "FLINK_PLUGINS_DIR";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFileSystems.class);

  private EmbeddedFileSystems() {}

  /**
   * Initializes Flink's file systems for {@code catalog}'s object store. Credentials are not part
   * of the configuration: the S3 filesystem takes them from the environment.
   */
  static void initialize(CatalogSpec catalog) {
    Configuration options = ObjectStore.flinkFileSystemOptions(catalog);
    Optional<Path> plugins = pluginsDirectory();
    Collection<PluginDescriptor> found = plugins.map(EmbeddedFileSystems::find).orElse(List.of());
    FileSystem.initialize(
        options,
        new DefaultPluginManager(found, CoreOptions.getPluginParentFirstLoaderPatterns(options)));
    LOG.info(
        "Flink file systems initialized with {} plugin(s) from {}; S3 options {}",
        found.size(),
        plugins.map(Path::toString).orElse("(no plugins directory)"),
        options.keySet());
  }

  private static Collection<PluginDescriptor> find(Path directory) {
    try {
      return new DirectoryBasedPluginFinder(directory).findPlugins();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to read Flink's plugins in "
              + directory
              + ": "
              + e.getMessage()
              + ". Rebuild the CLI (./mvnw -B package) or point "
              + PLUGINS_DIR_ENV
              + " at a readable plugins directory.",
          e);
    }
  }

  /** {@value #PLUGINS_DIR_ENV}, else {@code plugins/} beside the CLI jar (or its classes). */
  static Optional<Path> pluginsDirectory() {
    String configured = System.getenv(PLUGINS_DIR_ENV);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isDirectory);
    }
    try {
      Path code =
          Path.of(
              EmbeddedFileSystems.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI());
      return Optional.ofNullable(code.getParent())
          .map(dir -> dir.resolve("plugins"))
          .filter(Files::isDirectory);
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
