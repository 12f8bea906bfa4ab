package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.DataLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
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

  /**
   * The layout of a data directory this command will write to, created when absent. Probed with a
   * file written and deleted, so a read-only directory fails here with one line naming it, not deep
   * inside a job with a stack trace.
   *
   * @throws UncheckedIOException when the directory cannot be created or written
   */
  DataLayout writableLayout() {
    DataLayout layout = layout();
    Path root = layout.root();
    try {
      Files.createDirectories(root);
      Files.delete(Files.createTempFile(root, ".lakehouse-write-probe", ""));
    } catch (FileAlreadyExistsException e) {
      throw notADirectory(root, e.getFile() + " exists and is not a directory", e);
    } catch (FileSystemException e) {
      if ("Not a directory".equals(e.getReason())) {
        throw notADirectory(root, "part of that path is a file, not a directory", e);
      }
      throw cannotWrite(root, e);
    } catch (IOException e) {
      throw cannotWrite(root, e);
    }
    return layout;
  }

  private static UncheckedIOException notADirectory(Path root, String why, IOException e) {
    return new UncheckedIOException(
        "Cannot use " + root + " as data directory: " + why + ". Pass another --data-dir.", e);
  }

  private static UncheckedIOException cannotWrite(Path root, IOException e) {
    return new UncheckedIOException(
        "Cannot write to data directory "
            + root
            + ": "
            + reason(e)
            + ". Make it writable (chmod -R u+w "
            + root
            + ") or pass another --data-dir.",
        e);
  }

  /** The reason without the probe file's name, which would only puzzle. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return String.valueOf(e.getMessage());
  }
}
