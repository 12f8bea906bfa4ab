package io.lakehouseflow.transforms.quality;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.RecordAppends;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.transforms.conservation.SilverConservation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what an available-now silver run did to quality in {@code silver._quality_metrics}
 * ({@link LayerSchemas#qualityMetrics()}): per silver table read, a totals row and one row per
 * rule, keyed by the silver and quarantine snapshots the run committed. The counts are the router's
 * own (Flink accumulators), the ones the conservation check has just found to add up, so the table
 * never records a run whose rows went missing. One commit per run. Continuous runs record theirs
 * per checkpoint, with {@link CheckpointQualityMetrics}.
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
    Table table = catalog.createOrExtendTable(layout, Map.of());
    OffsetDateTime recordedAt = Instant.now().atOffset(ZoneOffset.UTC);
    List<Record> rows = new ArrayList<>();
    for (SilverConservation read : reads) {
      Map<String, Object> commit = new HashMap<>();
      commit.put("silver_snapshot_id", read.silverSnapshot().orElse(null));
      commit.put("quarantine_snapshot_id", read.quarantineSnapshot().orElse(null));
      commit.put("bronze_snapshots", read.range());
      commit.put("job_id", result.getJobID().toString());
      commit.put("recorded_at", recordedAt);
      for (Map<String, Object> fields :
          MetricRows.of(
              read.silverTable(), read.router().of(result), read.router().rules(), commit)) {
        GenericRecord row = GenericRecord.create(table.schema());
        fields.forEach(row::setField);
        rows.add(row);
      }
    }
    RecordAppends.append(table, rows);
    LOG.info("Recorded quality metrics of {} silver reads in {}", reads.size(), layout.table());
  }
}
