package io.lakehouseflow.deploy.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableStatus;
import io.lakehouseflow.core.catalog.WriterLease;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.deploy.query.ResultFormat;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.ingestion.status.SourceStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.types.Row;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code lakehouse status}: per source, its landing files against bronze ({@link SourceStatus});
 * per table of the catalog, its snapshots, files, records and last commit ({@link TableStatus}).
 * Read from listings and table metadata only, so it answers in a second whatever the data's size,
 * also while a run is writing.
 *
 * @param pipeline the pipeline's name
 * @param at when the status was taken
 * @param sources per source of the spec, in spec order
 * @param tables per table of the catalog, bronze first
 */
public record PipelineStatus(
    String pipeline, Instant at, List<SourceStatus> sources, List<TableStatus> tables) {

  /** The status of {@code run}'s pipeline now. */
  public static PipelineStatus of(PipelineRun run) throws IOException {
    Instant now = Instant.now();
    List<SourceStatus> sources = new ArrayList<>();
    List<TableStatus> tables = new ArrayList<>();
    try (LakehouseCatalog catalog = run.catalog()) {
      for (SourceSpec source : run.spec().sources().values()) {
        sources.add(SourceStatus.of(run, catalog, source, now));
      }
      for (TableIdentifier id : catalog.tables()) {
        if (!id.equals(WriterLease.TABLE)) { // the runs' own bookkeeping, not data
          tables.add(TableStatus.of(id, catalog.loadTable(id)));
        }
      }
    }
    return new PipelineStatus(run.spec().name(), now, List.copyOf(sources), List.copyOf(tables));
  }

  /** Two aligned tables, sources then tables, for people. */
  public String text() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    out.println("Pipeline " + pipeline + " at " + at);
    out.println();
    List<Row> sourceRows = new ArrayList<>();
    for (SourceStatus s : sources) {
      sourceRows.add(
          Row.of(
              s.source(),
              s.filesInBronze(),
              s.filesPartly(),
              s.filesOutstanding(),
              bytes(s.bytesInBronze()),
              bytes(s.bytesOutstanding()),
              s.rows(),
              text(s.lastCommit()),
              s.oldestOutstanding().map(PipelineStatus::duration).orElse("-")));
    }
    ResultFormat.TABLE.print(
        new SqlQuery.Result(
            List.of(
                "source",
                "files in bronze",
                "grown since",
                "outstanding",
                "bytes in bronze",
                "bytes to read",
                "bronze rows",
                "last commit",
                "oldest waiting"),
            sourceRows),
        out);
    out.println();
    List<Row> tableRows = new ArrayList<>();
    for (TableStatus t : tables) {
      tableRows.add(
          Row.of(
              t.table().toString(),
              t.snapshots(),
              t.dataFiles(),
              t.deleteFiles(),
              t.records(),
              t.deletes(),
              text(t.lastCommit()),
              t.lastOperation().orElse("-")));
    }
    ResultFormat.TABLE.print(
        new SqlQuery.Result(
            List.of(
                "table",
                "snapshots",
                "data files",
                "delete files",
                "records",
                "deleted records",
                "last commit",
                "operation"),
            tableRows),
        out);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** One JSON document, for tools: sizes in bytes, durations in milliseconds, times ISO-8601. */
  public String json() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("pipeline", pipeline);
    root.put("at", at.toString());
    ArrayNode sourceNodes = root.putArray("sources");
    for (SourceStatus s : sources) {
      ObjectNode n = sourceNodes.addObject();
      n.put("source", s.source());
      n.put("landing", s.landing());
      n.put("files_in_bronze", s.filesInBronze());
      n.put("files_grown_since", s.filesPartly());
      n.put("files_outstanding", s.filesOutstanding());
      n.put("bytes_in_bronze", s.bytesInBronze());
      n.put("bytes_to_read", s.bytesOutstanding());
      n.put("bronze_rows", s.rows());
      n.put("last_commit", s.lastCommit().map(Instant::toString).orElse(null));
      n.put("oldest_waiting_ms", s.oldestOutstanding().map(Duration::toMillis).orElse(null));
    }
    ArrayNode tableNodes = root.putArray("tables");
    for (TableStatus t : tables) {
      ObjectNode n = tableNodes.addObject();
      n.put("table", t.table().toString());
      n.put("snapshots", t.snapshots());
      n.put("data_files", t.dataFiles());
      n.put("delete_files", t.deleteFiles());
      n.put("records", t.records());
      n.put("deleted_records", t.deletes());
      n.put("last_commit", t.lastCommit().map(Instant::toString).orElse(null));
      n.put("operation", t.lastOperation().orElse(null));
    }
    try {
      return mapper.writeValueAsString(root) + System.lineSeparator();
    } catch (IOException e) {
      throw new IllegalStateException("Failed to write the status as JSON", e);
    }
  }

  private static String text(Optional<Instant> instant) {
    return instant.map(Instant::toString).orElse("-");
  }

  private static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 2 * 3600) {
      return seconds / 60 + " min";
    }
    return seconds / 3600 + " h";
  }

  /** Bytes for people: B, KiB, MiB, GiB. */
  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
