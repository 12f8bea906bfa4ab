package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * What becomes of a source's landing files once bronze holds every line of them: they stay ({@link
 * #NONE}, the default), are deleted ({@link #DELETE}), or are moved below a directory outside the
 * landing root ({@link #moveTo}), keeping their path below the source's landing directory.
 *
 * @param action what is done
 * @param moveTo the directory files are moved to (a path, relative to the data directory, or a
 *     URI); {@code null} unless {@code action} is {@link Action#MOVE}
 */
public record LandingCleanup(Action action, String moveTo) implements Serializable {
  /** The three choices of {@code cleanup}. */
  public enum Action {
    NONE,
    DELETE,
    MOVE
  }

  /** Landing files stay where they are. */
  public static final LandingCleanup NONE = new LandingCleanup(Action.NONE, null);

  /** Landing files wholly in bronze are deleted. */
  public static final LandingCleanup DELETE = new LandingCleanup(Action.DELETE, null);

  public LandingCleanup {
    Objects.requireNonNull(action, "action");
    if ((action == Action.MOVE) != (moveTo != null)) {
      throw new IllegalArgumentException(
          "Invalid landing cleanup " + action + ": a directory goes with MOVE, and only with it");
    }
  }

  /** Landing files wholly in bronze are moved below {@code directory}. */
  public static LandingCleanup moveTo(String directory) {
    return new LandingCleanup(Action.MOVE, Objects.requireNonNull(directory, "directory"));
  }

  /** Whether files are ever removed from landing. */
  public boolean removesFiles() {
    return action != Action.NONE;
  }

  /** The directory files are moved to, when they are moved. */
  public Optional<String> archive() {
    return Optional.ofNullable(moveTo);
  }

  /** The option as written in a spec: {@code none}, {@code delete} or {@code {move_to: DIR}}. */
  public String describe() {
    return switch (action) {
      case NONE -> "none";
      case DELETE -> "delete";
      case MOVE -> "{move_to: " + moveTo + "}";
    };
  }
}
