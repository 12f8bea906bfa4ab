package io.lakehouseflow.core.layer;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;
import static io.lakehouseflow.core.catalog.MetadataColumns.DATE_SK;
import static io.lakehouseflow.core.catalog.MetadataColumns.FAILED_EXPECTATIONS;
import static io.lakehouseflow.core.catalog.MetadataColumns.FILE_MODIFICATION_TIME;
import static io.lakehouseflow.core.catalog.MetadataColumns.FILE_SIZE;
import static io.lakehouseflow.core.catalog.MetadataColumns.INGESTED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.IS_CURRENT;
import static io.lakehouseflow.core.catalog.MetadataColumns.IS_DELETED;
import static io.lakehouseflow.core.catalog.MetadataColumns.PARSE_ERROR;
import static io.lakehouseflow.core.catalog.MetadataColumns.QUARANTINED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.RECORD_NUMBER;
import static io.lakehouseflow.core.catalog.MetadataColumns.RESCUED_DATA;
import static io.lakehouseflow.core.catalog.MetadataColumns.SOURCE_FILE;
import static io.lakehouseflow.core.catalog.MetadataColumns.VALID_FROM;
import static io.lakehouseflow.core.catalog.MetadataColumns.VALID_TO;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.core.spec.DimensionReference;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.ScdType;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;

/**
 * The layout of every layer's tables, declared here once. Each layer table holds its data columns
 * in spec order, then the columns the pipeline adds in the order listed below; gold tables lead
 * with their key. Adding a column to a layer is a change to one list here.
 */
public final class LayerSchemas {
  /** What bronze adds after the declared source columns. */
  public static final List<String> BRONZE_METADATA =
      List.of(
          CORRUPT_RECORD,
          PARSE_ERROR,
          RESCUED_DATA,
          SOURCE_FILE,
          RECORD_NUMBER,
          FILE_MODIFICATION_TIME,
          FILE_SIZE,
          INGESTED_AT);

  /** What silver adds after its renamed and cast data columns: the lineage of each row. */
  public static final List<String> SILVER_METADATA =
      List.of(SOURCE_FILE, RECORD_NUMBER, INGESTED_AT);

  /** What a quarantine table adds after the silver data columns: why and where from. */
  public static final List<String> QUARANTINE_METADATA =
      List.of(
          CORRUPT_RECORD,
          PARSE_ERROR,
          FAILED_EXPECTATIONS,
          SOURCE_FILE,
          RECORD_NUMBER,
          INGESTED_AT,
          QUARANTINED_AT);

  /** What an SCD2 dimension adds after its natural key and attributes. */
  public static final List<String> SCD2_HISTORY =
      List.of(VALID_FROM, VALID_TO, IS_CURRENT, IS_DELETED);

  /** The name of the generated date dimension, {@code gold.dim_date}. */
  public static final String DATE_DIMENSION = "date";

  /**
   * The columns of {@code gold.dim_date} after its key {@code date_sk}: the calendar attributes of
   * one day. Day of week is ISO (1 = Monday); names are English.
   */
  public static final List<LayerColumn> DATE_ATTRIBUTES =
      List.of(
          LayerColumn.data("date", Types.DateType.get()),
          LayerColumn.data("year", Types.IntegerType.get()),
          LayerColumn.data("quarter", Types.IntegerType.get()),
          LayerColumn.data("month", Types.IntegerType.get()),
          LayerColumn.data("day_of_month", Types.IntegerType.get()),
          LayerColumn.data("day_of_week", Types.IntegerType.get()),
          LayerColumn.data("day_name", Types.StringType.get()),
          LayerColumn.data("month_name", Types.StringType.get()),
          LayerColumn.data("is_weekend", Types.BooleanType.get()));

  private LayerSchemas() {}

  /** {@code bronze.<source>}: the declared columns with their declared types, then metadata. */
  public static LayerSchema bronze(SourceSpec source) {
    return withMetadata(TableNames.bronze(source.name()), data(source.columns()), BRONZE_METADATA);
  }

