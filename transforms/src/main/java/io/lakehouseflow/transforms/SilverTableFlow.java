package io.lakehouseflow.transforms;

import static io.lakehouseflow.core.catalog.CommitterProperties.MAX_CONTINUOUS_EMPTY_COMMITS;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.JobEnvironment;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.ResetCommandLine;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.metrics.ChangeCounts;
import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.transforms.conservation.SilverConservation;
import io.lakehouseflow.transforms.dedup.CopyColumns;
import io.lakehouseflow.transforms.dedup.DuplicateWindow;
import io.lakehouseflow.transforms.dedup.KeptCopies;
import io.lakehouseflow.transforms.dedup.SortedDuplicates;
import io.lakehouseflow.transforms.dedup.StreamingDuplicates;
import io.lakehouseflow.transforms.expectation.QuarantineRouter;
import io.lakehouseflow.transforms.expectation.RoutedRows;
import io.lakehouseflow.transforms.expectation.SilverLayout;
import io.lakehouseflow.transforms.expectation.SilverQuery;
import io.lakehouseflow.transforms.progress.BronzeRange;
import io.lakehouseflow.transforms.progress.SourceSnapshot;
import io.lakehouseflow.transforms.quality.QualityTally;
import io.lakehouseflow.transforms.quality.TallyingDuplicates;
import io.lakehouseflow.transforms.quality.TallyingRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the silver job that writes one silver table and its quarantine table from bronze:
 * creates both tables, and adds source, router and sinks for the bronze snapshots each target has
 * not consumed yet. Expectations were checked when the spec was loaded.
 */
final class SilverTableFlow {
  private static final Logger LOG = LoggerFactory.getLogger(SilverTableFlow.class);

  private static final OutputTag<Row> TALLIES =
      new OutputTag<>("quality-tallies", QualityTally.TYPE);

  private final PipelineRun run;
  private final LakehouseCatalog catalog;
  private final SilverTableSpec table;
  private final SourceSpec source;
  private final SilverLayout layout;
  private final SilverQuery query;
  private final boolean restoresState;
  private final List<DataStream<Row>> tallies = new ArrayList<>();

  private SilverTableFlow(
      PipelineRun run, LakehouseCatalog catalog, SilverTableSpec table, boolean restoresState) {
    this.run = run;
    this.restoresState = restoresState;
    this.catalog = catalog;
    this.table = table;
    this.source = run.spec().sourceOf(table);
    this.layout = SilverLayout.of(run.spec(), table);
    this.query = SilverQuery.of(table, source, layout);
  }

  /**
   * @param restoresState whether the job restores a checkpoint or savepoint (its configuration
   *     names a restore path, set by {@link JobEnvironment} from a retained checkpoint, by {@code
   *     flink run -s}, or by a Kubernetes operator's upgrade), and so resumes a continuous run's
   *     position in bronze
   */
  static SilverTableFlow of(
      PipelineRun run, LakehouseCatalog catalog, SilverTableSpec table, boolean restoresState) {
    return new SilverTableFlow(run, catalog, table, restoresState);
  }

  /** The silver table this flow writes, as {@code silver.<name>}. */
  String silverTable() {
    return silverId().toString();
  }

  /** The rules of this table with their actions, as its quality metrics name them. */
  Map<String, ExpectationAction> rules() {
    return RoutedRows.Names.of(SilverUids.router(table.name()), query).rules();
  }

  /**
   * The {@link QualityTally tallies} a continuous run's operators emit before each checkpoint
   * barrier, once {@link #addTo} added them; none in an available-now run, whose counts are the
   * job's accumulators.
   */
  List<DataStream<Row>> tallies() {
    return List.copyOf(tallies);
  }

  private TableIdentifier bronzeId() {
    return layout.bronze().table();
  }

  private TableIdentifier silverId() {
    return layout.silver().table();
  }

  private TableIdentifier quarantineId() {
    return layout.quarantine().table();
  }

  /** Creates the silver and quarantine tables when absent; fails when bronze does not exist. */
  void createTables() {
    if (!catalog.tableExists(bronzeId())) {
      throw new IllegalStateException(
          "Cannot build silver."
              + table.name()
              + ": its source table "
              + bronzeId()
              + " does not exist in the catalog. Run the bronze job first.");
    }
    // Silver and quarantine gain the columns bronze gained since they were created.
    emptyCommits(catalog.createOrExtendTable(layout.silver(), Map.of()));
    emptyCommits(catalog.createOrExtendTable(layout.quarantine(), Map.of()));
  }

