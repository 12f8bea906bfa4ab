package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.sampledata.flights.FlightsGenerator;
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

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scale",
      defaultValue = "1",
      description = "Generator scale (default: ${DEFAULT-VALUE}).")
  int scale;

  @Override
  public Integer call() throws Exception {
    Path root = data.layout().root();
    Path landing = root.resolve("landing");
    Path spec = FlightsSample.writeSpec(root);
    GeneratedSample sample =
        FlightsGenerator.builder().seed(seed).scale(scale).build().generate(landing);
    System.out.printf(
        "Wrote %s landing files under %s and the spec %s%n",
        domain.name().toLowerCase(java.util.Locale.ROOT), landing, spec);
    sample
        .rowsWritten()
        .forEach(
            (source, rows) ->
                System.out.printf(
                    "  %-10s %6d lines (%d malformed)%n",
                    source, rows, sample.malformedLines(source)));
    System.out.printf(
        "  expected: %d valid bookings, %d customer versions%n",
        sample.validBookings(), sample.customerVersions());
    System.out.printf("Run it with: ./lakehouse run --pipeline %s --data-dir %s%n", spec, root);
    return 0;
  }
}
