package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lakehouse generate}: writes a sample domain's landing files and pipeline spec. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write sample landing files and their pipeline spec into the data directory.")
final class GenerateCommand implements Callable<Integer> {
  /** The sample domains that can be generated. */
  enum Domain {
    FLIGHTS
  }

  @Mixin DataDirOption data;

  @Option(
      names = "--domain",
      defaultValue = "flights",
      description = "Sample domain: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Domain domain;

  @Mixin SampleOptions sample;

  @Override
  public Integer call() throws Exception {
    Path root = data.writableLayout().root();
    Path landing = root.resolve("landing");
    Path spec = FlightsSample.writeSpec(root);
    GeneratedSample written = sample.generator().generate(landing);
    System.out.printf(
        "Wrote %s landing files under %s and the spec %s%n",
        domain.name().toLowerCase(java.util.Locale.ROOT), landing, spec);
    written
        .rowsWritten()
        .forEach(
            (source, rows) ->
                System.out.printf(
                    "  %-10s %6d lines (%d malformed)%n",
                    source, rows, written.malformedLines(source)));
    System.out.printf(
        "  expected: %d valid bookings, %d customer versions%n",
        written.validBookings(), written.customerVersions());
    System.out.printf("Run it with: ./lakehouse run --pipeline %s --data-dir %s%n", spec, root);
    return 0;
  }
}
