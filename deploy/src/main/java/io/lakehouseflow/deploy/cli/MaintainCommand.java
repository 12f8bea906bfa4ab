package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.WriterLease;
import io.lakehouseflow.core.config.LakehouseOptions;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.maintenance.MaintenanceResult;
import io.lakehouseflow.deploy.maintenance.OnDemandMaintenance;
import io.lakehouseflow.deploy.run.EmbeddedCluster;
import io.lakehouseflow.deploy.run.PipelineRunner;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lakehouse maintain}: compacts tables, expires snapshots and removes orphan files now. */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Maintain the pipeline's tables now, as the spec's maintenance: section says: compact small",
      "data files (applying gold's equality deletes), expire old snapshots, remove orphan files.",
      "Prints per table its data and delete files, snapshots and a full read's time, before and",
      "after. For available-now runs; a continuous run maintains its tables itself, and holds",
      "them while it runs."
    })
final class MaintainCommand implements Callable<Integer> {
  @Spec CommandSpec command;

  @Mixin DataDirOption data;

  @Mixin PipelineOption pipeline;

  @Option(
      names = "--table",
      paramLabel = "LAYER.NAME",
      description = "Maintain only this table, such as gold.fact_booking (repeatable).")
  List<String> tables = List.of();

  @Override
  public Integer call() throws Exception {
    PipelineSpec spec = pipeline.load();
    PipelineRun run = EmbeddedRun.of(spec, data.layout(), RunMode.AVAILABLE_NOW);
    List<TableIdentifier> declared = PipelineRunner.allLayers(run).writes();
    List<TableIdentifier> chosen = tables.isEmpty() ? declared : chosen(declared);
    PrintWriter out = command.commandLine().getOut();
    try (LakehouseCatalog catalog = run.catalog()) {
      List<TableIdentifier> existing = chosen.stream().filter(catalog::tableExists).toList();
      if (existing.isEmpty()) {
        out.println("Nothing to maintain: none of the tables exists yet. Run the pipeline first.");
        return 0;
      }
      try (WriterLease lease =
              WriterLease.acquire(
                  catalog,
                  "lakehouse maintain of pipeline " + spec.name() + " in " + run.layout().root(),
                  existing,
                  run.options().get(LakehouseOptions.WRITER_LEASE_TIMEOUT));
          EmbeddedCluster cluster = EmbeddedCluster.start(run)) {
        OnDemandMaintenance maintenance = OnDemandMaintenance.of(run, catalog);
        for (TableIdentifier id : existing) {
          if (!maintenance.policy(id).enabled()) {
            out.println(id + "\n  skipped: maintenance.<layer>.enabled is false in the spec\n");
            continue;
          }
          MaintenanceResult result = maintenance.maintain(id);
          out.print(result.describe());
          out.flush();
        }
      }
    }
    return 0;
  }

  private List<TableIdentifier> chosen(List<TableIdentifier> declared) {
    List<TableIdentifier> chosen = tables.stream().map(TableIdentifier::parse).distinct().toList();
    for (TableIdentifier id : chosen) {
      if (!declared.contains(id)) {
        throw new ParameterException(
            command.commandLine(),
            "Invalid --table '"
                + id
                + "': pipeline "
                + pipeline.file
                + " writes no such table (tables: "
                + declared.stream().map(TableIdentifier::toString).collect(Collectors.joining(", "))
                + "). Name one of them.");
      }
    }
    return chosen;
  }
}
