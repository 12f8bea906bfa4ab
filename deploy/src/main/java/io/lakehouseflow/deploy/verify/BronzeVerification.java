package io.lakehouseflow.deploy.verify;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileFilter;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import io.lakehouseflow.ingestion.discovery.LandingFiles;
import io.lakehouseflow.ingestion.format.LandingBulkFormat;
import io.lakehouseflow.ingestion.format.RecordFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Row;

/**
 * Checks bronze against the landing files, for every source: each file's lines, counted by the
 * reader's own rules, are in bronze once each, up to the last line bronze holds of it. Lines after
 * that, and files bronze holds nothing of, wait for the next run.
 */
final class BronzeVerification {
  private final PipelineRun run;
  private final LakehouseCatalog catalog;
  private final SqlQuery query;

  BronzeVerification(PipelineRun run, LakehouseCatalog catalog, SqlQuery query) {
    this.run = run;
    this.catalog = catalog;
    this.query = query;
  }

  List<Finding> verify() throws Exception {
    List<Finding> findings = new ArrayList<>();
    LandingFileNames names =
        LandingFileNames.of(run.layout().location(run.spec().landing()), run.spec().landing());
    for (SourceSpec source : run.spec().sources().values()) {
      findings.add(verify(source, names));
    }
    return findings;
  }

  /** What bronze holds of one landing file. */
  private record Held(long rows, long distinctLines, long lastLine) {}

  private Finding verify(SourceSpec source, LandingFileNames names) throws Exception {
    String table = TableNames.bronze(source.name()).toString();
    if (!catalog.tableExists(TableNames.bronze(source.name()))) {
      return Finding.pending(table, "no such table yet: run the pipeline");
    }
    Map<String, Held> held = new TreeMap<>();
    for (Row row :
        query
            .execute(
                "SELECT `_source_file`, COUNT(*), COUNT(DISTINCT `_record_number`),"
                    + " MAX(`_record_number`) FROM "
                    + TableNames.sql(TableNames.bronze(source.name()))
                    + " GROUP BY `_source_file`")
            .rows()) {
      held.put(
          (String) row.getField(0),
          new Held(
              ((Number) row.getField(1)).longValue(),
              ((Number) row.getField(2)).longValue(),
              ((Number) row.getField(3)).longValue()));
    }
    Instant listedAt = Instant.now();
    LandingBulkFormat format =
        LandingBulkFormat.of(RecordFormat.of(source), names, LayerSchemas.bronze(source), Map.of())
            .judgingSettledAt(listedAt);
    List<String> problems = new ArrayList<>();
    long waitingLines = 0;
    int waitingFiles = 0;
    long rows = 0;
    int files = 0;
    // The files with their complete lines as a run starting now would read them.
    for (LandingFile file :
        LandingFiles.list(
            new Path(run.landingLocation(source.name())),
            LandingFileFilter.of(source),
            source.settle(),
            listedAt)) {
      if (file.isPipe()) {
        continue;
      }
      String name = names.nameOf(file.path());
      Held of = held.remove(name);
      long lines = format.countLines(file, 0);
      if (of == null) {
        if (lines > 0) {
          waitingFiles++;
          waitingLines += lines;
        }
        continue;
      }
      files++;
      rows += of.rows();
      long after = format.countLines(file, of.lastLine());
      long upToLast = lines - after;
      if (of.rows() != of.distinctLines()) {
        problems.add(
            name + ": " + (of.rows() - of.distinctLines()) + " lines are in bronze more than once");
      }
      if (of.distinctLines() != upToLast) {
        problems.add(
            name
                + ": its lines up to line "
                + of.lastLine()
                + " are "
                + upToLast
                + " but bronze holds "
                + of.distinctLines()
                + " of them");
      }
      if (after > 0) {
        waitingFiles++;
        waitingLines += after;
      }
    }
    if (!problems.isEmpty()) {
      return Finding.problem(table, String.join("; ", problems));
    }
    String summary = rows + " rows: every line of " + files + " landing files once";
    if (!held.isEmpty()) {
      // Removed or archived after ingestion (by the source's cleanup or by hand): nothing to
      // compare with, which is not a loss, since bronze is the system of record.
      summary +=
          " ("
              + held.size()
              + " more files are no longer in landing"
              + (source.cleanup().removesFiles()
                  ? ", removed by cleanup " + source.cleanup().describe()
                  : "")
              + ", not checked)";
    }
    if (waitingLines > 0) {
      return Finding.pending(
          table,
          summary
              + "; "
              + waitingLines
              + " newer lines in "
              + waitingFiles
              + " files wait for the next run");
    }
    return Finding.ok(table, summary);
  }
}
