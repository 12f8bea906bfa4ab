package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LakehouseCliTest {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = LakehouseCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  @Test
  void invalidSpecExitsWithCodeTwoAndNamesTheLocation() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(
        spec,
        "name: bad\n"
            + "sources:\n"
            + "  orders:\n"
            + "    columns:\n"
            + "      order_id: bigintt\n");
    int code = execute("run", "--pipeline", spec.toString(), "--data-dir", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("bad.yaml:5:")
        .contains("sources.orders.columns.order_id")
        .contains("bigintt");
  }

  @Test
  void unknownModeIsRejectedWithTheAllowedValues() {
    int code = execute("run", "--pipeline", "p.yaml", "--mode", "sometimes");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid value for option '--mode': Invalid mode 'sometimes': expected one of"
                + " available-now, continuous")
        .contains("Usage: lakehouse run");
  }

  @Test
  void unknownLayerIsRejectedWithTheAllowedValues() {
    int code = execute("run", "--pipeline", "p.yaml", "--layers", "bronze,platinum");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid value for option '--layers' (LAYER): Invalid layer 'platinum': expected one of"
                + " bronze, silver, gold. List the layers to run comma-separated, for example"
                + " --layers bronze,silver")
        .contains("Usage: lakehouse run");
  }

  @Test
  void layersAreReadCaseInsensitively() {
    int code = execute("run", "--pipeline", "p.yaml", "--layers", "Bronze,GOLD", "--help");
    assertThat(code).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void missingSpecFileFailsNamingItsPathAndTheFix() {
    Path missing = dir.resolve("nope.yaml");
    int code = execute("run", "--pipeline", missing.toString(), "--data-dir", dir.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .startsWith(
            "Failed to read pipeline spec "
                + missing
                + ": no such file (looked in "
                + missing.toAbsolutePath().normalize()
                + "). Check the path and its permissions.")
        .doesNotContain("Failed: ");
  }

  @Test
  void badDurationIsAUsageErrorNamingTheOptionAndTheSyntax() {
    int code = execute("run", "--pipeline", "p.yaml", "--checkpoint-interval", "soon");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "Invalid value for option '--checkpoint-interval': Invalid duration 'soon': write a"
                + " number and a unit, e.g. 500ms, 10s, 1min")
        .contains("Usage: lakehouse run");
  }

  @Test
  void helpShowsDefaultsDeclaredInLakehouseOptions() {
    StringWriter out = new StringWriter();
    CommandLine cli = LakehouseCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.execute("run", "--help");
    assertThat(out.toString()).contains("(default: available-now)").contains("(default: 10 s)");
  }
}