  /** {@code silver.<table>}: the renamed and cast columns, then the lineage columns. */
  public static LayerSchema silver(PipelineSpec spec, String table) {
    return withMetadata(TableNames.silver(table), data(spec.silverColumns(table)), SILVER_METADATA);
  }

  /** {@code silver.<table>_quarantine}: the silver data columns, then why and where from. */
  public static LayerSchema quarantine(PipelineSpec spec, String table) {
    return withMetadata(
        TableNames.quarantine(table), data(spec.silverColumns(table)), QUARANTINE_METADATA);
  }

  /**
   * {@code gold.dim_<name>}: the surrogate key {@code <name>_sk}, the natural key, the attributes,
   * then {@code valid_from, valid_to, is_current, is_deleted} (SCD2) or the sequence column and
   * {@code is_deleted} (SCD1).
   */
  public static LayerSchema dimension(PipelineSpec spec, DimensionSpec dimension) {
    Map<String, ColumnType> silver = silverTypes(spec, dimension.source());
    List<LayerColumn> columns = new ArrayList<>();
    columns.add(LayerColumn.key(dimension.surrogateKey(), Types.LongType.get()));
    dimension.key().forEach(k -> columns.add(data(k, silver)));
    dimension.attributes().forEach(a -> columns.add(data(a, silver)));
    if (dimension.scd() == ScdType.TYPE_2) {
      SCD2_HISTORY.forEach(c -> columns.add(MetadataColumns.column(c)));
    } else {
      columns.add(data(dimension.sequenceBy(), silver));
      columns.add(MetadataColumns.column(IS_DELETED));
    }
    return LayerSchema.of(TableNames.dimension(dimension.name()), columns);
  }

  /** {@code gold.dim_date}: {@code date_sk} ({@code yyyymmdd}), then {@link #DATE_ATTRIBUTES}. */
  public static LayerSchema dateDimension() {
    List<LayerColumn> columns = new ArrayList<>();
    columns.add(LayerColumn.key(DATE_SK, Types.IntegerType.get()));
    columns.addAll(DATE_ATTRIBUTES);
    return LayerSchema.of(TableNames.dimension(DATE_DIMENSION), columns);
  }

  /**
   * {@code gold.fact_<name>}: the grain (the key), one {@code <role>_sk} per reference, {@code
   * date_sk}, then the event time, measures and attributes, each once.
   */
  public static LayerSchema fact(PipelineSpec spec, FactSpec fact) {
    Map<String, ColumnType> silver = silverTypes(spec, fact.source());
    List<LayerColumn> columns = new ArrayList<>();
    fact.grain().forEach(g -> columns.add(LayerColumn.key(g, silver.get(g).icebergType())));
    for (DimensionReference reference : fact.dimensions()) {
      columns.add(LayerColumn.metadata(reference.surrogateKey(), Types.LongType.get(), null));
    }
    columns.add(MetadataColumns.column(DATE_SK));
    factDataColumns(fact).forEach(c -> columns.add(data(c, silver)));
    return LayerSchema.of(TableNames.fact(fact.name()), columns);
  }

  /**
   * The bronze metadata columns that {@code silver} or {@code quarantine} keeps, in {@code bronze}
   * order: the lineage a silver row carries from bronze.
   */
  public static List<String> carried(
      LayerSchema bronze, LayerSchema silver, LayerSchema quarantine) {
    return bronze.columnNames(LayerColumn.Role.METADATA).stream()
        .filter(c -> silver.contains(c) || quarantine.contains(c))
        .toList();
  }

  /** The table of silver's quality metrics: one row per silver table and commit, one per rule. */
  public static final TableIdentifier QUALITY_METRICS = TableNames.silver("_quality_metrics");

