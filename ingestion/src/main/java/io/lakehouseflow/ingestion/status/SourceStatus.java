package io.lakehouseflow.ingestion.status;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.SnapshotSummaries;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.CommittedLines;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileFilter;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import io.lakehouseflow.ingestion.discovery.LandingFiles;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.core.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Where one source's landing files stand against its bronze table: which are wholly in bronze,
 * which partly (they grew since), which not at all, and how long the oldest file not wholly in
 * bronze has waited. Read from a listing of the landing directory and bronze's committed state
 * ({@link CommittedLines}), never from the files' contents.
 *
 * @param source the source name
 * @param landing the landing directory
 * @param filesInBronze landing files wholly in bronze
 * @param filesPartly landing files partly in bronze: they grew after their lines were read
 * @param filesOutstanding landing files bronze holds no line of
 * @param bytesInBronze the size of the files wholly in bronze
 * @param bytesOutstanding the size of the files partly in bronze or outstanding
 * @param rows the rows of the bronze table
 * @param lastCommit when bronze last committed; empty before its first commit
 * @param oldestOutstanding how long ago the oldest file partly in bronze or outstanding was last
 *     modified; empty when there is none
 */
public record SourceStatus(
    String source,
    String landing,
    int filesInBronze,
    int filesPartly,
    int filesOutstanding,
    long bytesInBronze,
    long bytesOutstanding,
    long rows,
    Optional<Instant> lastCommit,
    Optional<Duration> oldestOutstanding) {

  /**
   * The status of {@code source} of {@code run} at {@code now}; a source whose bronze table does
   * not exist yet has every landing file outstanding.
   */
  public static SourceStatus of(
      PipelineRun run, LakehouseCatalog catalog, SourceSpec source, Instant now)
      throws IOException {
    TableIdentifier id = TableNames.bronze(source.name());
    Table bronze = catalog.tableExists(id) ? catalog.loadTable(id) : null;
    CommittedLines committed =
        bronze == null
            ? new CommittedLines(java.util.Map.of(), java.util.Map.of())
            : CommittedLines.of(bronze, CommittedLines.cache(run, source));
    LandingFileNames names =
        LandingFileNames.of(run.layout().location(run.spec().landing()), run.spec().landing());
    Path landing = new Path(run.landingLocation(source.name()));
    int whole = 0;
    int partly = 0;
    int outstanding = 0;
    long bytesInBronze = 0;
    long bytesOutstanding = 0;
    Long oldest = null;
    for (LandingFile file :
        LandingFiles.list(landing, LandingFileFilter.of(source), source.settle(), now)) {
      String name = names.nameOf(file.path());
      if (committed.holdsAllOf(file, name)) {
        whole++;
        bytesInBronze += file.size();
        continue;
      }
      if (committed.lastLine().containsKey(name)) {
        partly++;
      } else {
        outstanding++;
      }
      bytesOutstanding += file.size();
      oldest = oldest == null ? file.modificationTime() : Math.min(oldest, file.modificationTime());
    }
    Snapshot current = bronze == null ? null : bronze.currentSnapshot();
    return new SourceStatus(
        source.name(),
        landing.toString(),
        whole,
        partly,
        outstanding,
        bytesInBronze,
        bytesOutstanding,
        current == null ? 0 : SnapshotSummaries.count(current, SnapshotSummary.TOTAL_RECORDS_PROP),
        Optional.ofNullable(current).map(s -> Instant.ofEpochMilli(s.timestampMillis())),
        Optional.ofNullable(oldest)
            .map(t -> Duration.between(Instant.ofEpochMilli(t), now))
            .map(d -> d.isNegative() ? Duration.ZERO : d));
  }
}