  /**
   * An available-now run must commit to a target even when no row went to it, or it would not
   * record the bronze snapshot it consumed and the next run would read that range again; so every
   * empty commit is kept (1). A continuous run keeps its position in checkpoints, so it uses
   * Iceberg's default (an empty commit every 10 checkpoints) rather than a snapshot per checkpoint.
   * The committer reads the property when the job starts.
   */
  private void emptyCommits(org.apache.iceberg.Table target) {
    String wanted = run.mode() == RunMode.AVAILABLE_NOW ? "1" : "10";
    if (!wanted.equals(target.properties().get(MAX_CONTINUOUS_EMPTY_COMMITS))) {
      target.updateProperties().set(MAX_CONTINUOUS_EMPTY_COMMITS, wanted).commit();
    }
  }

  /**
   * Adds this table's operators to the job of {@code tableEnv}. In available-now mode a target that
   * consumed all of bronze gets none. Returns the conservation check of each read added (none when
   * nothing was added).
   */
  List<SilverConservation> addTo(StreamTableEnvironment tableEnv) {
    org.apache.iceberg.Table bronze = catalog.loadTable(bronzeId());
    RunMode mode = run.mode();
    Map<TableIdentifier, BronzeRange> ranges = new LinkedHashMap<>();
    for (TableIdentifier target : List.of(silverId(), quarantineId())) {
      org.apache.iceberg.Table targetTable = catalog.loadTable(target);
      requireResumable(target, targetTable);
      Optional<Long> consumed = SourceSnapshot.consumedBy(targetTable);
      ranges.put(
          target,
          BronzeRange.of(
              bronze,
              consumed,
              target.toString(),
              ResetCommandLine.forLayer(run, TableNames.SILVER)));
    }
    // Both targets normally consumed the same snapshot and share one read; they differ only after
    // one of the two commits of a run failed.
    Map<Optional<Long>, List<TableIdentifier>> byConsumed =
        ranges.keySet().stream()
            .collect(
                Collectors.groupingBy(
                    id -> ranges.get(id).consumed(), LinkedHashMap::new, Collectors.toList()));
    List<SilverConservation> reads = new ArrayList<>();
    for (List<TableIdentifier> targets : byConsumed.values()) {
      BronzeRange range = ranges.get(targets.get(0));
      if (mode == RunMode.AVAILABLE_NOW && range.isEmpty()) {
        LOG.info("Silver job skips {}: {} has {}", targets, bronzeId(), range.describe());
        continue;
      }
      String uid =
          targets.size() == 2
              ? SilverUids.router(table.name())
              : SilverUids.router(table.name(), targets.get(0));
      RoutedRows.Names accounting = RoutedRows.Names.of(uid, query);
      reads.add(
          SilverConservation.before(
              silverId().toString(),
              bronze,
              range,
              targets.contains(silverId()) ? catalog.loadTable(silverId()) : null,
              targets.contains(quarantineId()) ? catalog.loadTable(quarantineId()) : null,
              accounting));
      addRead(tableEnv, bronze, range, targets, uid, accounting);
    }
    return reads;
  }

  /**
   * A table last written by a continuous run can be resumed only from that run's checkpoint;
   * reading from the recorded available-now position would append rows twice.
   */
  private void requireResumable(TableIdentifier target, org.apache.iceberg.Table targetTable) {
    boolean restoring = run.mode() == RunMode.CONTINUOUS && restoresState;
    if (!restoring && SourceSnapshot.writtenContinuously(targetTable)) {
      throw new IllegalStateException(
          "Cannot run the silver job "
              + run.mode().cliName()
              + " on "
              + target
              + ": it was last written by a continuous run, whose position in "
              + bronzeId()
              + " lives only in its Flink checkpoints under "
              + run.checkpoints(SilverJob.NAME, RunMode.CONTINUOUS)
              + ", and none of the job's current plan is there to restore (the checkpoints were"
              + " removed, or the spec's silver tables changed since). Run with --mode continuous"
              + " while its checkpoint is there, or rebuild silver (and gold) from bronze: "
              + ResetCommandLine.forLayer(run, TableNames.SILVER)
              + ".");
    }
  }

