package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.rides.RidesGenerator;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The generator options shared by {@code demo} and {@code generate}. */
final class SampleOptions {
  /** The sample domains: each is a spec and a generator, run by the same jobs. */
  enum Domain {
    FLIGHTS,
    RIDES;

    /** The domain's name as written on the command line and in paths: {@code flights}. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Option(
      names = "--domain",
      defaultValue = "flights",
      description =
          "Sample domain: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). flights: customers,"
              + " airports, flights, bookings; rides: customers, drivers, vehicles, locations,"
              + " trips, payments.")
  Domain domain;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Generator seed; the same seed writes the same files (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scale",
      defaultValue = "1",
      description =
          "Generator scale, 1 = about 3,000 bookings or 1,500 trips (default: ${DEFAULT-VALUE}).")
  int scale;

  FlightsGenerator generator() {
    return FlightsGenerator.builder().seed(seed).scale(scale).build();
  }

  RidesGenerator ridesGenerator() {
    return RidesGenerator.builder().seed(seed).scale(scale).build();
  }
}
