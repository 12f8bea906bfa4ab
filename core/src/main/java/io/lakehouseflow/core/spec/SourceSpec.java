package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A landing source: files of one format under {@code <landing>/<path>/}, appended as is into {@code
 * bronze.<name>}.
 *
 * @param name the source name, also the bronze table name
 * @param path the landing sub-directory, relative to the pipeline's landing root
 * @param format the file format
 * @param csv how CSV files are read (used when {@code format} is CSV)
 * @param columns the declared columns, in order; bronze keeps these names and types
 * @param settle how long a file must be unmodified before its unterminated last line counts as
 *     complete; until then only the lines up to its last line break are read
 * @param ignore globs on file (and directory) names that are never read, such as temporary names of
 *     files still being written; names starting with {@code .} or {@code _} are always skipped
 * @param operation the change-data-capture operation column, or {@code null} when every record is
 *     an upsert of its key
 * @param discovery which files are read and how many per commit
 * @param cleanup what becomes of landing files once bronze holds them whole
 */
public record SourceSpec(
    String name,
    String path,
    SourceFormat format,
    CsvOptions csv,
    List<ColumnSpec> columns,
    Duration settle,
    List<String> ignore,
    ChangeOperation operation,
    DiscoveryOptions discovery,
    LandingCleanup cleanup)
    implements Serializable {

  /** Long enough for a writer that pauses between lines, short enough not to delay a run much. */
  public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(30);

  /** Temporary names of common writers: curl/wget, Hadoop {@code -put}, browsers, editors. */
  public static final List<String> DEFAULT_IGNORE =
      List.of("*.tmp", "*.partial", "*._COPYING_", "*.crdownload");

  public SourceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(csv, "csv");
    columns = List.copyOf(columns);
    Objects.requireNonNull(settle, "settle");
    ignore = List.copyOf(ignore);
    Objects.requireNonNull(discovery, "discovery");
    Objects.requireNonNull(cleanup, "cleanup");
  }

  /** The declared operation column, if the source is a change-data-capture feed. */
  public Optional<ChangeOperation> changeOperation() {
    return Optional.ofNullable(operation);
  }

  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
