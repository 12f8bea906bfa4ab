package io.lakehouseflow.ingestion.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.DiscoveryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumingFileEnumeratorTest {
  private static final CommittedLines NOTHING = new CommittedLines(Map.of(), Map.of());

  @TempDir Path landing;

  private LandingFileNames names() {
    return LandingFileNames.of(landing.toString(), "landing");
  }

  private org.apache.flink.core.fs.Path[] trips() {
    return new org.apache.flink.core.fs.Path[] {
      new org.apache.flink.core.fs.Path(landing.resolve("trips").toUri())
    };
  }

  private FileEnumerator discovering(CommittedLines committed) {
    return discovering(committed, DiscoveryOptions.DEFAULT);
  }

  private ResumingFileEnumerator discovering(CommittedLines committed, DiscoveryOptions limits) {
    return ResumingFileEnumerator.discovering(
            "trips",
            names(),
            committed,
            LandingFileFilter.ignoring(List.of("*.tmp")),
            Duration.ofSeconds(30),
            limits)
        .create();
  }

  private List<FileSourceSplit> enumerate(FileEnumerator enumerator) throws IOException {
    return List.copyOf(enumerator.enumerateSplits(trips(), 1));
  }

  private Path write(String name, String content) throws IOException {
    Files.createDirectories(landing.resolve("trips"));
    return Files.writeString(landing.resolve("trips").resolve(name), content);
  }

  private static List<String> described(List<FileSourceSplit> splits) {
    return splits.stream()
        .map(
            s ->
                s.path().getName()
                    + "@"
                    + s.getReaderPosition().map(p -> p.getOffset()).orElse(-1L)
                    + " "
                    + s.length()
                    + "/"
                    + s.fileSize())
        .sorted()
        .toList();
  }

  @Test
  void startsEachFileAfterItsLastCommittedLineAndSkipsHiddenAndTemporaryFiles() throws IOException {
    write("a.csv", "id\n1\n2\n3\n");
    write("b.csv", "id\n4\n");
    write(".c.csv", "id\n5\n");
    write("d.csv.tmp", "id\n6\n");
    List<FileSourceSplit> splits =
        enumerate(
            discovering(
                new CommittedLines(
                    Map.of("landing/trips/a.csv", 3L), Map.of("landing/trips/a.csv", 6L))));

    assertThat(described(splits)).containsExactly("a.csv@3 9/9", "b.csv@-1 5/5");
  }

  @Test
  void continuousDiscoveryWithholdsAFileUntilItsLastLineIsTerminatedOrSettled() throws IOException {
    FileEnumerator enumerator = discovering(NOTHING);
    Path growing = write("a.csv", "id\n1\n2");
    Path quiet = write("b.csv", "id\n3");
    Files.setLastModifiedTime(
        quiet, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60)));
    Path empty = write("c.csv", "");

    assertThat(described(enumerate(enumerator))).containsExactly("b.csv@-1 4/4");

    Files.writeString(growing, "\n", StandardOpenOption.APPEND);
    Files.setLastModifiedTime(
        empty, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(60)));

    assertThat(described(enumerate(enumerator)))
        .containsExactly("a.csv@-1 7/7", "b.csv@-1 4/4", "c.csv@-1 0/0");
  }

  @Test
  void aDiscoveryOffersTheOldestFilesWithinTheTriggersLimitsAndSkipsFilesWhollyInBronze()
      throws IOException {
    Path a = write("a.csv", "id\n1\n");
    Path b = write("b.csv", "id\n2\n");
    Path c = write("c.csv", "id\n3\n");
    Path d = write("d.csv", "id\n4\n");
    Instant now = Instant.now();
    // Landed in the order d, c, b, a; a is wholly in bronze.
    setModified(d, now.minusSeconds(40));
    setModified(c, now.minusSeconds(30));
    setModified(b, now.minusSeconds(20));
    setModified(a, now.minusSeconds(10));
    CommittedLines aInBronze =
        new CommittedLines(
            Map.of("landing/trips/a.csv", 2L), Map.of("landing/trips/a.csv", Files.size(a)));

    ResumingFileEnumerator enumerator =
        discovering(aInBronze, new DiscoveryOptions(List.of(), null, 2, 0));

    assertThat(described(enumerate(enumerator)))
        .containsExactlyInAnyOrder("d.csv@-1 5/5", "c.csv@-1 5/5");
    assertThat(enumerator.heldBack()).as("b waits for the next discovery").isEqualTo(1);
    assertThat(described(enumerate(discovering(aInBronze))))
        .as("without limits: every file but the one wholly in bronze")
        .containsExactlyInAnyOrder("b.csv@-1 5/5", "c.csv@-1 5/5", "d.csv@-1 5/5");
  }

  private static void setModified(Path file, Instant at) throws IOException {
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(at));
  }

  @Test
  void aListedRunReadsTheFilesAsListedWhateverLandsOrGrowsLater() throws IOException {
    Path a = write("a.csv", "id\n1\n2");
    List<LandingFile> listed =
        LandingFiles.list(
            trips()[0],
            LandingFileFilter.ignoring(List.of()),
            Duration.ofSeconds(30),
            Instant.now());
    Files.writeString(a, "2\n3\n", StandardOpenOption.APPEND);
    write("b.csv", "id\n4\n");

    FileEnumerator enumerator =
        ResumingFileEnumerator.listed("trips", names(), NOTHING, listed).create();

    assertThat(described(enumerate(enumerator))).containsExactly("a.csv@-1 5/6");
  }

  @Test
  void aMissingDirectoryHoldsNoFilesUntilItAppears() throws IOException {
    FileEnumerator enumerator = discovering(NOTHING);
    assertThat(enumerate(enumerator)).isEmpty();

    write("a.csv", "id\n1\n");

    assertThat(described(enumerate(enumerator))).containsExactly("a.csv@-1 5/5");
  }

  @Test
  void aFileSmallerThanWhenIngestedWasReplacedAndFailsLoudly() throws IOException {
    write("a.csv", "id\n1\n");
    assertThatThrownBy(
            () ->
                enumerate(
                    discovering(
                        new CommittedLines(
                            Map.of("landing/trips/a.csv", 3L), Map.of("landing/trips/a.csv", 8L)))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Cannot resume landing file landing/trips/a.csv of source 'trips'")
        .hasMessageContaining("has 5 bytes but had 8")
        .hasMessageContaining(
            "rebuild bronze.trips and the layers built on it with ./lakehouse reset --layer all");
  }
}
