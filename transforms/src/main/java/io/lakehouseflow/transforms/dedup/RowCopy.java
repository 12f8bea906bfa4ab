package io.lakehouseflow.transforms.dedup;

import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where and when one copy of a row was ingested: its bronze lineage. Copies are ordered by
 * ingestion time, then by file and line, so the copy an available-now run keeps never depends on
 * the order its parallel readers delivered them.
 *
 * @param ingestedAt when bronze appended it ({@code _ingested_at})
 * @param sourceFile the landing file it came from ({@code _source_file})
 * @param recordNumber its record in that file ({@code _record_number})
 */
public record RowCopy(Instant ingestedAt, String sourceFile, long recordNumber)
    implements Comparable<RowCopy>, Serializable {
  private static final long serialVersionUID = 1L;

  private static final Comparator<RowCopy> ORDER =
      Comparator.comparing(RowCopy::ingestedAt)
          .thenComparing(RowCopy::sourceFile)
          .thenComparingLong(RowCopy::recordNumber);

  public RowCopy {
    Objects.requireNonNull(ingestedAt, "ingestedAt");
    Objects.requireNonNull(sourceFile, "sourceFile");
  }

  @Override
  public int compareTo(RowCopy other) {
    return ORDER.compare(this, other);
  }
}
