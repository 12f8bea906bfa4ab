package io.lakehouseflow.transforms.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link DuplicateWindow} against the documented rule, written here as plainly as it reads: take
 * the copies of one row in ingestion order (then file, then line); a copy is kept unless a copy
 * kept before it was ingested at most the window earlier. Whatever the split into runs (each run
 * ingested after the one before, its copies delivered in any order) and however often a run
 * re-reads records it kept already, the copies kept overall are the rule's.
 */
class DuplicateWindowPropertyTest {
  private static final Duration WINDOW = Duration.ofMinutes(60);
  private static final Instant T0 = Instant.parse("2025-02-06T08:00:00Z");

  @Property(tries = 500)
  void runsKeepWhatTheRuleKeeps(
      @ForAll("copies") List<RowCopy> copies,
      @ForAll @IntRange(min = 1, max = 4) int runs,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<RowCopy> ordered = new ArrayList<>(copies);
    Collections.sort(ordered);
    // Runs read contiguous stretches of ingestion time: bronze is read in commit order.
    List<List<RowCopy>> batches = split(ordered, runs, random);

    DuplicateWindow window = new DuplicateWindow(WINDOW);
    List<RowCopy> kept = new ArrayList<>();
    for (List<RowCopy> batch : batches) {
      List<RowCopy> arriving = new ArrayList<>(batch);
      if (!kept.isEmpty() && random.nextBoolean()) {
        // A read split after a failed commit reads records again that the other target kept.
        arriving.add(kept.get(random.nextInt(kept.size())));
      }
      Collections.shuffle(arriving, random);
      boolean[] duplicate = window.duplicates(List.copyOf(kept), arriving);
      for (int i = 0; i < arriving.size(); i++) {
        if (!duplicate[i] && !kept.contains(arriving.get(i))) {
          kept.add(arriving.get(i));
        }
      }
    }
    assertThat(new TreeSet<>(kept)).containsExactlyElementsOf(reference(ordered));
  }

  @Test
  void aCopyExactlyAWindowAfterTheKeptOneIsADuplicateOneMicrosecondLaterItIsKept() {
    RowCopy first = copy(0, "a.csv", 1);
    RowCopy atWindow = new RowCopy(T0.plus(WINDOW), "b.csv", 1);
    RowCopy after = new RowCopy(T0.plus(WINDOW).plusNanos(1000), "c.csv", 1);
    DuplicateWindow window = new DuplicateWindow(WINDOW);
    assertThat(window.duplicates(List.of(), List.of(atWindow, first))).containsExactly(true, false);
    assertThat(window.duplicates(List.of(first), List.of(after))).containsExactly(false);
  }

  /** The rule, applied in ingestion order. */
  private static Set<RowCopy> reference(List<RowCopy> ordered) {
    Set<RowCopy> kept = new TreeSet<>();
    for (RowCopy copy : ordered) {
      boolean covered = false;
      for (RowCopy k : kept) {
        long gap = Duration.between(k.ingestedAt(), copy.ingestedAt()).toNanos();
        covered |= gap >= 0 && gap <= WINDOW.toNanos();
      }
      if (!covered) {
        kept.add(copy);
      }
    }
    return kept;
  }

  private static List<List<RowCopy>> split(List<RowCopy> ordered, int runs, Random random) {
    List<List<RowCopy>> batches = new ArrayList<>();
    int from = 0;
    for (int r = 1; r <= runs; r++) {
      int to = r == runs ? ordered.size() : from + random.nextInt(ordered.size() - from + 1);
      // Copies ingested at the same instant are committed together.
      while (to > from
          && to < ordered.size()
          && ordered.get(to).ingestedAt().equals(ordered.get(to - 1).ingestedAt())) {
        to++;
      }
      batches.add(ordered.subList(from, to));
      from = to;
    }
    return batches;
  }

  @Provide
  Arbitrary<List<RowCopy>> copies() {
    // Minutes apart on a 5-hour span, so ties, copies inside, at and beyond the window all occur.
    Arbitrary<RowCopy> copy =
        Combinators.combine(
                Arbitraries.integers().between(0, 300),
                Arbitraries.of("a.csv", "b.csv", "c.csv"),
                Arbitraries.longs().between(1, 5))
            .as(DuplicateWindowPropertyTest::copy);
    return copy.list().ofMaxSize(25).uniqueElements();
  }

  private static RowCopy copy(int minute, String file, long line) {
    return new RowCopy(T0.plus(Duration.ofMinutes(minute)), file, line);
  }
}
