package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.BOOKINGS;
import static io.lakehouseflow.ingestion.BronzeTestData.CUSTOMERS;
import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRows;
import static io.lakehouseflow.ingestion.BronzeTestData.land;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What available-now bronze reads of a landing directory: complete lines only (an unterminated last
 * line waits for its line break or the settle time, 30 s by default), never temporary names, every
 * line of a file whose header does not match, and nothing from a directory that does not exist.
 * Each run ends with the conservation check, which counts lines by the same rules.
 */
class BronzeCompleteLinesITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String HEADER = "booking_id,seats,fare,booked_at,status";

  @TempDir Path dataDir;

  private PipelineRun run() {
    return PipelineRun.of(BronzeTestData.spec(), new DataLayout(dataDir), RunMode.AVAILABLE_NOW);
  }

  private Path write(String relativePath, String content) throws IOException {
    Path file = dataDir.resolve("landing").resolve(relativePath);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Test
  @Timeout(300)
  void readsCompleteLinesOnlyAndTemporaryNamesOnceRenamed() throws Exception {
    // Being written: its last line has no line break yet, and was modified just now.
    Path writing =
        write(
            "bookings/bookings-0001.csv",
            HEADER + "\n1,2,10.00,2024-03-01T10:00:00,CONFIRMED\n2,1,20.00,2024-03-01T1");
    // Its writer ended without a final line break a while ago: the last line has settled.
    Path quiet = write("bookings/bookings-0002.csv", HEADER + "\n3,1,30.00,2024-03-02T10:00:00,OK");
    Files.setLastModifiedTime(quiet, FileTime.from(Instant.now().minusSeconds(3600)));
    // Still under its temporary name.
    Path temporary =
        write("bookings/bookings-0003.csv.tmp", HEADER + "\n4,1,40.00,2024-03-03T10:00:00,OK\n");
    // crm/customers does not exist: the customers source reads nothing, and nothing is created.

    BronzeJob.forRun(run()).runToCompletion();

    LakehouseCatalog catalog = run().catalog();
    List<String> first =
        List.of(
            "landing/bookings/bookings-0001.csv:2 | 1,2,10.00,2024-03-01T10:00,CONFIRMED | null |"
                + " null",
            "landing/bookings/bookings-0002.csv:2 | 3,1,30.00,2024-03-02T10:00,OK | null | null");
    assertThat(bronzeRows(catalog, BOOKINGS)).isEqualTo(first);
    assertThat(bronzeRows(catalog, CUSTOMERS)).isEmpty();
    assertThat(dataDir.resolve("landing/crm")).doesNotExist();

    Files.writeString(writing, "0:00:00,CONFIRMED\n", StandardOpenOption.APPEND);
    Files.move(temporary, temporary.resolveSibling("bookings-0003.csv"));

    BronzeJob.forRun(run()).runToCompletion();
    BronzeJob.forRun(run()).runToCompletion();

    assertThat(bronzeRows(catalog, BOOKINGS))
        .containsExactly(
            first.get(0),
            "landing/bookings/bookings-0001.csv:3 | 2,1,20.00,2024-03-01T10:00,CONFIRMED | null |"
                + " null",
            first.get(1),
            "landing/bookings/bookings-0003.csv:2 | 4,1,40.00,2024-03-03T10:00,OK | null | null");
  }

  @Test
  @Timeout(300)
  void keepsEveryLineOfAFileWhoseHeaderDoesNotMatchAsCorrupt() throws Exception {
    land(
        dataDir,
        "bookings/bookings-0001.csv",
        "1,2,10.00,2024-03-01T10:00:00,CONFIRMED",
        "2,1,20.00,2024-03-01T11:00:00,CONFIRMED");

    BronzeJob.forRun(run()).runToCompletion();

    String error =
        "Cannot map line to the columns of source 'bookings': the file's header on line 1 [1, 2,"
            + " 10.00, 2024-03-01T10:00:00, CONFIRMED] does not match the declared columns"
            + " [booking_id, seats, fare, booked_at, status] (it names none of them), so"
            + " every line of the file is kept as corrupt, the header line too"
            + " (landing/bookings/bookings-0001.csv line ";
    assertThat(bronzeRows(run().catalog(), BOOKINGS))
        .containsExactly(
            "landing/bookings/bookings-0001.csv:1 | null,null,null,null,null |"
                + " 1,2,10.00,2024-03-01T10:00:00,CONFIRMED | "
                + error
                + "1). Fix the header or the declared columns.",
            "landing/bookings/bookings-0001.csv:2 | null,null,null,null,null |"
                + " 2,1,20.00,2024-03-01T11:00:00,CONFIRMED | "
                + error
                + "2). Fix the header or the declared columns.");
  }
}
