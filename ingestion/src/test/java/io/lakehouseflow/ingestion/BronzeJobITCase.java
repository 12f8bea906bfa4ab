package io.lakehouseflow.ingestion;

import static io.lakehouseflow.ingestion.BronzeTestData.BOOKINGS;
import static io.lakehouseflow.ingestion.BronzeTestData.CUSTOMERS;
import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRecords;
import static io.lakehouseflow.ingestion.BronzeTestData.bronzeRows;
import static io.lakehouseflow.ingestion.BronzeTestData.land;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BronzeJobITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final String BOOKINGS_1 = "landing/bookings/bookings-0001.csv";
  private static final String BOOKINGS_2 = "landing/bookings/2024/bookings-0002.csv";
  private static final String CUSTOMERS_A = "landing/crm/customers/customers-a.csv";

  @TempDir Path dataDir;

  @Test
  @Timeout(300)
  void appendsEveryLineOnceAcrossAvailableNowRuns(@InjectClusterClient ClusterClient<?> flink)
      throws Exception {
    Path bookings1 =
        land(
            dataDir,
            "bookings/bookings-0001.csv",
            "booking_id,seats,fare,booked_at,status",
            "1,2,100.50,2024-03-01T10:00:00,CONFIRMED",
            "2,x,80.00,2024-03-01 11:00:00,CONFIRMED",
            "",
            "3,1,\"55.25\",2024-03-02T09:30:00.125,CANCELLED",
            "4,1,20.00");
    Path bookings2 =
        land(
            dataDir,
            "bookings/2024/bookings-0002.csv",
            "status,booking_id,booked_at,fare,seats",
            "CONFIRMED,5,2024-03-03T08:00:00,10,3",
            "\"CONFIRMED,6,2024-03-03T08:00:00,10.00,3");
    // Its quote never closes: while the file may grow that may be a field still being written,
    // so only a settled file has the record kept as corrupt.
    Files.setLastModifiedTime(bookings2, FileTime.from(Instant.now().minusSeconds(3600)));
    land(dataDir, "bookings/_SUCCESS", "not data");
    Path customers =
        land(dataDir, "crm/customers/customers-a.csv", "1;Ada;GOLD", "2;Bob;NULL", "3;Cy");
    PipelineRun run =
        PipelineRun.of(BronzeTestData.spec(), new DataLayout(dataDir), RunMode.AVAILABLE_NOW);
    LakehouseCatalog catalog = run.catalog();

    BronzeJob.forRun(run).runToCompletion();

    List<String> bookings =
        List.of(
            BOOKINGS_2 + ":2 | 5,3,10.00,2024-03-03T08:00,CONFIRMED | null | null",
            BOOKINGS_2
                + ":3 | null,null,null,null,null | \"CONFIRMED,6,2024-03-03T08:00:00,10.00,3 |"
                + " Cannot parse line: ",
            BOOKINGS_1 + ":2 | 1,2,100.50,2024-03-01T10:00,CONFIRMED | null | null",
            BOOKINGS_1
                + ":3 | null,null,null,null,null | 2,x,80.00,2024-03-01 11:00:00,CONFIRMED |"
                + " Cannot parse field 'seats' value 'x' as int ("
                + BOOKINGS_1
                + " line 3). Fix the file or declare the column as string.",
            BOOKINGS_1 + ":5 | 3,1,55.25,2024-03-02T09:30:00.125,CANCELLED | null | null",
            BOOKINGS_1
                + ":6 | null,null,null,null,null | 4,1,20.00 | Cannot parse line: expected 5"
                + " fields separated by ',' but found 3 ("
                + BOOKINGS_1
                + " line 6). Fix the file or the declared columns of source 'bookings'.");
    assertThat(withShortQuoteErrors(bronzeRows(catalog, BOOKINGS))).isEqualTo(bookings);
    List<String> customerRows =
        List.of(
            CUSTOMERS_A + ":1 | 1,Ada,GOLD | null | null",
            CUSTOMERS_A + ":2 | 2,Bob,null | null | null",
            CUSTOMERS_A
                + ":3 | null,null,null | 3;Cy | Cannot parse line: expected 3 fields separated by"
                + " ';' but found 2 ("
                + CUSTOMERS_A
                + " line 3). Fix the file or the declared columns of source 'customers'.");
    assertThat(bronzeRows(catalog, CUSTOMERS)).isEqualTo(customerRows);

    Record first = bronzeRecords(catalog, BOOKINGS).get(2);
    assertThat(first.getField(MetadataColumns.SOURCE_FILE)).isEqualTo(BOOKINGS_1);
    assertThat(first.getField(MetadataColumns.FILE_SIZE)).isEqualTo(Files.size(bookings1));
    assertThat(
            ((OffsetDateTime) first.getField(MetadataColumns.FILE_MODIFICATION_TIME)).toInstant())
        .isEqualTo(Files.getLastModifiedTime(bookings1).toInstant().truncatedTo(ChronoUnit.MILLIS));
    assertThat(first.getField(MetadataColumns.INGESTED_AT)).isNotNull();

    int jobs = flink.listJobs().get().size();
    long snapshot =
        catalog.loadTable(TableNames.bronze(BOOKINGS.name())).currentSnapshot().snapshotId();
    BronzeJob.forRun(run).runToCompletion();

    assertThat(flink.listJobs().get()).as("a run with nothing new starts no job").hasSize(jobs);
    assertThat(catalog.loadTable(TableNames.bronze(BOOKINGS.name())).currentSnapshot().snapshotId())
        .isEqualTo(snapshot);
    assertThat(withShortQuoteErrors(bronzeRows(catalog, BOOKINGS))).isEqualTo(bookings);
    assertThat(bronzeRows(catalog, CUSTOMERS)).isEqualTo(customerRows);

    land(
        dataDir,
        "bookings/bookings-0003.csv",
        "booking_id,seats,fare,booked_at,status",
        "7,4,1.99,2024-03-04T00:00:00,CONFIRMED");
    Files.writeString(customers, "4;Dee;SILVER\n", StandardOpenOption.APPEND);

    BronzeJob.forRun(run).runToCompletion();

    List<String> moreBookings = new ArrayList<>(bookings);
    moreBookings.add(
        "landing/bookings/bookings-0003.csv:2 | 7,4,1.99,2024-03-04T00:00,CONFIRMED | null | null");
    assertThat(withShortQuoteErrors(bronzeRows(catalog, BOOKINGS))).isEqualTo(moreBookings);
    List<String> moreCustomers = new ArrayList<>(customerRows);
    moreCustomers.add(CUSTOMERS_A + ":4 | 4,Dee,SILVER | null | null");
    assertThat(bronzeRows(catalog, CUSTOMERS)).isEqualTo(moreCustomers);
    assertThat(catalog.loadTable(TableNames.bronze(BOOKINGS.name())).schema().asStruct())
        .isEqualTo(LayerSchemas.bronze(BOOKINGS).icebergSchema().asStruct());
  }

  /** commons-csv words its quoting errors itself; keep only our part of those messages. */
  private static List<String> withShortQuoteErrors(List<String> rows) {
    return rows.stream()
        .map(
            r ->
                r.contains("| Cannot parse line: ") && r.endsWith("Fix the quoting in the file.")
                    ? r.substring(0, r.indexOf("| Cannot parse line: ") + 21)
                    : r)
        .toList();
  }
}
