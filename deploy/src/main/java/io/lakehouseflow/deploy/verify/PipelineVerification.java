package io.lakehouseflow.deploy.verify;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lakehouse verify}: the conservation checks of the layers over everything committed so far,
 * not only one run's commits: landing files against bronze, bronze against silver and quarantine,
 * silver against gold. Meant for a pipeline at rest; rows a running continuous job has not
 * committed yet show as pending.
 */
public final class PipelineVerification {
  private final PipelineRun run;

  private PipelineVerification(PipelineRun run) {
    this.run = run;
  }

  public static PipelineVerification of(PipelineRun run) {
    // Checked with the columns bronze holds now, those schema evolution added included.
    return new PipelineVerification(run.withBronzeColumns());
  }

  /** One finding per bronze, silver and gold table of the spec, in layer order. */
  public List<Finding> verify() throws Exception {
    try (LakehouseCatalog catalog = run.catalog()) {
      SqlQuery query = SqlQuery.over(catalog);
      List<Finding> findings = new ArrayList<>();
      findings.addAll(new BronzeVerification(run, catalog, query).verify());
      findings.addAll(new SilverVerification(run, catalog, query).verify());
      findings.addAll(new GoldVerification(run, catalog, query).verify());
      return findings;
    }
  }
}
