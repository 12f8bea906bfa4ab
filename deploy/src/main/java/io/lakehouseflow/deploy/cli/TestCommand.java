package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.datatest.DataTestResult;
import io.lakehouseflow.deploy.datatest.PipelineTests;
import io.lakehouseflow.deploy.run.EmbeddedCluster;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lakehouse test}: runs the pipeline's data tests, dbt style. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline's data tests: the built-in ones (surrogate keys and grains unique, SCD2",
      "versions not overlapping with one current, fact references resolving) and those the spec",
      "declares under 'tests:'. Prints PASS, WARN, FAIL or ERROR per test with its failing rows,",
      "records the results in lakehouse.test_results, and exits 1 when an error-severity test",
      "fails or cannot run."
    })
final class TestCommand implements Callable<Integer> {
  @Mixin DataDirOption data;

  @Mixin PipelineOption pipeline;

  @Option(
      names = "--select",
      paramLabel = "TABLE",
      description = "Test only this table (layer.name, such as gold.fact_booking); repeatable.")
  List<String> select = List.of();

  @Override
  public Integer call() throws Exception {
    PipelineSpec spec = pipeline.load();
    List<DataTestResult> results;
    try (EmbeddedCluster cluster = EmbeddedCluster.forQueries()) {
      results = PipelineTests.run(spec, data.layout(), new LinkedHashSet<>(select), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    return results.stream().anyMatch(DataTestResult::failsTheRun) ? 1 : 0;
  }
}
