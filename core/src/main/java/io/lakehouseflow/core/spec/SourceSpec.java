package io.lakehouseflow.core.spec;

import java.io.Serializable;
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
 */
public record SourceSpec(
    String name, String path, SourceFormat format, CsvOptions csv, List<ColumnSpec> columns)
    implements Serializable {

  public SourceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(csv, "csv");
    columns = List.copyOf(columns);
  }

  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
