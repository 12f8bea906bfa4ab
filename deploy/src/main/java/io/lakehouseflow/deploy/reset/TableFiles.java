package io.lakehouseflow.deploy.reset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;

/**
 * Where a table's files are: its location and every file its metadata reaches (metadata files,
 * manifest lists, manifests, data and delete files of every snapshot, statistics). A purge deletes
 * exactly these, wherever they are, so each must be checked before a drop with purge.
 */
final class TableFiles {
  private TableFiles() {}

  /**
   * The first of {@code table}'s location and files that lies outside {@code root}, the table's
   * location first (it names the table's directory, and so reads best in a message).
   */
  static Optional<String> firstOutside(Table table, StorageRoot root) {
    if (!root.contains(table.location())) {
      return Optional.of(table.location());
    }
    for (String location : locations(table)) {
      if (!root.contains(location)) {
        return Optional.of(location);
      }
    }
    return Optional.empty();
  }

  private static List<String> locations(Table table) {
    List<String> locations = new ArrayList<>();
    if (table instanceof HasTableOperations withOperations) {
      locations.add(withOperations.operations().current().metadataFileLocation());
    }
    locations.addAll(ReachableFileUtil.metadataFileLocations(table, true));
    locations.addAll(ReachableFileUtil.statisticsFilesLocations(table));
    FileIO io = table.io();
    Set<String> manifests = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.manifestListLocation() != null) {
        locations.add(snapshot.manifestListLocation());
      }
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        if (manifests.add(manifest.path())) {
          locations.add(manifest.path());
          addContentFiles(table, manifest, locations);
        }
      }
    }
    return locations;
  }

  private static void addContentFiles(Table table, ManifestFile manifest, List<String> locations) {
    try {
      if (manifest.content() == ManifestContent.DATA) {
        try (ManifestReader<DataFile> reader =
            ManifestFiles.read(manifest, table.io(), table.specs())) {
          reader.forEach(file -> locations.add(file.location()));
        }
      } else {
        try (ManifestReader<DeleteFile> reader =
            ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
          reader.forEach(file -> locations.add(file.location()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read manifest " + manifest.path(), e);
    }
  }
}
