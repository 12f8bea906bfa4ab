package io.lakehouseflow.deploy.verify;

import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.spec.ModelSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks each SQL model table against its query run now as a batch query over the gold tables it
 * reads: the gold job computes it from gold's changes, so the two agree once the job has committed.
 * Rows one side holds and the other does not are counted either way, with their copies. A model
 * reading other models is left out, as they are checked themselves, and a view has no table.
 */
public final class ModelVerification {
  private ModelVerification() {}

  /** One finding per model table of {@code spec} over gold tables only. */
  public static List<Finding> verify(PipelineSpec spec, SqlQuery query) throws Exception {
    List<Finding> findings = new ArrayList<>();
    for (ModelSpec model : spec.models().values()) {
      if (!model.materialized().hasTable()
          || model.references().stream().anyMatch(spec.models()::containsKey)) {
        continue;
      }
      String id = TableNames.model(model.name()).toString();
      String table = TableNames.sql(TableNames.model(model.name()));
      String recomputed = "(" + model.sql() + "\n)";
      List<Long> counts =
          query.counts(
              "SELECT COUNT(*) FROM " + table,
              "SELECT COUNT(*) FROM (SELECT * FROM " + table + " EXCEPT ALL " + recomputed + ")",
              "SELECT COUNT(*) FROM (" + recomputed + " EXCEPT ALL SELECT * FROM " + table + ")");
      if (counts.get(1) + counts.get(2) == 0) {
        findings.add(
            Finding.ok(
                id,
                counts.get(0) + " rows: what its query (" + model.file() + ") gives over gold"));
      } else {
        findings.add(
            Finding.problem(
                id,
                counts.get(1)
                    + " rows only in the table and "
                    + counts.get(2)
                    + " only in its query ("
                    + model.file()
                    + ") run over gold now. Run the gold job again; if they stay, rebuild gold"
                    + " (run --rebuild)."));
      }
    }
    return findings;
  }
}
