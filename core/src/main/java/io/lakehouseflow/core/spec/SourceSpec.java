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
 * @param json how JSON Lines files are read (used when {@code format} is JSON)
 * @param parquet how Parquet files are read (used when {@code format} is PARQUET)
 * @param avro how Avro container files are read (used when {@code format} is AVRO)
 * @param columns the declared columns, in order; bronze keeps these names and types
 * @param settle how long a file must be unmodified before its unterminated last line counts as
 *     complete; until then only the lines up to its last line break are read
 * @param ignore globs on file (and directory) names that are never read, such as temporary names of
 *     files still being written; names starting with {@code .} or {@code _} are always skipped
 * @param operation the change-data-capture operation column, or {@code null} when every record is
 *     an upsert of its key
 * @param discovery which files are read and how many per commit
 * @param cleanup what becomes of landing files once bronze holds them whole
 * @param evolution what bronze does with a column a file names and the source does not declare
 * @param hints types for columns bronze infers or adds ({@code schema_hints}); others are strings,
 *     or typed by their values when {@code inferTypes}
 * @param inferTypes whether bronze types a column it infers or adds by the values of the first
 *     records that hold it ({@code infer_types}), rather than as a string
 * @param declared how many of {@code columns}, the first ones, the spec declares; the others were
 *     added to the bronze table by {@link SchemaEvolution#ADD_NEW_COLUMNS}
 */
public record SourceSpec(
    String name,
    String path,
    SourceFormat format,
    CsvOptions csv,
    JsonOptions json,
    ParquetOptions parquet,
    AvroOptions avro,
    List<ColumnSpec> columns,
    Duration settle,
    List<String> ignore,
    ChangeOperation operation,
    DiscoveryOptions discovery,
    LandingCleanup cleanup,
    SchemaEvolution evolution,
    List<ColumnSpec> hints,
    boolean inferTypes,
    int declared)
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
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(parquet, "parquet");
    Objects.requireNonNull(avro, "avro");
    columns = List.copyOf(columns);
    Objects.requireNonNull(settle, "settle");
    ignore = List.copyOf(ignore);
    Objects.requireNonNull(discovery, "discovery");
    Objects.requireNonNull(cleanup, "cleanup");
    Objects.requireNonNull(evolution, "evolution");
    hints = List.copyOf(hints);
    if (declared < 0 || declared > columns.size()) {
      throw new IllegalArgumentException(
          "declared must be between 0 and " + columns.size() + ": " + declared);
    }
  }

  /**
   * Whether the spec declares no columns: bronze takes them from the header of the source's first
   * file, and keeps them as its table's schema.
   */
  public boolean infersColumns() {
    return declared == 0;
  }

  /** The type bronze gives column {@code name} when it infers or adds it: its hint, else string. */
  public ColumnType addedType(String columnName) {
    return addedType(columnName, ColumnType.STRING);
  }

  /**
   * The type bronze gives column {@code name} when it infers or adds it from a file that types it
   * {@code fileType} (a Parquet schema does; a CSV header types nothing: string; with {@code
   * infer_types}, the type its sampled values fit): its hint, else that type.
   */
  public ColumnType addedType(String columnName, ColumnType fileType) {
    return hints.stream()
        .filter(h -> h.name().equalsIgnoreCase(columnName))
        .map(ColumnSpec::type)
        .findFirst()
        .orElse(fileType);
  }

  /** The columns the spec declares, without those schema evolution added. */
  public List<ColumnSpec> declaredColumns() {
    return columns.subList(0, declared);
  }

  /** The columns schema evolution added to the bronze table, in the order they were added. */
  public List<ColumnSpec> addedColumns() {
    return columns.subList(declared, columns.size());
  }

  /**
   * This source with {@code added} columns after its declared ones: the bronze table holds them
   * because later files named them ({@link SchemaEvolution#ADD_NEW_COLUMNS}).
   */
  public SourceSpec withAddedColumns(List<ColumnSpec> added) {
    List<ColumnSpec> all = new java.util.ArrayList<>(declaredColumns());
    all.addAll(added);
    return new SourceSpec(
        name,
        path,
        format,
        csv,
        json,
        parquet,
        avro,
        all,
        settle,
        ignore,
        operation,
        discovery,
        cleanup,
        evolution,
        hints,
        inferTypes,
        declared);
  }

  /**
   * How the source's files are compressed, by the options of its format; a Parquet file's pages and
   * an Avro file's blocks are compressed inside it, so the file itself is read as it is.
   */
  public Compression compression() {
    return switch (format) {
      case CSV -> csv.compression();
      case JSON -> json.compression();
      case PARQUET, AVRO -> Compression.NONE;
    };
  }

  /** The declared operation column, if the source is a change-data-capture feed. */
  public Optional<ChangeOperation> changeOperation() {
    return Optional.ofNullable(operation);
  }

  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
