package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.run.EmbeddedCluster;
import io.lakehouseflow.deploy.verify.Finding;
import io.lakehouseflow.deploy.verify.PipelineVerification;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lakehouse verify}: checks that every record committed so far is in each layer once. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check everything committed so far: every landing line is in bronze once, every bronze row",
      "is in silver, quarantine or dropped by a rule once, and gold holds one row per key of silver.",
      "Exit code 1 when a row is lost, doubled or of unknown origin."
    })
final class VerifyCommand implements Callable<Integer> {
  @Mixin DataDirOption data;

  @Mixin PipelineOption pipeline;

  @Override
  public Integer call() throws Exception {
    PipelineSpec spec = pipeline.load();
    List<Finding> findings;
    // Verification runs a query per table; on one cluster they pay for one start.
    try (EmbeddedCluster cluster = EmbeddedCluster.forQueries()) {
      findings =
          PipelineVerification.of(EmbeddedRun.of(spec, data.layout(), RunMode.AVAILABLE_NOW))
              .verify();
    }
    findings.forEach(System.out::println);
    long problems = findings.stream().filter(f -> f.verdict() == Finding.Verdict.PROBLEM).count();
    if (problems > 0) {
      System.err.println(
          problems
              + " of "
              + findings.size()
              + " tables of pipeline "
              + spec.name()
              + " do not hold what their input says they should (see PROBLEM above).");
      return 1;
    }
    System.err.println(
        "Pipeline " + spec.name() + ": every record committed so far is in each layer once.");
    return 0;
  }
}
