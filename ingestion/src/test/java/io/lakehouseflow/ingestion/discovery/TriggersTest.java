package io.lakehouseflow.ingestion.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.spec.DiscoveryOptions;
import java.util.List;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

class TriggersTest {
  private static LandingFile file(String name, long modified, long size) {
    return new LandingFile(new Path("/landing/" + name), size, modified, size);
  }

  private static List<List<String>> names(List<List<LandingFile>> triggers) {
    return triggers.stream().map(t -> t.stream().map(f -> f.path().getName()).toList()).toList();
  }

  private static final List<LandingFile> FILES =
      List.of(
          file("c.csv", 30, 100),
          file("a.csv", 10, 500),
          file("b.csv", 20, 100),
          file("d.csv", 30, 50));

  @Test
  void withoutLimitsEveryFileIsOneTriggerOldestFirst() {
    assertThat(names(Triggers.of(FILES, DiscoveryOptions.DEFAULT)))
        .containsExactly(List.of("a.csv", "b.csv", "c.csv", "d.csv"));
    assertThat(Triggers.of(List.of(), DiscoveryOptions.DEFAULT)).isEmpty();
  }

  @Test
  void filesAndBytesPerTriggerCutTheBacklogInLandingOrder() {
    assertThat(names(Triggers.of(FILES, new DiscoveryOptions(List.of(), null, 3, 0))))
        .containsExactly(List.of("a.csv", "b.csv", "c.csv"), List.of("d.csv"));
    // A file above the byte limit is read alone rather than never.
    assertThat(names(Triggers.of(FILES, new DiscoveryOptions(List.of(), null, 0, 200))))
        .containsExactly(List.of("a.csv"), List.of("b.csv", "c.csv"), List.of("d.csv"));
    assertThat(names(List.of(Triggers.first(FILES, new DiscoveryOptions(List.of(), null, 1, 0)))))
        .containsExactly(List.of("a.csv"));
  }
}
