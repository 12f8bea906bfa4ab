package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code lakehouse bench ingest} on a small input, in this JVM: it passes its row check and names
 * every figure, each with a number. The figures themselves are not asserted: they are timings.
 */
class BenchIngestCommandITCase {
  private static final String NUMBER = "[0-9][0-9,.]*";

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void ingestsEveryGeneratedRowAndPrintsEveryFigure() throws Exception {
    Path bench = dir.resolve("bench");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        execute(
            out,
            err,
            "bench",
            "ingest",
            "--rows",
            "2000",
            "--files",
            "4",
            "--continuous-checkpoint",
            "--dir",
            bench.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString())
        .contains("bench ingest: 2,000 rows in 4 csv files, parallelism 2, seed 42")
        .containsPattern("generate: +" + NUMBER + " s +" + NUMBER + " MB of input")
        .containsPattern("warm-up \\(a trivial job\\): +" + NUMBER + " s")
        .containsPattern(
            "bronze ingest: +"
                + NUMBER
                + " s +"
                + NUMBER
                + " rows/s +"
                + NUMBER
                + " MB/s +data files written: [1-9]")
        .contains("row check passed: bronze.bookings holds 2,000 rows, 0 corrupt")
        .containsPattern(
            "discovery, nothing new: +"
                + NUMBER
                + " s +whole run, no commit \\(listing the 4 files alone: "
                + NUMBER
                + " s\\)")
        .containsPattern("committed-state cache: +" + NUMBER + " KiB \\(file:.*bookings.state\\)")
        .containsPattern(
            "parse floor: +" + NUMBER + " s +" + NUMBER + " rows/s +" + NUMBER + " MB/s")
        .containsPattern("ingest / parse floor: +" + NUMBER)
        .containsPattern(
            "continuous checkpoint: +" + NUMBER + " KiB, checkpoint [1-9][0-9]* after bronze held")
        .containsPattern("peak RSS \\(VmHWM\\): +(" + NUMBER + " MiB|n/a)");
    assertThat(bench.resolve("landing/bookings"))
        .isDirectoryContaining("glob:**bookings-00003.csv");
  }

  @ParameterizedTest
  @CsvSource({"json, jsonl", "parquet, parquet"})
  @Timeout(300)
  void ingestsTheSameBookingsInAnotherFormat(String format, String extension) throws Exception {
    Path bench = dir.resolve("bench");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        execute(
            out,
            err,
            "bench",
            "ingest",
            "--rows",
            "2000",
            "--files",
            "4",
            "--format",
            format,
            "--dir",
            bench.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString())
        .contains("bench ingest: 2,000 rows in 4 " + format + " files, parallelism 2, seed 42")
        .contains("row check passed: bronze.bookings holds 2,000 rows, 0 corrupt")
        .containsPattern(
            "parse floor: +" + NUMBER + " s +" + NUMBER + " rows/s +" + NUMBER + " MB/s");
    assertThat(bench.resolve("landing/bookings"))
        .isDirectoryContaining("glob:**bookings-00003." + extension);
  }

  @Test
  void rejectsAFormatItCannotGenerateNamingTheOnesItCan() {
    StringWriter err = new StringWriter();

    int exit =
        execute(
            new StringWriter(),
            err,
            "bench",
            "ingest",
            "--format",
            "avro",
            "--dir",
            dir.resolve("bench").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid --format 'avro': the ingest benchmark supports csv, json, parquet")
        .contains("Use one of them, for example --format csv.");
    assertThat(Files.exists(dir.resolve("bench"))).isFalse();
  }

  @Test
  void refusesMoreFilesThanRows() {
    StringWriter err = new StringWriter();

    int exit = execute(new StringWriter(), err, "bench", "ingest", "--rows", "3", "--files", "4");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid benchmark size: --rows 3 --files 4");
  }

  private static int execute(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = LakehouseCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
