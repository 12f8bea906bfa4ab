package io.lakehouseflow.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.spec.SourceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BookingsLandingTest {
  @TempDir Path dir;

  @Test
  void spreadsTheRowsOverTheFilesWithConsecutiveIdsAndZoneSuffixedTimes() throws IOException {
    long bytes = BookingsLanding.write(dir.resolve("a"), 10, 3, 42, SourceFormat.CSV);

    List<Path> files = files(dir.resolve("a"));
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("bookings-00000.csv", "bookings-00001.csv", "bookings-00002.csv");
    assertThat(files.stream().mapToLong(BookingsLandingTest::size).sum()).isEqualTo(bytes);
    List<String> rows = new ArrayList<>();
    List<Integer> perFile = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      assertThat(lines.get(0)).isEqualTo(BookingsLanding.HEADER);
      perFile.add(lines.size() - 1);
      rows.addAll(lines.subList(1, lines.size()));
    }
    assertThat(perFile).containsExactly(4, 3, 3);
    for (int i = 0; i < rows.size(); i++) {
      String[] fields = rows.get(i).split(",", -1);
      assertThat(fields).hasSize(9);
      assertThat(fields[0]).isEqualTo(Integer.toString(i + 1));
      assertThat(Instant.parse(fields[3]))
          .isBetween(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
      assertThat(fields[3]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(fields[4]).matches("\\d+\\.\\d\\d");
    }
  }

  @Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedOthers() throws IOException {
    BookingsLanding.write(dir.resolve("a"), 1000, 2, 42, SourceFormat.CSV);
    BookingsLanding.write(dir.resolve("b"), 1000, 2, 42, SourceFormat.CSV);
    BookingsLanding.write(dir.resolve("c"), 1000, 2, 7, SourceFormat.CSV);

    for (String name : List.of("bookings-00000.csv", "bookings-00001.csv")) {
      byte[] a = Files.readAllBytes(dir.resolve("a").resolve(name));
      assertThat(Files.readAllBytes(dir.resolve("b").resolve(name))).isEqualTo(a);
      assertThat(Files.readAllBytes(dir.resolve("c").resolve(name))).isNotEqualTo(a);
    }
  }

  @Test
  void writesTheSameBookingsAsJsonLinesOneObjectPerLine() throws IOException {
    BookingsLanding.write(dir.resolve("csv"), 10, 2, 42, SourceFormat.CSV);
    BookingsLanding.write(dir.resolve("json"), 10, 2, 42, SourceFormat.JSON);

    ObjectMapper json = new ObjectMapper();
    for (int f = 0; f < 2; f++) {
      List<String> csv =
          Files.readAllLines(dir.resolve("csv").resolve("bookings-0000" + f + ".csv"));
      List<String> lines =
          Files.readAllLines(dir.resolve("json").resolve("bookings-0000" + f + ".jsonl"));
      assertThat(lines).hasSize(csv.size() - 1);
      String[] names = BookingsLanding.HEADER.split(",");
      for (int i = 0; i < lines.size(); i++) {
        JsonNode booking = json.readTree(lines.get(i));
        String[] fields = csv.get(i + 1).split(",", -1);
        assertThat(booking.size()).isEqualTo(names.length);
        for (int n = 0; n < names.length; n++) {
          assertThat(booking.get(names[n]).asText()).isEqualTo(fields[n]);
        }
        assertThat(booking.get("booking_id").isIntegralNumber()).isTrue();
        assertThat(booking.get("fare").isNumber()).isTrue();
      }
    }
  }

  private static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
