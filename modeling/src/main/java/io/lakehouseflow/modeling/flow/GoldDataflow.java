package io.lakehouseflow.modeling.flow;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.metrics.ChangeCounts;
import io.lakehouseflow.modeling.GoldPlan;
import io.lakehouseflow.modeling.change.ChangeLayout;
import io.lakehouseflow.modeling.fact.FactModel;
import io.lakehouseflow.modeling.model.SqlModel;
import io.lakehouseflow.modeling.sql.GoldTable;
import io.lakehouseflow.modeling.sql.Refresh;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.flink.sink.FlinkSink;

/**
 * Wires the gold job: per dimension, its silver changes partitioned by natural key into a {@link
 * DimensionFunction}; per fact, its changes partitioned by grain into a {@link FactWinner}, one
 * {@link ReferenceLookup} per dimension reference partitioned by the referenced key (fed by the
 * dimension's spans), a {@link FactAssembler} partitioned by grain, and the date counts of every
 * fact into a {@link DateDimensionFunction}. Every gold table is written by one Iceberg sink,
 * upserts by primary key in streaming mode, an overwrite in batch mode.
 *
 * <p>Each operator has a stable uid named after its gold table, so state survives restarts.
 */
public final class GoldDataflow {
  private final GoldPlan plan;
  private final Refresh refresh;
  private final StreamTableEnvironment tableEnv;
  private final LakehouseCatalog catalog;
  private final Publication publication;
  private final Map<String, String> reads = new java.util.LinkedHashMap<>();
  private final Map<String, ModelDataflow.GoldStream> goldRows = new HashMap<>();
  private List<SqlModel> models = List.of();

  public GoldDataflow(
      GoldPlan plan, Refresh refresh, StreamTableEnvironment tableEnv, LakehouseCatalog catalog) {
    this.plan = plan;
    this.refresh = refresh;
    this.tableEnv = tableEnv;
    this.catalog = catalog;
    this.publication = refresh.streaming() ? Publication.EVERY_ROW : Publication.END_OF_KEY;
  }

  /** Adds every operator and sink of the plan to the table environment's stream environment. */
  public void build() {
    Map<String, DataStream<Row>> spans = new HashMap<>();
    for (GoldPlan.Dimension dimension : plan.dimensions().values()) {
      spans.put(dimension.spec().name(), dimension(dimension));
    }
    List<DataStream<Row>> dates = new ArrayList<>();
    for (GoldPlan.Fact fact : plan.facts().values()) {
      dates.add(fact(fact, spans));
    }
    plan.dates().ifPresent(table -> dateDimension(table, dates));
    if (!plan.models().isEmpty()) {
      ModelDataflow modelFlow =
          new ModelDataflow(tableEnv, catalog, refresh, goldRows, this::readForModels);
      modelFlow.build(
          plan.models(),
          (rows, table, schema, upsert) ->
              sink(rows, table, schema, upsert && refresh.streaming(), !refresh.streaming()));
      models = modelFlow.models();
    }
  }

  /** The SQL models planned by {@link #build()}, in planning order. */
  public List<SqlModel> models() {
    return models;
  }

  /** The dimension's operator and sink; returns the stream of its spans. */
  private DataStream<Row> dimension(GoldPlan.Dimension dimension) {
    String name = dimension.table().id().name();
    ChangeLayout layout = dimension.layout();
    DataStream<Row> changes = read(dimension.spec().source(), name, layout, true);
    TypeInformation<Row> goldType = rowType(dimension.table());
    OutputTag<Row> spanTag = new OutputTag<>(name + "-spans", Messages.SPANS);
    SingleOutputStreamOperator<Row> rows =
        changes
            .keyBy(keyOf(layout), Types.STRING)
            .process(
                new DimensionFunction(
                    dimension.model(), layout, publication, changes.getType(), goldType, spanTag),
                goldType)
            .name("History of " + dimension.table().id())
            .uid("gold-" + name);
    sink(rows, dimension.table(), false);
    return rows.getSideOutput(spanTag);
  }

