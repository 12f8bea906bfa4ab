package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import io.lakehouseflow.sampledata.rides.GeneratedRides;
import io.lakehouseflow.sampledata.rides.RidesSample;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lakehouse generate}: writes a sample domain's landing files and pipeline spec. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write sample landing files and their pipeline spec into the data directory.")
final class GenerateCommand implements Callable<Integer> {
  @Mixin DataDirOption data;

  @Mixin SampleOptions sample;

  @Override
  public Integer call() throws Exception {
    Path root = data.writableLayout().root();
    Path landing = root.resolve("landing");
    PrintStream out = System.out;
    Path spec;
    if (sample.domain == SampleOptions.Domain.RIDES) {
      spec = RidesSample.writeSpec(root);
      GeneratedRides written = sample.ridesGenerator().generate(landing);
      printWritten(out, landing, spec, written.rowsWritten(), written.malformedLines());
      out.printf(
          "  expected: %d valid trips, %d valid payments (%d corrected), %d customer versions,"
              + " %d driver versions%n",
          written.validTrips(),
          written.validPayments(),
          written.correctedPayments(),
          written.customerVersions(),
          written.driverVersions());
    } else {
      spec = FlightsSample.writeSpec(root);
      GeneratedSample written = sample.generator().generate(landing);
      printWritten(out, landing, spec, written.rowsWritten(), written.malformedLines());
      out.printf(
          "  expected: %d valid bookings, %d customer versions%n",
          written.validBookings(), written.customerVersions());
    }
    out.printf("Run it with: ./lakehouse run --pipeline %s --data-dir %s%n", spec, root);
    return 0;
  }

  private void printWritten(
      PrintStream out,
      Path landing,
      Path spec,
      Map<String, Integer> rows,
      Map<String, Integer> malformed) {
    out.printf(
        "Wrote %s landing files under %s and the spec %s%n", sample.domain.label(), landing, spec);
    rows.forEach(
        (source, count) ->
            out.printf(
                "  %-10s %6d lines (%d malformed)%n",
                source, count, malformed.getOrDefault(source, 0)));
  }
}
