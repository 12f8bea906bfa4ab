package io.lakehouseflow.core.spec;

import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;

/**
 * Where each spec path sits in the YAML file, so that checks made after reading (cross-references,
 * defaults) can still point at a line and column.
 */
final class SpecLocations {
  private final Map<String, Mark> values = new HashMap<>();
  private final Map<String, Mark> keys = new HashMap<>();

  void record(String path, Mark keyMark, Mark valueMark) {
    if (keyMark != null) {
      keys.putIfAbsent(path, keyMark);
    }
    if (valueMark != null) {
      values.putIfAbsent(path, valueMark);
    }
  }

  /**
   * The start of the value at {@code path}, or of its closest recorded ancestor when the path was
   * never written (a defaulted key).
   */
  Mark valueOf(String path) {
    for (String p = path; p != null; p = parent(p)) {
      Mark mark = values.get(p);
      if (mark != null) {
        return mark;
      }
    }
    return null;
  }

  /** The start of the key at {@code path}; the value's position when it has no key. */
  Mark keyOf(String path) {
    Mark mark = keys.get(path);
    return mark != null ? mark : valueOf(path);
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut > 0 ? path.substring(0, cut) : path.isEmpty() ? null : "";
  }
}
