package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.query.SqlQuery;
import io.lakehouseflow.sampledata.flights.FlightsGenerator;
import io.lakehouseflow.sampledata.flights.FlightsSample;
import io.lakehouseflow.sampledata.flights.GeneratedSample;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real {@code lakehouse run --mode continuous} process with SIGKILL while it works,
 * twice, and restarts it: the jobs resume from their retained checkpoints and every landing line
 * ends up in each layer exactly once.
 */
class CliKillRestartITCase {
  private static final Path CLI_JAR = Path.of("target", "lakehouse-cli.jar");
  @TempDir Path dataDir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void killedRunResumesFromCheckpointsExactlyOnce() throws Exception {
    assertThat(CLI_JAR).as("the CLI jar, built in the package phase").exists();
    DataLayout layout = new DataLayout(dataDir);
    Path spec = FlightsSample.writeSpec(dataDir);
    PipelineSpec pipeline = FlightsSample.spec();
    Path landing = layout.resolve(pipeline.landing());
    GeneratedSample sample = FlightsGenerator.builder().seed(5).scale(1).build().generate(landing);
    SqlQuery query = SqlQuery.over(LakehouseCatalog.of(pipeline.catalog(), layout));

    // First kill: as soon as bronze has committed something, silver and gold are mid-way.
    Process run = startContinuous(spec);
    try {
      while (tableCount(query, "bronze.bookings") == 0) {
        assertThat(run.isAlive()).as("the continuous run is alive").isTrue();
        Thread.sleep(200);
      }
    } finally {
      kill(run);
    }

    // A file lands while nothing runs; the second kill comes after the restart caught up.
    Path extra = landing.resolve("bookings").resolve("bookings-extra.csv");
    List<String> lines = Files.readAllLines(sample.files().get("bookings").get(0));
    List<String> copy = new ArrayList<>(List.of(lines.get(0)));
    for (int i = 1; i <= 5; i++) {
      String[] fields = lines.get(i).split(",", 2);
      copy.add((990_000 + i) + "," + fields[1]);
    }
    Path hidden = extra.resolveSibling(".bookings-extra.csv");
    Files.write(hidden, copy);
    Files.move(hidden, extra, StandardCopyOption.ATOMIC_MOVE);
    long newValid = expectedValid(copy.subList(1, copy.size()));

    List<Long> expected =
        List.of(
            sample.rowsWritten("bookings") + 5L,
            sample.validBookings() + newValid,
            (long) sample.quarantinedBookings()
                + sample.malformedLines("bookings")
                + (5 - newValid),
            sample.validBookings() + newValid,
            (long) sample.customerVersions());

    run = startContinuous(spec);
    try {
      Process restarted = run;
      BookingCounts.await(
          query,
          expected,
          () -> assertThat(restarted.isAlive()).as("the restarted run is alive").isTrue());
      Thread.sleep(3_000);
    } finally {
      kill(run);
    }

    // Bronze had committed, so a checkpoint was complete when the first kill came.
    assertThat(log()).contains("Job bronze resumes from retained checkpoint");

    run = startContinuous(spec);
    try {
      Thread.sleep(20_000);
      assertThat(run.isAlive()).as("the third run is alive").isTrue();
    } finally {
      kill(run);
    }
    // The second run checkpointed every job before its kill, so the third resumed all of them.
    assertThat(log())
        .contains("Job silver resumes from retained checkpoint")
        .contains("Job gold resumes from retained checkpoint");
    assertThat(BookingCounts.of(query)).containsExactlyElementsOf(expected);
    assertThat(
            query
                .execute("SELECT COUNT(DISTINCT booking_id) FROM silver.bookings")
                .rows()
                .get(0)
                .getField(0))
        .isEqualTo(expected.get(1));
  }

  /** The copied lines are valid bookings when the originals were (same fields, new ids). */
  private static long expectedValid(List<String> lines) {
    return lines.stream()
        .map(l -> l.split(",", -1))
        .filter(f -> f.length == 8)
        .filter(f -> isPositiveDecimal(f[5]))
        .filter(f -> f[4].matches("[1-9]"))
        .count();
  }

  private static boolean isPositiveDecimal(String text) {
    try {
      return new java.math.BigDecimal(text).signum() > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Process startContinuous(Path spec) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The same --add-opens this test JVM got from the build.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens"))
        .forEach(command::add);
    command.add("-Xmx1g");
    command.add("-Dlakehouse.log.dir=" + dataDir.resolve("logs"));
    command.addAll(
        List.of(
            "-jar",
            CLI_JAR.toString(),
            "run",
            "--pipeline",
            spec.toString(),
            "--data-dir",
            dataDir.toString(),
            "--mode",
            "continuous",
            "--checkpoint-interval",
            "1s"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("cli.out").toFile())
        .start();
  }

  private String log() throws Exception {
    return Files.readString(dataDir.resolve("logs").resolve("lakehouse.log"));
  }

  private static void kill(Process process) throws Exception {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed run exited").isTrue();
  }

  private static long tableCount(SqlQuery query, String table) {
    try {
      return (Long) query.execute("SELECT COUNT(*) FROM " + table).rows().get(0).getField(0);
    } catch (Exception e) {
      return 0; // not created yet
    }
  }
}
