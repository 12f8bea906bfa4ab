package io.lakehouseflow.core.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL models as a graph, each pointing at the models it reads: the order they are planned in
 * (every model after the models it reads, otherwise in name order), or the cycle that prevents one.
 */
public final class ModelGraph {
  private final Map<String, List<String>> reads;

  private ModelGraph(Map<String, List<String>> reads) {
    this.reads = reads;
  }

  /**
   * The graph of {@code models}: each model by name, with the names it references; names that are
   * not models (gold tables) are not part of the graph.
   */
  public static ModelGraph of(Map<String, List<String>> models) {
    Map<String, List<String>> reads = new LinkedHashMap<>();
    models.keySet().stream().sorted().forEach(name -> reads.put(name, List.of()));
    for (String name : reads.keySet()) {
      reads.put(name, models.get(name).stream().filter(models::containsKey).distinct().toList());
    }
    return new ModelGraph(reads);
  }

  /** A cycle of models, as the path from one model back to itself ({@code [a, b, a]}), if any. */
  public Optional<List<String>> cycle() {
    Set<String> done = new HashSet<>();
    for (String start : reads.keySet()) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> cycle = visit(start, path, new HashSet<>(), done);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    return Optional.empty();
  }

  private Optional<List<String>> visit(
      String model, List<String> path, Set<String> onPath, Set<String> done) {
    if (onPath.contains(model)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(model), path.size()));
      cycle.add(model);
      return Optional.of(List.copyOf(cycle));
    }
    if (!done.add(model)) {
      return Optional.empty();
    }
    path.add(model);
    onPath.add(model);
    for (String read : reads.get(model)) {
      Optional<List<String>> cycle = visit(read, path, onPath, done);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    onPath.remove(model);
    return Optional.empty();
  }

  /**
   * Every model after the models it reads.
   *
   * @throws IllegalStateException when the graph has a cycle ({@link #cycle()} names it)
   */
  public List<String> order() {
    cycle()
        .ifPresent(
            c -> {
              throw new IllegalStateException("Cannot order SQL models: they form a cycle " + c);
            });
    List<String> order = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    for (String model : reads.keySet()) {
      place(model, placed, order);
    }
    return List.copyOf(order);
  }

  private void place(String model, Set<String> placed, List<String> order) {
    if (!placed.add(model)) {
      return;
    }
    reads.get(model).forEach(read -> place(read, placed, order));
    order.add(model);
  }
}
