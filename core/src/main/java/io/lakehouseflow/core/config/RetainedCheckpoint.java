package io.lakehouseflow.core.config;

import static org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess.CHECKPOINT_DIR_PREFIX;
import static org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess.CHECKPOINT_SHARED_STATE_DIR;
import static org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess.CHECKPOINT_TASK_OWNED_STATE_DIR;
import static org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess.METADATA_FILE_NAME;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A complete checkpoint Flink retained: a {@code chk-<id>} directory holding its {@code _metadata}
 * file, which Flink writes last, or a savepoint a job stopped with in its checkpoint directory.
 * Found through Flink's {@link FileSystem}, so a {@code file:} directory works as well as {@code
 * s3:} with the S3 filesystem plugin.
 *
 * @param directory the {@code chk-<id>} directory, the path to restore from
 * @param id the checkpoint id; a restored job continues its numbering, so the id also counts the
 *     checkpoints the state lived through
 * @param writtenAt when {@code _metadata} was written
 */
public record RetainedCheckpoint(Path directory, long id, Instant writtenAt) {

  // <job dir>/plan-<fingerprint>/<Flink job id>/chk-<id>: the deepest layout a job dir holds.
  private static final int MAX_DEPTH = 3;

  /** The name Flink gives the directory of a savepoint it writes. */
  public static final String SAVEPOINT_DIR_PREFIX = "savepoint-";

  private static final Comparator<RetainedCheckpoint> BY_AGE =
      Comparator.comparing(RetainedCheckpoint::writtenAt).thenComparingLong(RetainedCheckpoint::id);

  public RetainedCheckpoint {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(writtenAt, "writtenAt");
  }

  /**
   * Every complete checkpoint under {@code dir}: in {@code <dir>/<job id>/chk-N} and one level
   * deeper ({@code <dir>/plan-<fingerprint>/<job id>/chk-N}); none when {@code dir} does not exist.
   *
   * @throws UncheckedIOException when {@code dir} cannot be listed
   */
  public static List<RetainedCheckpoint> under(Path dir) {
    List<RetainedCheckpoint> found = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem();
      if (fs.exists(dir)) {
        collect(fs, dir, MAX_DEPTH, found);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to list retained checkpoints under "
              + dir
              + ": "
              + e.getMessage()
              + ". Check that the location exists and is readable; for s3: install Flink's S3"
              + " filesystem plugin, or set "
              + LakehouseOptions.RECOVERY.key()
              + "="
              + Recovery.CLUSTER
              + " to leave recovery to the cluster.",
          e);
    }
    return found;
  }

  /** The most recently written complete checkpoint under {@code dir} (see {@link #under}). */
  public static Optional<RetainedCheckpoint> newest(Path dir) {
    return under(dir).stream().max(BY_AGE);
  }

  /** The least recently written of {@code checkpoints}. */
  static Optional<RetainedCheckpoint> oldest(List<RetainedCheckpoint> checkpoints) {
    return checkpoints.stream().min(BY_AGE);
  }

  /** The most recently written of {@code checkpoints}. */
  static Optional<RetainedCheckpoint> newest(List<RetainedCheckpoint> checkpoints) {
    return checkpoints.stream().max(BY_AGE);
  }

  private static void collect(FileSystem fs, Path dir, int depth, List<RetainedCheckpoint> found)
      throws IOException {
    FileStatus[] children = fs.listStatus(dir);
    if (children == null) {
      return;
    }
    for (FileStatus child : children) {
      if (!child.isDir()) {
        continue;
      }
      String name = child.getPath().getName();
      if (name.startsWith(CHECKPOINT_DIR_PREFIX)) {
        complete(fs, child.getPath()).ifPresent(found::add);
      } else if (name.startsWith(SAVEPOINT_DIR_PREFIX)) {
        savepoint(fs, child.getPath()).ifPresent(found::add);
      } else if (depth > 1
          && !name.equals(CHECKPOINT_SHARED_STATE_DIR)
          && !name.equals(CHECKPOINT_TASK_OWNED_STATE_DIR)) {
        // shared/ and taskowned/ hold state files, never checkpoint directories.
        collect(fs, child.getPath(), depth - 1, found);
      }
    }
  }

  /**
   * A savepoint a job stopped with ({@code savepoint-<job>-<random>}, written into its checkpoint
   * directory), when its metadata is there. It has no checkpoint id; it counts as id 0.
   */
  private static Optional<RetainedCheckpoint> savepoint(FileSystem fs, Path dir)
      throws IOException {
    try {
      FileStatus metadata = fs.getFileStatus(new Path(dir, METADATA_FILE_NAME));
      return Optional.of(
          new RetainedCheckpoint(dir, 0, Instant.ofEpochMilli(metadata.getModificationTime())));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The checkpoint in {@code chk}, when its metadata is there: without it, it is incomplete. */
  private static Optional<RetainedCheckpoint> complete(FileSystem fs, Path chk) throws IOException {
    long id;
    try {
      id = Long.parseLong(chk.getName().substring(CHECKPOINT_DIR_PREFIX.length()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    try {
      FileStatus metadata = fs.getFileStatus(new Path(chk, METADATA_FILE_NAME));
      return Optional.of(
          new RetainedCheckpoint(chk, id, Instant.ofEpochMilli(metadata.getModificationTime())));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }
}
