package io.lakehouseflow.ingestion;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.CsvOptions;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.SourceFormat;
import io.lakehouseflow.core.spec.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** The two-source pipeline of the bronze integration tests, its landing files, and bronze reads. */
final class BronzeTestData {
  static final SourceSpec BOOKINGS =
      new SourceSpec(
          "bookings",
          "bookings",
          SourceFormat.CSV,
          CsvOptions.DEFAULT,
          List.of(
              new ColumnSpec("booking_id", ColumnType.BIGINT),
              new ColumnSpec("seats", ColumnType.INT),
              new ColumnSpec("fare", ColumnType.decimal(10, 2)),
              new ColumnSpec("booked_at", ColumnType.TIMESTAMP),
              new ColumnSpec("status", ColumnType.STRING)));

  static final SourceSpec CUSTOMERS =
      new SourceSpec(
          "customers",
          "crm/customers",
          SourceFormat.CSV,
          new CsvOptions(';', false, "NULL"),
          List.of(
              new ColumnSpec("customer_id", ColumnType.BIGINT),
              new ColumnSpec("name", ColumnType.STRING),
              new ColumnSpec("tier", ColumnType.STRING)));

  private BronzeTestData() {}

  static PipelineSpec spec() {
    Map<String, SourceSpec> sources = new LinkedHashMap<>();
    sources.put(BOOKINGS.name(), BOOKINGS);
    sources.put(CUSTOMERS.name(), CUSTOMERS);
    return new PipelineSpec(
        "bronze-test",
        "BronzeTestData.java",
        CatalogSpec.DEFAULT,
        "landing",
        sources,
        Map.of(),
        Map.of(),
        Map.of());
  }

  /** Writes a landing file atomically (hidden name, then rename), as a well-behaved producer. */
  static Path land(Path dataDir, String relativePath, String... lines) {
    Path file = dataDir.resolve("landing").resolve(relativePath);
    try {
      Files.createDirectories(file.getParent());
      Path hidden = file.resolveSibling("." + file.getFileName() + ".inprogress");
      Files.writeString(hidden, String.join("\n", lines) + "\n");
      Files.move(hidden, file, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Bronze rows as {@code file:line | data columns | _corrupt_record | _parse_error}, sorted by
   * file and line; NULL as {@code null}.
   */
  static List<String> bronzeRows(LakehouseCatalog catalog, SourceSpec source) {
    List<String> rows = new ArrayList<>();
    for (Record r : bronzeRecords(catalog, source)) {
      String data =
          source.columns().stream()
              .map(c -> String.valueOf(r.getField(c.name())))
              .collect(Collectors.joining(","));
      rows.add(
          r.getField(MetadataColumns.SOURCE_FILE)
              + ":"
              + r.getField(MetadataColumns.RECORD_NUMBER)
              + " | "
              + data
              + " | "
              + r.getField(MetadataColumns.CORRUPT_RECORD)
              + " | "
              + r.getField(MetadataColumns.PARSE_ERROR));
    }
    return rows;
  }

  static List<Record> bronzeRecords(LakehouseCatalog catalog, SourceSpec source) {
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(catalog.loadTable(TableNames.bronze(source.name()))).build()) {
      rows.forEach(records::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    records.sort(
        Comparator.comparing((Record r) -> (String) r.getField(MetadataColumns.SOURCE_FILE))
            .thenComparing(r -> (Long) r.getField(MetadataColumns.RECORD_NUMBER)));
    return records;
  }
}