  /**
   * {@code silver._quality_metrics}: per silver table and commit (an available-now run, or a
   * checkpoint of a continuous run), a totals row ({@code rule} NULL) with where the rows read
   * went, and one row per rule with how many rows failed it. {@code rows_in = passed + warned +
   * dropped + quarantined + duplicates}. Available-now rows name the snapshots they committed;
   * continuous rows name the Flink job and checkpoint instead, which the silver and quarantine
   * snapshots of that commit record as {@code flink.job-id} and {@code
   * flink.max-committed-checkpoint-id}.
   */
  public static LayerSchema qualityMetrics() {
    Types.LongType count = Types.LongType.get();
    Types.StringType text = Types.StringType.get();
    return LayerSchema.of(
        QUALITY_METRICS,
        List.of(
            LayerColumn.data("silver_table", text),
            LayerColumn.data("silver_snapshot_id", count),
            LayerColumn.data("quarantine_snapshot_id", count),
            LayerColumn.data("bronze_snapshots", text),
            LayerColumn.data("rule", text),
            LayerColumn.data("action", text),
            LayerColumn.data("failed", count),
            LayerColumn.data("rows_in", count),
            LayerColumn.data("passed", count),
            LayerColumn.data("warned", count),
            LayerColumn.data("dropped", count),
            LayerColumn.data("quarantined", count),
            LayerColumn.data("duplicates", count),
            LayerColumn.data("recorded_at", Types.TimestampType.withZone()),
            LayerColumn.data("job_id", text),
            LayerColumn.data("checkpoint_id", count)));
  }

  /**
   * The columns an expectation of silver table {@code table} reads: its renamed, cast and derived
   * data columns, those it drops and hashes too (before either), then the lineage it carries from
   * bronze (see {@link #carried}).
   */
  public static RowType expectationScope(PipelineSpec spec, String table) {
    LayerSchema silver = silver(spec, table);
    SilverTableSpec silverTable = spec.silverTable(table);
    List<String> carried =
        carried(bronze(spec.sourceOf(silverTable)), silver, quarantine(spec, table));
    List<RowType.RowField> fields =
        new ArrayList<>(rowType(silverTable.ruleColumns(spec.sourceOf(silverTable))).getFields());
    carried.forEach(c -> fields.add(field(MetadataColumns.column(c))));
    return new RowType(fields);
  }

  /** The Flink row type of {@code columns}, each of its declared type. */
  public static RowType rowType(List<ColumnSpec> columns) {
    List<RowType.RowField> fields = new ArrayList<>();
    for (ColumnSpec c : columns) {
      fields.add(new RowType.RowField(c.name(), FlinkSchemaUtil.convert(c.type().icebergType())));
    }
    return new RowType(fields);
  }

  private static RowType.RowField field(LayerColumn column) {
    return new RowType.RowField(column.name(), FlinkSchemaUtil.convert(column.type()));
  }

  /** Event time, measures, attributes: a fact's data columns after its keys, without repeats. */
  public static List<String> factDataColumns(FactSpec fact) {
    Set<String> out = new LinkedHashSet<>();
    out.add(fact.eventTime());
    out.addAll(fact.measures());
    out.addAll(fact.attributes());
    out.removeAll(fact.grain());
    return List.copyOf(out);
  }

  private static LayerSchema withMetadata(
      TableIdentifier table, List<LayerColumn> data, List<String> metadata) {
    List<LayerColumn> columns = new ArrayList<>(data);
    metadata.forEach(m -> columns.add(MetadataColumns.column(m)));
    return LayerSchema.of(table, columns);
  }

  private static List<LayerColumn> data(List<ColumnSpec> columns) {
    return columns.stream().map(c -> LayerColumn.data(c.name(), c.type().icebergType())).toList();
  }

  private static LayerColumn data(String column, Map<String, ColumnType> silver) {
    return LayerColumn.data(column, silver.get(column).icebergType());
  }

  private static Map<String, ColumnType> silverTypes(PipelineSpec spec, String table) {
    return spec.silverColumns(table).stream()
        .collect(Collectors.toMap(ColumnSpec::name, ColumnSpec::type));
  }
}