  /** The fact's operators and sink; returns the stream of its date counts. */
  private DataStream<Row> fact(GoldPlan.Fact fact, Map<String, DataStream<Row>> spans) {
    String name = fact.table().id().name();
    FactModel model = fact.model();
    ChangeLayout layout = model.layout();
    DataStream<Row> changes = read(fact.spec().source(), name, layout, false);
    TypeInformation<Row> goldType = rowType(fact.table());
    TypeInformation<Row> changeType = FactWinner.changeType(goldType);
    List<OutputTag<Row>> lookupTags = new ArrayList<>();
    for (int i = 0; i < model.references().size(); i++) {
      lookupTags.add(new OutputTag<>(name + "-lookup-" + i, Messages.LOOKUP));
    }
    OutputTag<Row> dateTag = new OutputTag<>(name + "-dates", Messages.DATE_COUNT);
    SingleOutputStreamOperator<Row> winners =
        changes
            .keyBy(keyOf(layout), Types.STRING)
            .process(
                new FactWinner(model, publication, changes.getType(), lookupTags, dateTag),
                changeType)
            .name("Latest rows of " + fact.table().id())
            .uid("gold-" + name + "-latest");

    DataStream<Row> answers = null;
    for (int i = 0; i < model.references().size(); i++) {
      String role = model.references().get(i).role();
      DataStream<Row> resolved =
          spans
              .get(model.references().get(i).dimension())
              .connect(winners.getSideOutput(lookupTags.get(i)))
              .keyBy(Messages::spansKey, lookup -> (String) lookup.getField(0), Types.STRING)
              .process(new ReferenceLookup(i, publication), Messages.RESOLVED)
              .name("Look up " + role + " of " + fact.table().id())
              .uid("gold-" + name + "-lookup-" + role);
      answers = answers == null ? resolved : answers.union(resolved);
    }
    if (answers == null) {
      answers = winners.flatMap(new NoAnswers(), Messages.RESOLVED).name("No references");
    }
    KeySelector<Row, String> grainOfChange = change -> (String) change.getField(0);
    KeySelector<Row, String> grainOfAnswer = resolved -> (String) resolved.getField(0);
    SingleOutputStreamOperator<Row> rows =
        winners
            .connect(answers)
            .keyBy(grainOfChange, grainOfAnswer, Types.STRING)
            .process(new FactAssembler(model, publication, changeType, goldType), goldType)
            .name("Assemble " + fact.table().id())
            .uid("gold-" + name + "-assemble");
    sink(rows, fact.table(), publication.ttl(fact.spec()).isPresent());
    return winners.getSideOutput(dateTag);
  }

  private void dateDimension(GoldTable table, List<DataStream<Row>> dates) {
    DataStream<Row> all = dates.get(0);
    for (int i = 1; i < dates.size(); i++) {
      all = all.union(dates.get(i));
    }
    TypeInformation<Row> goldType = rowType(table);
    SingleOutputStreamOperator<Row> rows =
        all.keyBy(count -> (Integer) count.getField(0), Types.INT)
            .process(new DateDimensionFunction(publication), goldType)
            .name("Dates of every fact")
            .uid("gold-" + table.id().name());
    sink(rows, table, false);
  }

  /**
   * The changes of silver table {@code source} that gold table {@code reader} reads, in the columns
   * of {@code layout}, without rows lacking a key (or a sequence value, when {@code
   * needsSequence}), counted by {@link SilverReads}.
   */
  private DataStream<Row> read(
      String source, String reader, ChangeLayout layout, boolean needsSequence) {
    String query =
        "SELECT "
            + layout.columns().stream()
                .map(SqlQuoting::identifier)
                .collect(Collectors.joining(", "))
            + " FROM "
            + refresh.scan(source);
    DataStream<Row> rows = tableEnv.toDataStream(tableEnv.sqlQuery(query));
    String accumulator = "gold-reads-" + reader;
    reads.put(accumulator, source);
    return rows.flatMap(new SilverReads(accumulator, layout, needsSequence), rows.getType())
        .name("Read silver." + source + " for gold." + reader)
        .uid("gold-" + reader + "-reads");
  }

