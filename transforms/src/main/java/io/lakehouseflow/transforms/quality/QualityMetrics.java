package io.lakehouseflow.transforms.quality;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.transforms.conservation.SilverConservation;
import io.lakehouseflow.transforms.expectation.RoutedRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what an available-now silver run did to quality in {@code silver._quality_metrics}
 * ({@link LayerSchemas#qualityMetrics()}): per silver table read, a totals row and one row per
 * rule, keyed by the silver and quarantine snapshots the run committed. The counts are the router's
 * own (Flink accumulators), the ones the conservation check has just found to add up, so the table
 * never records a run whose rows went missing. One commit per run.
 */
public final class QualityMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(QualityMetrics.class);

  private QualityMetrics() {}

  /** Appends the metrics of the finished run {@code result} that read {@code reads}. */
  public static void record(
      LakehouseCatalog catalog, List<SilverConservation> reads, JobExecutionResult result) {
    if (reads.isEmpty()) {
      return;
    }
    LayerSchema layout = LayerSchemas.qualityMetrics();
    catalog.createTableIfAbsent(layout, Map.of());
    Table table = catalog.loadTable(layout.table());
    OffsetDateTime recordedAt = Instant.now().atOffset(ZoneOffset.UTC);
    List<Record> rows = new ArrayList<>();
    for (SilverConservation read : reads) {
      RoutedRows routed = read.router().of(result);
      Record totals = row(table.schema(), read, routed, recordedAt);
      rows.add(totals);
      for (Map.Entry<String, ExpectationAction> rule : read.router().rules().entrySet()) {
        Record ruleRow = totals.copy();
        ruleRow.setField("rule", rule.getKey());
        ruleRow.setField("action", rule.getValue().name().toLowerCase(Locale.ROOT));
        ruleRow.setField("failed", routed.failed().getOrDefault(rule.getKey(), 0L));
        rows.add(ruleRow);
      }
    }
    append(table, rows);
    LOG.info("Recorded quality metrics of {} silver reads in {}", reads.size(), layout.table());
  }

  private static Record row(
      Schema schema, SilverConservation read, RoutedRows routed, OffsetDateTime recordedAt) {
    GenericRecord row = GenericRecord.create(schema);
    row.setField("silver_table", read.silverTable());
    row.setField("silver_snapshot_id", read.silverSnapshot().orElse(null));
    row.setField("quarantine_snapshot_id", read.quarantineSnapshot().orElse(null));
    row.setField("bronze_snapshots", read.range());
    row.setField("rows_in", routed.read());
    row.setField("passed", routed.silver() - routed.warned());
    row.setField("warned", routed.warned());
    row.setField("dropped", routed.dropped());
    row.setField("quarantined", routed.quarantined());
    row.setField("duplicates", routed.duplicates());
    row.setField("recorded_at", recordedAt);
    return row;
  }

  private static void append(Table table, List<Record> rows) {
    String location = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        new GenericAppenderFactory(table.schema())
            .newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location)),
                FileFormat.PARQUET,
                null);
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write quality metrics file " + location, e);
    }
    DataFile file = writer.toDataFile();
    table.newAppend().appendFile(file).commit();
  }
}
