package io.lakehouseflow.deploy.verify;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.SqlQuoting;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.ChangeOperation;
import io.lakehouseflow.core.spec.DeletePolicy;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.ScdType;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Checks gold against silver: a fact holds one row per grain key silver holds, a dimension one
 * current row (SCD2) or one row (SCD1) per natural key silver holds, and no key twice. With an
 * operation column, keys whose latest change is a delete count as gone (a type 1 dimension that
 * marks deletes keeps every key that was ever upserted). A SQL model's table holds what its query
 * gives over gold ({@link ModelVerification}).
 */
final class GoldVerification {
  private final PipelineRun run;
  private final LakehouseCatalog catalog;
  private final SqlQuery query;

  GoldVerification(PipelineRun run, LakehouseCatalog catalog, SqlQuery query) {
    this.run = run;
    this.catalog = catalog;
    this.query = query;
  }

  List<Finding> verify() throws Exception {
    List<Finding> findings = new ArrayList<>();
    for (DimensionSpec dimension : run.spec().dimensions().values()) {
      boolean marks =
          dimension.scd() == ScdType.TYPE_1 && dimension.onDelete() == DeletePolicy.MARK;
      findings.add(
          verify(
              TableNames.dimension(dimension.name()),
              dimension.source(),
              dimension.key(),
              List.of(dimension.sequenceBy()),
              Optional.of(dimension.sequenceBy()),
              marks,
              dimension.scd() == ScdType.TYPE_2
                  ? SqlQuoting.identifier(MetadataColumns.IS_CURRENT)
                  : null,
              "natural key"));
    }
    for (FactSpec fact : run.spec().facts().values()) {
      findings.add(
          verify(
              TableNames.fact(fact.name()),
              fact.source(),
              fact.grain(),
              List.of(),
              fact.sequence(),
              false,
              null,
              "grain key"));
    }
    findings.addAll(ModelVerification.verify(run.spec(), query));
    return findings;
  }

  /**
   * The query counting the keys of {@code silver} that gold must hold: every complete key, or with
   * an operation column the keys whose latest change (by sequence, then landing order) is no
   * delete, or, for {@code anyUpsert}, that have any change that is no delete.
   */
  private String liveKeys(
      TableIdentifier silver,
      String source,
      String keys,
      List<String> complete,
      Optional<String> sequence,
      boolean anyUpsert) {
    String whereComplete =
        complete.stream()
            .map(c -> SqlQuoting.identifier(c) + " IS NOT NULL")
            .collect(Collectors.joining(" AND "));
    String distinctKeys =
        "SELECT COUNT(*) FROM (SELECT DISTINCT " + keys + " FROM " + TableNames.sql(silver);
    Optional<ChangeOperation> operation = run.spec().changeOperation(source);
    if (operation.isEmpty()) {
      return distinctKeys + " WHERE " + whereComplete + ")";
    }
    String op = SqlQuoting.identifier(operation.get().column());
    String notDelete =
        "("
            + op
            + " IS NULL OR "
            + op
            + " <> "
            + SqlQuoting.literal(operation.get().delete())
            + ")";
    if (anyUpsert) {
      return distinctKeys + " WHERE " + whereComplete + " AND " + notDelete + ")";
    }
    String order =
        sequence.map(c -> SqlQuoting.identifier(c) + " DESC NULLS LAST, ").orElse("")
            + SqlQuoting.identifier(MetadataColumns.SOURCE_FILE)
            + " DESC, "
            + SqlQuoting.identifier(MetadataColumns.RECORD_NUMBER)
            + " DESC";
    return "SELECT COUNT(*) FROM (SELECT "
        + op
        + ", ROW_NUMBER() OVER (PARTITION BY "
        + keys
        + " ORDER BY "
        + order
        + ") AS rn FROM "
        + TableNames.sql(silver)
        + " WHERE "
        + whereComplete
        + ") WHERE rn = 1 AND "
        + notDelete;
  }

  /**
   * Compares the distinct keys of {@code table} (only its rows matching {@code current}, when
   * given) with the distinct complete keys of {@code silver.<source>}.
   */
  private Finding verify(
      TableIdentifier table,
      String source,
      List<String> key,
      List<String> alsoRequired,
      Optional<String> sequence,
      boolean anyUpsert,
      String current,
      String what)
      throws Exception {
    TableIdentifier silver = TableNames.silver(source);
    String name = table.toString();
    if (!catalog.tableExists(table) || !catalog.tableExists(silver)) {
      return Finding.pending(name, "no such table yet: run the pipeline");
    }
    String keys = key.stream().map(SqlQuoting::identifier).collect(Collectors.joining(", "));
    String where = current == null ? "" : " WHERE " + current;
    List<String> complete = new ArrayList<>(key);
    complete.addAll(alsoRequired);
    List<Long> counts =
        query.counts(
            "SELECT COUNT(*) FROM " + TableNames.sql(table) + where,
            "SELECT COUNT(*) FROM (SELECT DISTINCT "
                + keys
                + " FROM "
                + TableNames.sql(table)
                + where
                + ")",
            liveKeys(silver, source, keys, complete, sequence, anyUpsert));
    long rows = counts.get(0);
    long distinct = counts.get(1);
    long silverKeys = counts.get(2);
    String rowsOf = current == null ? "rows" : "current rows";
    if (rows != distinct) {
      return Finding.problem(
          name, (rows - distinct) + " " + what + "s have more than one of its " + rowsOf);
    }
    if (rows != silverKeys) {
      return Finding.problem(
          name,
          rows
              + " "
              + rowsOf
              + " but "
              + silverKeys
              + " distinct "
              + what
              + "s in "
              + silver
              + "; run gold again (available-now rebuilds it from silver)");
    }
    return Finding.ok(name, rows + " " + rowsOf + ": one per " + what + " of " + silver);
  }
}