  private void addRead(
      StreamTableEnvironment tableEnv,
      org.apache.iceberg.Table bronze,
      BronzeRange range,
      List<TableIdentifier> targets,
      String uid,
      RoutedRows.Names accounting) {
    Map<String, String> options =
        run.mode() == RunMode.AVAILABLE_NOW
            ? range.batchOptions()
            : range.streamingOptions(run.monitorInterval());
    DataStream<Row> rows =
        withoutDuplicates(
            tableEnv,
            tableEnv.toDataStream(
                tableEnv.sqlQuery(
                    query.sql(TableNames.sql(bronzeId()) + SqlQuoting.optionsHint(options)))),
            bronze,
            range,
            uid,
            accounting);

    ResolvedSchema silverSchema = schemaOf(tableEnv, silverId());
    ResolvedSchema quarantineSchema = schemaOf(tableEnv, quarantineId());
    TypeInformation<Row> silverType = ExternalTypeInfo.of(silverSchema.toPhysicalRowDataType());
    TypeInformation<Row> quarantineType =
        ExternalTypeInfo.of(quarantineSchema.toPhysicalRowDataType());
    OutputTag<Row> quarantine = new OutputTag<>("quarantine", quarantineType);
    QuarantineRouter router =
        new QuarantineRouter(
            table.name(), run.spec().location(), query, layout, quarantine, accounting);
    String name = "Check expectations of silver." + table.name();
    SingleOutputStreamOperator<Row> routed;
    if (run.mode() == RunMode.CONTINUOUS) {
      routed =
          rows.transform(name, silverType, new TallyingRouter(router, silverTable(), TALLIES))
              .uid(uid);
      tallies.add(routed.getSideOutput(TALLIES));
    } else {
      routed = rows.process(router, silverType).name(name).uid(uid);
    }

    List<String> written = new ArrayList<>();
    if (targets.contains(silverId())) {
      sink(routed, silverSchema, silverId(), range);
      written.add(silverId().toString());
    }
    if (targets.contains(quarantineId())) {
      sink(routed.getSideOutput(quarantine), quarantineSchema, quarantineId(), range);
      written.add(quarantineId().toString());
    }
    LOG.info(
        "Silver job writes {} from {} {}{}",
        written,
        bronzeId(),
        range.describe(),
        run.mode() == RunMode.CONTINUOUS ? ", then every new snapshot" : "");
  }

  /**
   * The rows of a read without the exact duplicates, when the table declares {@code dedup}: a
   * continuous run remembers kept rows in keyed state; an available-now run holds no state between
   * runs, so it reads back the copies earlier runs kept within the window ({@link KeptCopies}).
   */
  private DataStream<Row> withoutDuplicates(
      StreamTableEnvironment tableEnv,
      DataStream<Row> rows,
      org.apache.iceberg.Table bronze,
      BronzeRange range,
      String routerUid,
      RoutedRows.Names accounting) {
    Optional<Duration> ttl = table.deduplication();
    if (ttl.isEmpty()) {
      return rows;
    }
    DuplicateWindow window = new DuplicateWindow(ttl.get());
    CopyColumns arriving = CopyColumns.of(query);
    String name = "Drop exact duplicates of silver." + table.name();
    String uid = SilverUids.duplicates(routerUid);
    if (run.mode() == RunMode.CONTINUOUS) {
      SingleOutputStreamOperator<Row> kept =
          rows.keyBy(arriving)
              .transform(
                  name,
                  rows.getType(),
                  new TallyingDuplicates(
                      new StreamingDuplicates(window, arriving, accounting),
                      silverTable(),
                      TALLIES))
              .uid(uid);
      tallies.add(kept.getSideOutput(TALLIES));
      return kept;
    }
    DataStream<Row> keptRows =
        tableEnv.toDataStream(
            tableEnv.sqlQuery(
                KeptCopies.sql(
                    bronze,
                    range,
                    KeptCopies.tables(catalog, layout),
                    query.dataColumns(),
                    ttl.get())));
    CopyColumns keptColumns = KeptCopies.columns(query.dataColumns().size());
    return rows.keyBy(arriving)
        .connect(keptRows.keyBy(keptColumns))
        .process(
            new SortedDuplicates(window, arriving, keptColumns, rows.getType(), accounting),
            rows.getType())
        .name(name)
        .uid(uid);
  }

  private void sink(
      DataStream<Row> rows, ResolvedSchema schema, TableIdentifier target, BronzeRange range) {
    DataStream<Row> counted =
        rows.map(new ChangeCounts("silver", target.toString()), rows.getType())
            .name("count " + target)
            .uid(SilverUids.sink(target) + "-counts");
    FlinkSink.Builder builder =
        FlinkSink.forRow(counted, schema)
            .tableLoader(catalog.tableLoader(target))
            .uidPrefix(SilverUids.sink(target));
    if (run.mode() == RunMode.AVAILABLE_NOW) {
      // Committed with the data, so the data and the record of what it covers cannot diverge.
      builder.setSnapshotProperty(SourceSnapshot.PROPERTY, Long.toString(range.current().get()));
    } else {
      builder.setSnapshotProperty(SourceSnapshot.CONTINUOUS_PROPERTY, "true");
    }
    builder.append();
  }

  private static ResolvedSchema schemaOf(StreamTableEnvironment tableEnv, TableIdentifier id) {
    return tableEnv.from(TableNames.sql(id)).getResolvedSchema();
  }
}
