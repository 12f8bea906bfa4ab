package io.lakehouseflow.core.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.flink.util.TimeUtils;

/**
 * Reads the spec's {@code maintenance:} section: per layer, the keys of a {@link
 * MaintenancePolicy}, each defaulting to the layer's default:
 *
 * <pre>
 * maintenance:
 *   gold:
 *     rewrite_after_commits: 10
 *     expire_snapshots_older_than: 30 min
 *     retain_last: 5
 *   bronze: {enabled: false}
 * </pre>
 *
 * Problems go to the spec's error list with their positions, like every other section's.
 */
final class MaintenanceReader {
  static final List<String> LAYERS = List.of("bronze", "silver", "gold");
  static final List<String> KEYS =
      List.of(
          "enabled",
          "rewrite_after_commits",
          "rewrite_after_data_files",
          "rewrite_interval",
          "expire_snapshots_older_than",
          "retain_last",
          "delete_orphans_after");

  private MaintenanceReader() {}

  /** The policies under {@code node}; a layer with errors keeps its default (they are reported). */
  static MaintenanceSpec read(SpecNode node) {
    Optional<SpecMapping> layers = node.fields("maintenance policies keyed by layer", LAYERS);
    if (layers.isEmpty()) {
      return MaintenanceSpec.DEFAULT;
    }
    MaintenanceSpec defaults = MaintenanceSpec.DEFAULT;
    return new MaintenanceSpec(
        policy(layers.get(), "bronze", defaults.bronze()),
        policy(layers.get(), "silver", defaults.silver()),
        policy(layers.get(), "gold", defaults.gold()));
  }

  private static MaintenancePolicy policy(
      SpecMapping layers, String layer, MaintenancePolicy defaults) {
    Optional<SpecMapping> fields =
        layers.optional(layer).flatMap(n -> n.fields("the " + layer + " maintenance policy", KEYS));
    if (fields.isEmpty()) {
      return defaults;
    }
    SpecMapping f = fields.get();
    boolean enabled = value(f, "enabled", true, MaintenanceReader::bool);
    int commits =
        value(
            f,
            "rewrite_after_commits",
            defaults.rewriteAfterCommits(),
            (n, d) -> count(n, d, "commits"));
    int dataFiles =
        value(
            f,
            "rewrite_after_data_files",
            defaults.rewriteAfterDataFiles(),
            (n, d) -> count(n, d, "data files"));
    Duration interval =
        value(
            f,
            "rewrite_interval",
            defaults.rewriteInterval(),
            (n, d) -> duration(n, d, Duration.ZERO, "'0 s' (off) or"));
    Duration expiry =
        value(
            f,
            "expire_snapshots_older_than",
            defaults.expireSnapshotsOlderThan(),
            (n, d) -> duration(n, d, Duration.ZERO, ""));
    int retain = value(f, "retain_last", defaults.retainLast(), (n, d) -> count(n, d, "snapshots"));
    Duration orphans =
        value(
            f,
            "delete_orphans_after",
            defaults.deleteOrphansAfter(),
            (n, d) ->
                duration(
                    n,
                    d,
                    MaintenancePolicy.MIN_ORPHAN_AGE,
                    "at least 1 h, because younger unreferenced files may be a writer's"
                        + " uncommitted ones:"));
    return new MaintenancePolicy(enabled, commits, dataFiles, interval, expiry, retain, orphans);
  }

  /**
   * The value of {@code key} read by {@code parse}, which reports an invalid one and falls back to
   * the default it is given; the default when the key is absent.
   */
  private static <T> T value(
      SpecMapping fields, String key, T fallback, BiFunction<SpecNode, T, T> parse) {
    return fields.optional(key).map(n -> parse.apply(n, fallback)).orElse(fallback);
  }

  private static boolean bool(SpecNode node, boolean fallback) {
    Optional<String> text = node.text();
    if (text.isEmpty()) {
      return fallback;
    }
    if (text.get().equals("true") || text.get().equals("false")) {
      return Boolean.parseBoolean(text.get());
    }
    node.error("invalid value '" + text.get() + "' (allowed: true, false). Write true or false.");
    return fallback;
  }

  private static int count(SpecNode node, int fallback, String what) {
    Optional<String> text = node.text();
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.get().strip());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with an example that parses
    }
    node.error(
        "invalid value '"
            + text.get()
            + "': it must be a number of "
            + what
            + " of 1 or more. Write for example '"
            + node.key()
            + ": "
            + fallback
            + "'.");
    return fallback;
  }

  private static Duration duration(
      SpecNode node, Duration fallback, Duration minimum, String allowed) {
    Optional<String> text = node.text();
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      Duration value = TimeUtils.parseDuration(text.get());
      if (value.compareTo(minimum) >= 0) {
        return value;
      }
    } catch (IllegalArgumentException e) {
      // reported below, with the forms that parse
    }
    node.error(
        "invalid duration '"
            + text.get()
            + "': it must be "
            + (allowed.isEmpty() ? "" : allowed + " ")
            + "a duration such as 30 min, 1 h or 1 d. Write for example '"
            + node.key()
            + ": "
            + TimeUtils.formatWithHighestUnit(fallback.isZero() ? Duration.ofHours(1) : fallback)
            + "'.");
    return fallback;
  }
}
