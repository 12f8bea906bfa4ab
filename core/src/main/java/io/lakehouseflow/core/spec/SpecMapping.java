package io.lakehouseflow.core.spec;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The entries of a YAML mapping, in file order. Unknown keys (with the closest allowed one
 * suggested), repeated keys and non-scalar keys are reported once, when the mapping is read.
 */
final class SpecMapping {
  private final SpecNode owner;
  private final Map<String, SpecNode> entries = new LinkedHashMap<>();

  /** Allowed keys already suggested for a misspelled key; their absence is not reported again. */
  private final Set<String> suggested = new HashSet<>();

  SpecMapping(SpecNode owner, List<NodeTuple> tuples, List<String> allowed) {
    this.owner = owner;
    for (NodeTuple tuple : tuples) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        owner
            .errors()
            .at(
                tuple.getKeyNode().getStartMark(),
                owner.path(),
                "a key must be a plain name, not a list or mapping. Write 'name: value'.");
        continue;
      }
      String key = keyNode.getValue();
      SpecNode entry = owner.entry(keyNode, key, tuple.getValueNode());
      if (entries.containsKey(key)) {
        entry.keyError(
            "duplicate key '"
                + key
                + "' (first at line "
                + (entries.get(key).node().getStartMark().getLine() + 1)
                + "). Remove one of them.");
      } else if (allowed != null && !allowed.contains(key)) {
        Optional<String> closest = closest(key, allowed);
        closest.ifPresent(suggested::add);
        entry.keyError(
            "unknown key '"
                + key
                + "'"
                + closest.map(c -> ": did you mean '" + c + "'?").orElse(".")
                + " Allowed keys: "
                + String.join(", ", allowed)
                + ".");
      } else {
        entries.put(key, entry);
      }
    }
  }

  Optional<SpecNode> optional(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /**
   * The value of a key the user must write; when absent, reports it at the mapping's key with an
   * example of what to write.
   */
  Optional<SpecNode> required(String key, String example) {
    SpecNode entry = entries.get(key);
    if (entry == null && !suggested.contains(key)) {
      owner.keyError("missing required key '" + key + "'. Add '" + key + ": " + example + "'.");
    }
    return Optional.ofNullable(entry);
  }

  Collection<SpecNode> entries() {
    return entries.values();
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  private static Optional<String> closest(String key, List<String> allowed) {
    return allowed.stream()
        .map(candidate -> Map.entry(candidate, distance(key, candidate)))
        .filter(e -> e.getValue() <= Math.max(2, e.getKey().length() / 3))
        .min(Comparator.comparingInt(Map.Entry::getValue))
        .map(Map.Entry::getKey);
  }

  /** Levenshtein edit distance, ignoring case and '-' versus '_'. */
  private static int distance(String a, String b) {
    String x = a.toLowerCase().replace('-', '_');
    String y = b.toLowerCase();
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
