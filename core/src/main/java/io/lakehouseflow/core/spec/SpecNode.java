package io.lakehouseflow.core.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node with its spec path. Reading it as the wrong kind (a list where a mapping belongs, an
 * invalid name) reports an error at the node's line and column and yields nothing, so that reading
 * goes on and every problem of a file is found in one pass.
 */
final class SpecNode {
  /**
   * Names of sources, tables, dimensions, facts and columns; a leading _ marks metadata columns.
   */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final Node node;
  private final String key;
  private final Mark keyMark;
  private final String path;
  private final SpecErrors errors;
  private final SpecLocations locations;

  private SpecNode(
      Node node,
      String key,
      Mark keyMark,
      String path,
      SpecErrors errors,
      SpecLocations locations) {
    this.node = node;
    this.key = key;
    this.keyMark = keyMark;
    this.path = path;
    this.errors = errors;
    this.locations = locations;
    locations.record(path, keyMark, node.getStartMark());
  }

  static SpecNode root(Node node, SpecErrors errors, SpecLocations locations) {
    return new SpecNode(node, null, null, "", errors, locations);
  }

  SpecNode entry(Node keyNode, String entryKey, Node value) {
    String childPath = path.isEmpty() ? entryKey : path + "." + entryKey;
    return new SpecNode(value, entryKey, keyNode.getStartMark(), childPath, errors, locations);
  }

  private SpecNode item(int index, Node value) {
    return new SpecNode(value, null, null, path + "[" + index + "]", errors, locations);
  }

  String path() {
    return path;
  }

  /** The mapping key this node is the value of, for example a source name. */
  String key() {
    return key;
  }

  Node node() {
    return node;
  }

  SpecErrors errors() {
    return errors;
  }

  /** Reports a problem with this node's value. */
  void error(String message) {
    errors.at(node.getStartMark(), path, message);
  }

  /** Reports a problem with the key that declares this node, or with the node when it has none. */
  void keyError(String message) {
    errors.at(keyMark != null ? keyMark : node.getStartMark(), path, message);
  }

  /** An empty value ({@code key:} with nothing after it), read as an empty mapping or list. */
  boolean isEmpty() {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  /** This node as a mapping with the given keys only; other keys are reported as unknown. */
  Optional<SpecMapping> fields(String what, List<String> allowed) {
    return asMapping(what, allowed);
  }

  /** This node as a mapping with keys chosen by the user, such as names of sources or columns. */
  Optional<SpecMapping> mapping(String what) {
    return asMapping(what, null);
  }

  private Optional<SpecMapping> asMapping(String what, List<String> allowed) {
    if (isEmpty()) {
      return Optional.of(new SpecMapping(this, List.of(), allowed));
    }
    if (node instanceof MappingNode mapping) {
      return Optional.of(new SpecMapping(this, mapping.getValue(), allowed));
    }
    error(
        "expected "
            + what
            + " (a mapping of key: value lines), found "
            + kind()
            + ". Write it as nested 'key: value' lines.");
    return Optional.empty();
  }

  /** This node as a list. */
  Optional<List<SpecNode>> items(String what) {
    if (isEmpty()) {
      return Optional.of(List.of());
    }
    if (node instanceof SequenceNode sequence) {
      List<SpecNode> out = new ArrayList<>();
      for (Node value : sequence.getValue()) {
        out.add(item(out.size(), value));
      }
      return Optional.of(out);
    }
    error(
        "expected "
            + what
            + " (a list), found "
            + kind()
            + ". Write it as [a, b] or as '- item' lines.");
    return Optional.empty();
  }

  /** This node as a single non-empty value. */
  Optional<String> text() {
    if (node instanceof ScalarNode scalar) {
      if (scalar.getValue().isBlank()) {
        keyError("missing value. Write a value after '" + (key == null ? "-" : key + ":") + "'.");
        return Optional.empty();
      }
      return Optional.of(scalar.getValue());
    }
    error("expected a single value, found " + kind() + ". Write one value after the colon.");
    return Optional.empty();
  }

  /** This node as a value that may be empty. */
  Optional<String> textOrEmpty() {
    if (node instanceof ScalarNode scalar) {
      return Optional.of(scalar.getValue());
    }
    error("expected a single value, found " + kind() + ". Write one value after the colon.");
    return Optional.empty();
  }

  /** This node as a table, column or other object name; see {@link #NAME}. */
  Optional<String> name(String what) {
    return text().filter(value -> checkName(value, what, false));
  }

  /** The key declaring this node, checked as a name (for example a source declared by its key). */
  boolean hasValidKeyName(String what) {
    return checkName(key, what, true);
  }

  private boolean checkName(String value, String what, boolean isKey) {
    if (NAME.matcher(value).matches()) {
      return true;
    }
    String why =
        value.startsWith("_")
            ? "a leading '_' is reserved for metadata columns"
            : "names start with a lowercase letter and hold only a-z, 0-9 and _";
    String message =
        "invalid "
            + what
            + " name '"
            + value
            + "': "
            + why
            + ". Rename it, for example to '"
            + suggestName(value)
            + "'.";
    if (isKey) {
      keyError(message);
    } else {
      error(message);
    }
    return false;
  }

  /** This node as a list of names without repeats. */
  Optional<List<String>> names(String what) {
    Optional<List<SpecNode>> items = items("a list of " + what + " names");
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean valid = true;
    for (SpecNode item : items.get()) {
      Optional<String> name = item.name(what);
      if (name.isEmpty()) {
        valid = false;
      } else if (!seen.add(name.get())) {
        item.error(what + " '" + name.get() + "' is listed twice. Remove the repeat.");
      } else {
        out.add(name.get());
      }
    }
    return valid ? Optional.of(List.copyOf(out)) : Optional.empty();
  }

  private String kind() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "the value '" + ((ScalarNode) node).getValue() + "'";
  }

  private static String suggestName(String value) {
    String s =
        value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^[_0-9]+", "");
    return s.isEmpty() ? "col_" + value.replaceAll("[^a-z0-9]", "") : s;
  }
}
