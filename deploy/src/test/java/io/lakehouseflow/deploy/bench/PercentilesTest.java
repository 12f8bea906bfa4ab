package io.lakehouseflow.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankOfTwentyLatencies() {
    // 1..20 shuffled: the median is the 10th value, p95 the 19th (ceil(0.95 * 20) = 19).
    List<Long> millis = new java.util.ArrayList<>(LongStream.rangeClosed(1, 20).boxed().toList());
    java.util.Collections.shuffle(millis, new java.util.Random(1));
    assertThat(Percentiles.of(millis)).isEqualTo(new Percentiles(1, 10, 19, 20));
  }

  @Test
  void oneLatencyIsEveryPercentile() {
    assertThat(Percentiles.of(List.of(4200L)).toString())
        .isEqualTo("min 4,200 ms, median 4,200 ms, p95 4,200 ms, max 4,200 ms");
  }

  @Test
  void noLatencyIsRefused() {
    assertThatThrownBy(() -> Percentiles.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
