package io.lakehouseflow.ingestion.schema;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.BronzeColumns;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.SchemaEvolution;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import io.lakehouseflow.ingestion.format.CsvRecordParser;
import io.lakehouseflow.ingestion.format.LandingBulkFormat;
import io.lakehouseflow.ingestion.format.NewColumnsException;
import io.lakehouseflow.ingestion.format.SampledValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's bronze table as the files a run is about to read need it. The table keeps the columns
 * schema evolution added in earlier runs (so the source is read with them: {@link BronzeColumns});
 * the headers of the files to read are looked at before any job is built, and a column they name
 * that the table lacks is added ({@code add_new_columns}, as a string placed after the other data
 * columns, typed by a sample of their values with {@code infer_types}: {@link TypeInference}) or
 * refused ({@code fail}) before a row of the file is read. Under {@code rescue} and {@code none}
 * the table never changes: readers keep or ignore such columns.
 */
public final class BronzeSchema {
  private static final Logger LOG = LoggerFactory.getLogger(BronzeSchema.class);

  private final SourceSpec source;
  private final Table table;

  private BronzeSchema(SourceSpec source, Table table) {
    this.source = source;
    this.table = table;
  }

  /**
   * Opens (or creates) the bronze table of {@code source}: its columns are the declared ones, those
   * added earlier and the bronze metadata columns, any of them the table lacks added in place.
   */
  public static BronzeSchema open(
      LakehouseCatalog catalog, SourceSpec source, Map<String, String> tableProperties) {
    TableIdentifier id = TableNames.bronze(source.name());
    SourceSpec resolved =
        catalog.tableExists(id)
            ? source.withAddedColumns(BronzeColumns.added(source, catalog.loadTable(id).schema()))
            : source;
    Table table = catalog.createOrExtendTable(LayerSchemas.bronze(resolved), tableProperties);
    return new BronzeSchema(resolved, table);
  }

  /** The source with every column its table holds. */
  public SourceSpec source() {
    return source;
  }

  public Table table() {
    return table;
  }

  /**
   * This table after looking at the headers of {@code files}, the files a run is about to read:
   * columns they name that the table lacks are added ({@code add_new_columns}, in the order the
   * files name them) or fail the run ({@code fail}), naming the first file that names each.
   *
   * @param format reads a file's header as the job will
   */
  public BronzeSchema evolve(
      LakehouseCatalog catalog,
      List<LandingFile> files,
      LandingFileNames names,
      LandingBulkFormat format,
      Map<String, String> tableProperties)
      throws IOException {
    SchemaEvolution evolution = source.evolution();
    boolean evolves = evolution == SchemaEvolution.ADD_NEW_COLUMNS;
    boolean refuses = evolution == SchemaEvolution.FAIL;
    List<String> known = new ArrayList<>(source.columns().stream().map(ColumnSpec::name).toList());
    // A source without declared columns takes those of the first file with a header; the table
    // keeps them, so later runs and restarts infer nothing again.
    Map<String, String> inferred = new LinkedHashMap<>();
    Map<String, String> fileOfColumn = new LinkedHashMap<>();
    // The type the first file naming a column gives it: a Parquet schema types its columns.
    Map<String, ColumnType> typeOf = new HashMap<>();
    // With infer_types, a new column's values in the first records of the files naming it.
    Map<String, TypeInference> inferences = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (LandingFile file : files) {
      if (!known.isEmpty() && !evolves && !refuses) {
        break;
      }
      List<ColumnSpec> columns = format.header(file);
      List<String> header = columns.stream().map(ColumnSpec::name).toList();
      boolean inferring = known.isEmpty();
      if (!inferring && !format.readsAsHeader(header, known)) {
        // Data where a header should be, or a broken header: its lines are kept as corrupt.
        continue;
      }
      for (String name : CsvRecordParser.newColumns(header, known)) {
        if (BronzeColumns.isAddable(name)) {
          (inferring ? inferred : fileOfColumn).put(name, names.nameOf(file.path()));
          typeOf.putIfAbsent(name, typeIn(columns, name));
          if (source.inferTypes()) {
            inferences.putIfAbsent(name, new TypeInference());
          }
        }
      }
      known.addAll((inferring ? inferred : fileOfColumn).keySet());
      sample(format, file, header, inferences);
    }
    inferences.forEach((name, inference) -> typeOf.put(name, inference.type()));
    if (refuses && !fileOfColumn.isEmpty()) {
      String file = fileOfColumn.values().iterator().next();
      List<String> sameFile =
          fileOfColumn.entrySet().stream()
              .filter(e -> e.getValue().equals(file))
              .map(Map.Entry::getKey)
              .toList();
      throw new NewColumnsException(source.name(), file, sameFile, evolution);
    }
    Map<String, String> added = new LinkedHashMap<>(inferred);
    added.putAll(fileOfColumn);
    if (added.isEmpty()) {
      return this;
    }
    List<ColumnSpec> columns = new ArrayList<>(source.addedColumns());
    added
        .keySet()
        .forEach(
            name -> columns.add(new ColumnSpec(name, source.addedType(name, typeOf.get(name)))));
    SourceSpec evolved = source.withAddedColumns(columns);
    Table extended = catalog.createOrExtendTable(LayerSchemas.bronze(evolved), tableProperties);
    added.forEach(
        (column, file) ->
            LOG.info(
                "Source {}: {} column {} ({}) in {}, named by {}",
                source.name(),
                inferred.containsKey(column) ? "inferred" : "added",
                column,
                source.addedType(column, typeOf.get(column)),
                TableNames.bronze(source.name()),
                file));
    return new BronzeSchema(evolved, extended);
  }

  /**
   * Adds the values {@code file} holds of the columns in {@code header} whose sample wants more
   * records, reading only as many of its records as the hungriest of them needs.
   */
  private static void sample(
      LandingBulkFormat format,
      LandingFile file,
      List<String> header,
      Map<String, TypeInference> inferences)
      throws IOException {
    List<String> pending =
        header.stream()
            .filter(name -> inferences.containsKey(name) && inferences.get(name).remaining() > 0)
            .toList();
    int wanted = pending.stream().mapToInt(n -> inferences.get(n).remaining()).max().orElse(0);
    if (wanted == 0) {
      return;
    }
    List<Map<String, SampledValue>> records = format.sample(file, wanted);
    pending.forEach(name -> inferences.get(name).add(records, name));
  }

  private static ColumnType typeIn(List<ColumnSpec> columns, String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .map(ColumnSpec::type)
        .findFirst()
        .orElse(ColumnType.STRING);
  }
}