  /**
   * Every row of silver table {@code source}, with all its columns, for the SQL models that read
   * it: read once by the gold job (in the same scan mode as the dimensions' and facts' reads), and
   * counted, so that an available-now run ends only once the models have read what silver held.
   * Silver is append-only, so its rows are inserts.
   */
  private Table readForModels(String source) {
    Table scan = tableEnv.sqlQuery("SELECT * FROM " + refresh.scan(source));
    DataStream<Row> rows = tableEnv.toDataStream(scan);
    String accumulator = "gold-reads-models-" + source;
    reads.put(accumulator, source);
    DataStream<Row> counted =
        rows.flatMap(SilverReads.everyRow(accumulator), rows.getType())
            .name("Read silver." + source + " for the SQL models")
            .uid("gold-models-reads-" + source);
    return tableEnv.fromDataStream(
        counted, Schema.newBuilder().fromResolvedSchema(scan.getResolvedSchema()).build());
  }

  /**
   * Per read accumulator, the silver table whose rows it counts, after {@link #build()}: one per
   * gold table that reads silver.
   */
  public Map<String, String> reads() {
    return Map.copyOf(reads);
  }

  /**
   * Writes one gold table; {@code forgetful} when its operators may forget keys (a fact's state
   * TTL), and so may insert a row the table already holds.
   */
  private void sink(DataStream<Row> rows, GoldTable table, boolean forgetful) {
    ResolvedSchema schema = schemaOf(table);
    goldRows.put(table.id().name(), new ModelDataflow.GoldStream(rows, schema));
    sink(rows, table, schema, forgetful, false);
  }

  /**
   * Writes one gold table with the given columns; {@code emptied} when a rebuild emptied the table
   * before the job, so that the job appends to it rather than replacing it.
   */
  private void sink(
      DataStream<Row> rows,
      GoldTable table,
      ResolvedSchema schema,
      boolean forgetful,
      boolean emptied) {
    DataStream<Row> counted =
        rows.map(new ChangeCounts("gold", table.id().toString()), rows.getType())
            .name("count " + table.id())
            .uid("gold-sink-" + table.id().name() + "-counts");
    FlinkSink.Builder builder =
        FlinkSink.forRow(counted, schema)
            .tableLoader(catalog.tableLoader(table.id()))
            .uidPrefix("gold-sink-" + table.id().name());
    if (forgetful) {
      // Every row replaces its key's row: an equality delete per row is the TTL's write cost.
      builder.upsert(true).equalityFieldColumns(table.primaryKey());
    } else if (refresh.streaming()) {
      // The operators emit an exact changelog (what they published before is in their state), so
      // deletes are written only for rows that change, never for every new row as upserts do.
      builder.upsert(false).equalityFieldColumns(table.primaryKey());
    } else if (emptied) {
      builder.upsert(false);
    } else {
      // Gold tables upsert by default (a table property); a rebuild replaces them instead.
      builder.upsert(false).overwrite(true);
    }
    builder.append();
  }

  private TypeInformation<Row> rowType(GoldTable table) {
    return ExternalTypeInfo.of(schemaOf(table).toPhysicalRowDataType());
  }

  private ResolvedSchema schemaOf(GoldTable table) {
    return tableEnv.from(TableNames.sql(table.id())).getResolvedSchema();
  }

  private static KeySelector<Row, String> keyOf(ChangeLayout layout) {
    return layout::key;
  }

  /** The answers of a fact without dimension references: none. */
  private static final class NoAnswers implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Row value, Collector<Row> out) {}
  }
}
