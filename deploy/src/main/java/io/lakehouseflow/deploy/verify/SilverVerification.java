package io.lakehouseflow.deploy.verify;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;
import static io.lakehouseflow.core.catalog.MetadataColumns.RECORD_NUMBER;
import static io.lakehouseflow.core.catalog.MetadataColumns.SOURCE_FILE;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.ExpectationAction;
import io.lakehouseflow.core.spec.SilverTableSpec;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.transforms.dedup.CopyColumns;
import io.lakehouseflow.transforms.dedup.DuplicateWindow;
import io.lakehouseflow.transforms.dedup.KeptCopies;
import io.lakehouseflow.transforms.dedup.RowCopy;
import io.lakehouseflow.transforms.expectation.RowVerdict;
import io.lakehouseflow.transforms.expectation.SilverLayout;
import io.lakehouseflow.transforms.expectation.SilverQuery;
import io.lakehouseflow.transforms.progress.SourceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.types.Row;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkReadOptions;

/**
 * Checks each silver table against bronze by lineage ({@code _source_file}, {@code
 * _record_number}): no bronze row is in silver and quarantine more than once, none comes from
 * nowhere, and every bronze row silver has consumed that is in neither was dropped by a {@code
 * drop} rule or is a copy of a kept row within the table's dedup window, which is decided again
 * here by the silver job's own query, verdict and duplicate window. So rows in = rows out +
 * quarantined + dropped + duplicates, row by row.
 */
final class SilverVerification {
  private final PipelineRun run;
  private final LakehouseCatalog catalog;
  private final SqlQuery query;

  SilverVerification(PipelineRun run, LakehouseCatalog catalog, SqlQuery query) {
    this.run = run;
    this.catalog = catalog;
    this.query = query;
  }

  List<Finding> verify() throws Exception {
    List<Finding> findings = new ArrayList<>();
    for (SilverTableSpec table : run.spec().silver().values()) {
      findings.add(verify(table));
    }
    return findings;
  }

  private Finding verify(SilverTableSpec spec) throws Exception {
    SilverLayout layout = SilverLayout.of(run.spec(), spec);
    TableIdentifier bronze = layout.bronze().table();
    TableIdentifier silver = layout.silver().table();
    TableIdentifier quarantine = layout.quarantine().table();
    String name = silver.toString();
    if (!catalog.tableExists(bronze)
        || !catalog.tableExists(silver)
        || !catalog.tableExists(quarantine)) {
      return Finding.pending(name, "no such table yet: run the pipeline");
    }
    Table silverTable = catalog.loadTable(silver);
    boolean continuous = SourceSnapshot.writtenContinuously(silverTable);
    // What silver has consumed: bronze as of the recorded snapshot (available-now), else all of it.
    Optional<Long> consumed =
        continuous ? Optional.empty() : SourceSnapshot.consumedBy(silverTable);
    String consumedBronze =
        TableNames.sql(bronze)
            + consumed
                .map(
                    id ->
                        SqlQuoting.optionsHint(Map.of(FlinkReadOptions.SNAPSHOT_ID.key(), id + "")))
                .orElse("");
    String lineage =
        "SELECT `_source_file`, `_record_number` FROM "
            + TableNames.sql(silver)
            + " UNION ALL SELECT `_source_file`, `_record_number` FROM "
            + TableNames.sql(quarantine);

    // One job for all the counts: each verify query is a Flink batch job.
    List<Long> counts =
        query.counts(
            "SELECT COUNT(*) FROM " + consumedBronze,
            "SELECT COUNT(*) FROM " + TableNames.sql(bronze),
            "SELECT COUNT(*) FROM " + TableNames.sql(silver),
            "SELECT COUNT(*) FROM " + TableNames.sql(quarantine),
            "SELECT COALESCE(SUM(c - 1), 0) FROM (SELECT COUNT(*) AS c FROM ("
                + lineage
                + ") GROUP BY `_source_file`, `_record_number` HAVING COUNT(*) > 1)",
            // An outer join, not NOT EXISTS: Flink cannot decorrelate that inside a scalar query.
            "SELECT COUNT(*) FROM ("
                + lineage
                + ") u LEFT JOIN (SELECT DISTINCT `_source_file`, `_record_number` FROM "
                + TableNames.sql(bronze)
                + ") b ON "
                + sameLineage("b", "u")
                + " WHERE b.`_source_file` IS NULL");
    long bronzeRows = counts.get(0);
    long allBronzeRows = counts.get(1);
    long silverRows = counts.get(2);
    long quarantined = counts.get(3);
    long doubled = counts.get(4);
    long orphans = counts.get(5);

    SilverQuery silverQuery = SilverQuery.of(spec, run.spec().sourceOf(spec), layout);
    String unaccounted =
        "(SELECT * FROM "
            + consumedBronze
            + " b WHERE NOT EXISTS (SELECT 1 FROM "
            + TableNames.sql(silver)
            + " s WHERE "
            + sameLineage("s", "b")
            + ") AND NOT EXISTS (SELECT 1 FROM "
            + TableNames.sql(quarantine)
            + " q WHERE "
            + sameLineage("q", "b")
            + ")) AS unaccounted";
    long dropped = 0;
    List<String> missing = new ArrayList<>();
    long missingRows = 0;
    // Without a drop rule or dedup, rows that balance with no row doubled or orphaned are all
    // accounted for; only otherwise is each unaccounted bronze row looked at (one more job).
    boolean mayHaveLeftOut =
        silverQuery.rules().stream().anyMatch(r -> r.action() == ExpectationAction.DROP)
            || spec.deduplication().isPresent();
    boolean balanced = bronzeRows == silverRows + quarantined && doubled == 0 && orphans == 0;
    List<Row> unaccountedRows =
        balanced && !mayHaveLeftOut
            ? List.of()
            : query.execute(silverQuery.sql(unaccounted)).rows();
    long duplicates = 0;
    boolean[] duplicate = duplicates(spec, layout, silverQuery, unaccountedRows);
    for (int i = 0; i < unaccountedRows.size(); i++) {
      Row row = unaccountedRows.get(i);
      if (duplicate[i]) {
        duplicates++;
      } else if (verdictOf(silverQuery, row).destination() == RowVerdict.Destination.DROPPED) {
        dropped++;
      } else {
        missingRows++;
        if (missing.size() < 5) {
          missing.add(
              row.getField(silverQuery.position(SOURCE_FILE))
                  + " line "
                  + row.getField(silverQuery.position(RECORD_NUMBER)));
        }
      }
    }

    List<String> problems = new ArrayList<>();
    if (doubled > 0) {
      problems.add(doubled + " bronze rows are in silver or quarantine more than once");
    }
    if (orphans > 0) {
      problems.add(orphans + " rows of silver or quarantine have no bronze row of their lineage");
    }
    String balance =
        bronzeRows
            + " bronze rows = "
            + silverRows
            + " in silver + "
            + quarantined
            + " quarantined + "
            + dropped
            + " dropped"
            + (spec.deduplication().isPresent() ? " + " + duplicates + " duplicates" : "");
    if (missingRows > 0) {
      String where =
          missingRows
              + " bronze rows are in neither silver nor quarantine nor dropped"
              + " by a rule"
              + (spec.deduplication().isPresent() ? " nor copies of a kept row" : "")
              + " (e.g. "
              + String.join(", ", missing)
              + ")";
      if (!continuous) {
        problems.add(where);
      } else if (problems.isEmpty()) {
        return Finding.pending(
            name,
            where
                + ": a continuous run may still be processing them; verify when the pipeline is"
                + " idle");
      }
    }
    if (!problems.isEmpty()) {
      return Finding.problem(name, String.join("; ", problems));
    }
    if (bronzeRows != silverRows + quarantined + dropped + duplicates) {
      return Finding.problem(name, "rows do not add up: " + balance);
    }
    long newer = allBronzeRows - bronzeRows;
    if (newer > 0) {
      return Finding.pending(
          name, balance + "; " + newer + " newer bronze rows wait for the next run");
    }
    return Finding.ok(name, balance);
  }

