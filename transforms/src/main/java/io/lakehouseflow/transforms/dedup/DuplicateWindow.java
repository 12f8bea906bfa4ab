package io.lakehouseflow.transforms.dedup;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which copies of one row are duplicates: a copy is a duplicate when an earlier copy was
 * kept at most the window before it (by {@code _ingested_at}); otherwise it is kept and starts a
 * new window. Measured from the kept copy, not from the last duplicate, so a row re-sent every hour
 * under a one-day window is kept once a day, and the decision is the same whether the copies arrive
 * in one run or spread over many.
 */
public final class DuplicateWindow implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Duration window;

  public DuplicateWindow(Duration window) {
    this.window = Objects.requireNonNull(window, "window");
  }

  public Duration window() {
    return window;
  }

  /**
   * Whether a copy ingested at {@code ingestedAt} falls in the window of the copy kept at {@code
   * kept}.
   */
  public boolean covers(Instant kept, Instant ingestedAt) {
    return !ingestedAt.isBefore(kept) && Duration.between(kept, ingestedAt).compareTo(window) <= 0
        || ingestedAt.isBefore(kept) && Duration.between(ingestedAt, kept).compareTo(window) <= 0;
  }

  /**
   * For each of {@code arriving} (copies of one row read now, any order), whether it is a
   * duplicate, given {@code kept}: the copies of the row that earlier runs kept. A copy that is the
   * same bronze record as a kept one is that record read again, not a duplicate of it.
   */
  public boolean[] duplicates(List<RowCopy> kept, List<RowCopy> arriving) {
    Set<RowCopy> keptRecords = new HashSet<>(kept);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < arriving.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> arriving.get(a).compareTo(arriving.get(b)));
    List<RowCopy> earlier = new ArrayList<>(kept);
    earlier.sort(null);
    boolean[] duplicate = new boolean[arriving.size()];
    int next = 0;
    Instant anchor = null;
    for (int i : order) {
      RowCopy copy = arriving.get(i);
      if (keptRecords.contains(copy)) {
        continue;
      }
      // Kept copies up to this one move the window first: they were kept before it was read.
      while (next < earlier.size() && earlier.get(next).compareTo(copy) <= 0) {
        anchor = earlier.get(next++).ingestedAt();
      }
      if (anchor != null && covers(anchor, copy.ingestedAt())) {
        duplicate[i] = true;
      } else {
        anchor = copy.ingestedAt();
      }
    }
    return duplicate;
  }
}
