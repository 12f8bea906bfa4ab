package io.lakehouseflow.ingestion.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.SimpleSplitAssigner;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

class LandingBacklogTest {
  private static FileSourceSplit split(String id, String file) {
    return new FileSourceSplit(id, new Path("/landing/trips/" + file), 0, 10, 0, 10);
  }

  @Test
  void countsFilesWaitingForAReaderAndEachPathDiscoveredOnce() {
    AtomicInteger discovered = new AtomicInteger();
    FileSourceSplit a = split("1", "a.csv");
    LandingBacklog backlog =
        new LandingBacklog(
            new SimpleSplitAssigner(List.of(a)), List.of(a), discovered::incrementAndGet);
    assertThat(backlog.waiting()).isEqualTo(1);

    backlog.addSplits(List.of(split("2", "b.csv"), split("3", "c.csv")));
    assertThat(backlog.waiting()).isEqualTo(3);
    assertThat(discovered).hasValue(3);

    FileSourceSplit handedOut = backlog.getNext(null).orElseThrow();
    backlog.getNext(null).orElseThrow();
    assertThat(backlog.waiting()).isEqualTo(1);

    // A reader failed: its split comes back, waits again, and is not a new discovery.
    backlog.addSplits(List.of(handedOut));
    assertThat(backlog.waiting()).isEqualTo(2);
    assertThat(discovered).hasValue(3);

    backlog.getNext(null).orElseThrow();
    backlog.getNext(null).orElseThrow();
    assertThat(backlog.getNext(null)).isEmpty();
    assertThat(backlog.waiting()).isZero();
    assertThat(backlog.remainingSplits()).isEmpty();
  }
}
