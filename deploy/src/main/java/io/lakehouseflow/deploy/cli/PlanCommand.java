package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.plan.PipelinePlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lakehouse plan}: a dry run. Loads and validates the spec, compiles every silver query
 * against its bronze schema and prints what the pipeline builds, without data and without a job.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a pipeline builds, without running it: the tables from landing to gold, their",
      "columns, silver's rules and SQL, and gold's plan. Validates the spec and compiles every",
      "rule first and reports every error at once (exit code 2). Columns a source infers or",
      "added come from the data directory's bronze tables when it has them."
    })
final class PlanCommand implements Callable<Integer> {
  @Mixin DataDirOption data;

  @Mixin PipelineOption pipeline;

  @Spec CommandSpec command;

  @Override
  public Integer call() {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    PipelineSpec spec = pipeline.load();
    if (Files.isDirectory(data.dataDir)) {
      // Only an existing data directory is read: a plan writes nothing, not even a warehouse.
      spec = EmbeddedRun.of(spec, data.layout(), RunMode.AVAILABLE_NOW).withBronzeColumns().spec();
    }
    PipelinePlan plan = PipelinePlan.of(spec);
    out.print(plan.describe());
    out.flush();
    List<String> problems = plan.problems();
    if (!problems.isEmpty()) {
      err.println(
          problems.size()
              + (problems.size() == 1 ? " error" : " errors")
              + " in the plan of pipeline "
              + spec.name()
              + ":");
      problems.forEach(err::println);
      return FailureReport.INVALID_INPUT;
    }
    err.println("Pipeline " + spec.name() + " plans without errors; nothing was run.");
    return 0;
  }
}
