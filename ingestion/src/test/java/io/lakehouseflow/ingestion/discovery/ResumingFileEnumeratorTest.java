package io.lakehouseflow.ingestion.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumingFileEnumeratorTest {
  @TempDir Path landing;

  private List<FileSourceSplit> enumerate(CommittedLines committed) throws IOException {
    FileEnumerator enumerator =
        ResumingFileEnumerator.provider(
                "trips", LandingFileNames.of(landing.toString(), "landing"), committed)
            .create();
    return List.copyOf(
        enumerator.enumerateSplits(
            new org.apache.flink.core.fs.Path[] {
              new org.apache.flink.core.fs.Path(landing.resolve("trips").toUri())
            },
            1));
  }

  private void write(String name, String content) throws IOException {
    Files.createDirectories(landing.resolve("trips"));
    Files.writeString(landing.resolve("trips").resolve(name), content);
  }

  @Test
  void startsEachFileAfterItsLastCommittedLineAndSkipsHiddenFiles() throws IOException {
    write("a.csv", "id\n1\n2\n3\n");
    write("b.csv", "id\n4\n");
    write(".c.csv", "id\n5\n");
    List<FileSourceSplit> splits =
        enumerate(
            new CommittedLines(
                Map.of("landing/trips/a.csv", 3L), Map.of("landing/trips/a.csv", 6L)));

    assertThat(splits)
        .extracting(
            s ->
                s.path().getName()
                    + "@"
                    + s.getReaderPosition().map(p -> p.getOffset()).orElse(-1L))
        .containsExactlyInAnyOrder("a.csv@3", "b.csv@-1");
  }

  @Test
  void aFileSmallerThanWhenIngestedWasReplacedAndFailsLoudly() throws IOException {
    write("a.csv", "id\n1\n");
    assertThatThrownBy(
            () ->
                enumerate(
                    new CommittedLines(
                        Map.of("landing/trips/a.csv", 3L), Map.of("landing/trips/a.csv", 8L))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Cannot resume landing file landing/trips/a.csv of source 'trips'")
        .hasMessageContaining("has 5 bytes but had 8")
        .hasMessageContaining(
            "rebuild bronze.trips and the layers built on it with ./lakehouse reset --layer all");
  }
}