  /**
   * For each of {@code rows} (bronze rows in neither silver nor quarantine, in {@code query}'s
   * layout), whether it is an exact duplicate the silver job dropped: silver or quarantine keeps an
   * earlier copy of its values ingested at most the table's dedup window before it.
   */
  private boolean[] duplicates(
      SilverTableSpec spec, SilverLayout layout, SilverQuery query, List<Row> rows)
      throws Exception {
    boolean[] duplicate = new boolean[rows.size()];
    Optional<Duration> ttl = spec.deduplication();
    if (ttl.isEmpty() || rows.isEmpty()) {
      return duplicate;
    }
    CopyColumns arriving = CopyColumns.of(query);
    Instant earliest =
        rows.stream().map(r -> arriving.copy(r).ingestedAt()).min(Instant::compareTo).get();
    CopyColumns keptColumns = KeptCopies.columns(query.dataColumns().size());
    Map<String, List<RowCopy>> keptCopies = new HashMap<>();
    for (Row row :
        this.query
            .execute(
                KeptCopies.select(
                    KeptCopies.tables(catalog, layout),
                    query.dataColumns(),
                    Optional.of(earliest.minus(ttl.get()))))
            .rows()) {
      keptCopies
          .computeIfAbsent(keptColumns.getKey(row), k -> new ArrayList<>())
          .add(keptColumns.copy(row));
    }
    DuplicateWindow window = new DuplicateWindow(ttl.get());
    for (int i = 0; i < duplicate.length; i++) {
      RowCopy copy = arriving.copy(rows.get(i));
      duplicate[i] =
          keptCopies.getOrDefault(arriving.getKey(rows.get(i)), List.of()).stream()
              .anyMatch(
                  k -> k.compareTo(copy) < 0 && window.covers(k.ingestedAt(), copy.ingestedAt()));
    }
    return duplicate;
  }

  private static RowVerdict verdictOf(SilverQuery silverQuery, Row row) {
    if (row.getField(silverQuery.position(CORRUPT_RECORD)) != null) {
      return RowVerdict.corrupt();
    }
    boolean[] failed = new boolean[silverQuery.rules().size()];
    for (int i = 0; i < failed.length; i++) {
      failed[i] = Boolean.TRUE.equals(row.getField(silverQuery.flagPosition(i)));
    }
    return RowVerdict.of(silverQuery.rules(), failed);
  }

  private static String sameLineage(String left, String right) {
    return left
        + ".`_source_file` = "
        + right
        + ".`_source_file` AND "
        + left
        + ".`_record_number` = "
        + right
        + ".`_record_number`";
  }
}
