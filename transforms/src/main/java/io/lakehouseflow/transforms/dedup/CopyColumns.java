package io.lakehouseflow.transforms.dedup;

import static io.lakehouseflow.core.catalog.MetadataColumns.CORRUPT_RECORD;
import static io.lakehouseflow.core.catalog.MetadataColumns.INGESTED_AT;
import static io.lakehouseflow.core.catalog.MetadataColumns.RECORD_NUMBER;
import static io.lakehouseflow.core.catalog.MetadataColumns.SOURCE_FILE;

import io.lakehouseflow.transforms.expectation.SilverQuery;
import java.time.Instant;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Row;

/**
 * Where a row layout holds what deduplication reads: the data columns (its first {@code
 * dataColumns} fields) and the lineage. Also the key of a row's copies: the digest of its values,
 * or, for a record bronze could not parse (all its data columns NULL), its own lineage, so corrupt
 * records are never taken for copies of one another.
 */
public record CopyColumns(
    int dataColumns, int ingestedAt, int sourceFile, int recordNumber, int corruptRecord)
    implements KeySelector<Row, String> {
  private static final long serialVersionUID = 1L;

  /** The layout of {@code query}'s rows, which begin with silver's data columns. */
  public static CopyColumns of(SilverQuery query) {
    return new CopyColumns(
        query.dataColumns().size(),
        query.position(INGESTED_AT),
        query.position(SOURCE_FILE),
        query.position(RECORD_NUMBER),
        query.position(CORRUPT_RECORD));
  }

  /** A layout without a corrupt-record column: the silver and quarantine tables read back. */
  public static CopyColumns withoutCorruptRecord(
      int dataColumns, int ingestedAt, int sourceFile, int recordNumber) {
    return new CopyColumns(dataColumns, ingestedAt, sourceFile, recordNumber, -1);
  }

  @Override
  public String getKey(Row row) {
    if (corruptRecord >= 0 && row.getField(corruptRecord) != null) {
      return "corrupt " + row.getField(sourceFile) + ':' + row.getField(recordNumber);
    }
    return RowDigest.of(row, dataColumns);
  }

  /** The lineage of {@code row}. */
  public RowCopy copy(Row row) {
    return new RowCopy(
        (Instant) row.getField(ingestedAt),
        (String) row.getField(sourceFile),
        (Long) row.getField(recordNumber));
  }
}
