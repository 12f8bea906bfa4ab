package io.lakehouseflow.ingestion.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingFilesTest {
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

  @TempDir Path landing;

  private Path write(String name, String content, Instant modified) throws IOException {
    Path file = landing.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  /** Each listed file as {@code name readable/size}, sorted. */
  private List<String> list(List<String> ignore, Duration settle) throws IOException {
    return LandingFiles.list(
            new org.apache.flink.core.fs.Path(landing.toUri()),
            LandingFileFilter.ignoring(ignore),
            settle,
            NOW)
        .stream()
        .map(
            f ->
                landing.toUri().relativize(f.path().toUri())
                    + " "
                    + f.readableLength()
                    + "/"
                    + f.size())
        .sorted()
        .toList();
  }

  @Test
  void readsUpToTheLastLineBreakUntilTheUnterminatedLastLineSettles() throws IOException {
    Instant justNow = NOW.minusSeconds(1);
    write("terminated.csv", "id\n1\n", justNow);
    write("writing.csv", "id\n1\n2", justNow);
    write("crlf.csv", "id\r\n1\r\n2", justNow);
    write("no-line-break.csv", "id,na", justNow);
    write("empty.csv", "", justNow);
    write("quiet.csv", "id\n1\n2", NOW.minus(SETTLE));

    assertThat(list(List.of(), SETTLE))
        .containsExactly(
            "crlf.csv 7/8",
            "empty.csv 0/0",
            "no-line-break.csv 0/5",
            "quiet.csv 6/6",
            "terminated.csv 5/5",
            "writing.csv 5/6");
    assertThat(list(List.of(), Duration.ZERO)).contains("writing.csv 6/6", "no-line-break.csv 5/5");
  }

  @Test
  void readsACompressedFileWholeOnceSettledAndNothingBefore() throws IOException {
    // Compressed bytes may end in 0x0A by chance: that is no line break of the text inside.
    write("writing.csv.gz", "compressed\n", NOW.minusSeconds(1));
    write("writing.csv.zst", "compressed\n", NOW.minusSeconds(1));
    write("quiet.csv.gz", "compressed", NOW.minus(SETTLE));

    assertThat(list(List.of(), SETTLE))
        .containsExactly("quiet.csv.gz 10/10", "writing.csv.gz 0/11", "writing.csv.zst 0/11");
  }

  @Test
  void findsTheLastLineBreakBeyondOneReadOfTheTail() throws IOException {
    String longLine = "x".repeat(20_000);
    write("long.csv", "id\n" + longLine, NOW);

    assertThat(list(List.of(), SETTLE)).containsExactly("long.csv 3/20003");
  }

  @Test
  void skipsHiddenNamesAndTheIgnoredGlobsInEveryDirectory() throws IOException {
    for (String name :
        List.of(
            "a.csv",
            "a.csv.tmp",
            "b.csv.partial",
            "c.csv._COPYING_",
            "d.csv.crdownload",
            ".e.csv",
            "_SUCCESS",
            "2024/f.csv",
            "2024/f.csv.tmp",
            "_temporary/g.csv",
            "h.tmp/h.csv")) {
      write(name, "id\n1\n", NOW.minusSeconds(60));
    }

    assertThat(list(List.of("*.tmp", "*.partial", "*._COPYING_", "*.crdownload"), SETTLE))
        .containsExactly("2024/f.csv 5/5", "a.csv 5/5");
    assertThat(list(List.of("*.partial"), SETTLE))
        .containsExactly(
            "2024/f.csv 5/5",
            "2024/f.csv.tmp 5/5",
            "a.csv 5/5",
            "a.csv.tmp 5/5",
            "c.csv._COPYING_ 5/5",
            "d.csv.crdownload 5/5",
            "h.tmp/h.csv 5/5");
  }

  @Test
  void aMissingDirectoryHoldsNoFiles() throws IOException {
    org.apache.flink.core.fs.Path missing =
        new org.apache.flink.core.fs.Path(landing.resolve("nope").toUri());

    assertThat(LandingFiles.list(missing, LandingFileFilter.ignoring(List.of()), SETTLE, NOW))
        .isEmpty();
    assertThat(FileSystem.getLocalFileSystem().exists(missing)).isFalse();
  }
}
