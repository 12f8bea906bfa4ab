package io.lakehouseflow.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionEvaluationListener;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {
  @TempDir Path checkpoints;

  @Test
  void findsCompleteCheckpointsAtAnyDepthOnly() throws IOException {
    Path silver = checkpoints.resolve("silver");
    Path complete = checkpoint(silver.resolve("plan-abc/job-1/chk-3"), true);
    checkpoint(silver.resolve("plan-abc/job-1/chk-4"), false);
    Files.createDirectories(silver.resolve("plan-abc/job-1/shared"));

    assertThat(RetainedCheckpoints.completed(silver)).containsExactly(complete);
    assertThat(RetainedCheckpoints.completed(checkpoints.resolve("gold"))).isEmpty();
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void waitsForNewCheckpointsInEveryJobDirectoryCountingSubsumedOnes() {
    Path bronze = checkpoints.resolve("bronze/job-1");
    Path gold = checkpoints.resolve("gold/job-2");
    checkpoint(bronze.resolve("chk-1"), true);
    RetainedCheckpoints jobs =
        RetainedCheckpoints.under(checkpoints.resolve("bronze"), checkpoints.resolve("gold"));
    // Stands in for Flink: each poll, the jobs complete one more checkpoint and delete the old.
    AtomicInteger polls = new AtomicInteger();
    ConditionEvaluationListener<Void> flink =
        condition -> {
          switch (polls.incrementAndGet()) {
            case 1 -> {
              checkpoint(bronze.resolve("chk-2"), true);
              delete(bronze.resolve("chk-1"));
              checkpoint(gold.resolve("chk-7"), true);
            }
            case 2 -> {
              checkpoint(bronze.resolve("chk-3"), true);
              delete(bronze.resolve("chk-2"));
            }
            case 3 -> checkpoint(gold.resolve("chk-8"), true);
            default -> {}
          }
        };

    jobs.awaitNew(
        2,
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(10))
            .conditionEvaluationListener(flink));

    assertThat(polls).hasValue(4);
    assertThat(RetainedCheckpoints.completed(checkpoints.resolve("bronze")))
        .containsExactly(bronze.resolve("chk-3"));
  }

  @Test
  void timeoutSaysWhichDirectoryLacksANewCheckpoint() throws IOException {
    checkpoint(checkpoints.resolve("silver/job-1/chk-1"), true);

    assertThatThrownBy(
            () ->
                RetainedCheckpoints.under(checkpoints.resolve("silver"))
                    // Polled at once, so even a loaded machine evaluates the condition before
                    // the deadline and the timeout carries its last assertion.
                    .awaitNew(
                        1,
                        await()
                            .pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(50))
                            .atMost(Duration.ofSeconds(2))))
        .isInstanceOf(ConditionTimeoutException.class)
        .hasMessageContaining("1 new complete checkpoint(s) under each of [")
        .hasMessageContaining("under " + checkpoints.resolve("silver"))
        .hasMessageContaining("chk-1");
  }

  private static void delete(Path chk) {
    try {
      Files.delete(chk.resolve("_metadata"));
      Files.delete(chk);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path checkpoint(Path chk, boolean complete) {
    try {
      Files.createDirectories(chk);
      if (complete) {
        Files.writeString(chk.resolve("_metadata"), "m");
      }
      return chk;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
