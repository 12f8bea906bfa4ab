package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import picocli.CommandLine.Option;

/** The generator options shared by {@code demo} and {@code generate}. */
final class SampleOptions {
  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Generator seed; the same seed writes the same files (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scale",
      defaultValue = "1",
      description = "Generator scale, 1 = about 3,000 bookings (default: ${DEFAULT-VALUE}).")
  int scale;

  FlightsGenerator generator() {
    return FlightsGenerator.builder().seed(seed).scale(scale).build();
  }
}
