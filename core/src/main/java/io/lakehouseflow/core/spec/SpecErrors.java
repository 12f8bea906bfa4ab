package io.lakehouseflow.core.spec;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;

/** Collects every problem found in one spec file, so that a user sees all of them in one run. */
final class SpecErrors {
  private final String file;
  private final SpecLocations locations;
  private final List<SpecError> errors = new ArrayList<>();

  SpecErrors(String file, SpecLocations locations) {
    this.file = file;
    this.locations = locations;
  }

  /** Reports a problem at a known position. */
  void at(Mark mark, String path, String message) {
    int line = mark == null ? 0 : mark.getLine() + 1;
    int column = mark == null ? 0 : mark.getColumn() + 1;
    errors.add(new SpecError(file, line, column, path, message));
  }

  /** Reports a problem with the value at {@code path}. */
  void atValue(String path, String message) {
    at(locations.valueOf(path), path, message);
  }

  /** Reports a problem with the key at {@code path} (a name being declared). */
  void atKey(String path, String message) {
    at(locations.keyOf(path), path, message);
  }

  /** Every problem reported so far. */
  List<SpecError> list() {
    return List.copyOf(errors);
  }

  /** Throws when any problem was reported. */
  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new InvalidSpecException(errors);
    }
  }
}
