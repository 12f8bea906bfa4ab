package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.testing.TableContents;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;
import org.awaitility.core.ConditionFactory;

/**
 * The row counts the continuous tests watch: bronze.bookings, silver.bookings,
 * silver.bookings_quarantine, gold.fact_booking, gold.dim_customer, read back from the tables
 * directly (upserts applied), so polling them runs no Flink job.
 */
final class BookingCounts {
  static final List<TableIdentifier> TABLES =
      List.of(
          TableNames.bronze("bookings"),
          TableNames.silver("bookings"),
          TableNames.quarantine("bookings"),
          TableNames.fact("booking"),
          TableNames.dimension("customer"));

  private BookingCounts() {}

  /** The five counts, or an empty list while a table does not exist yet. */
  static List<Long> of(LakehouseCatalog catalog) {
    List<Long> counts = new ArrayList<>();
    for (TableIdentifier table : TABLES) {
      if (!catalog.tableExists(table)) {
        return List.of();
      }
      counts.add((long) TableContents.of(catalog, table).size());
    }
    return counts;
  }

  /** Waits, with the deadline and checks of {@code condition}, until the counts are exact. */
  static void await(ConditionFactory condition, LakehouseCatalog catalog, List<Long> expected) {
    condition
        .alias("row counts of " + TABLES + " equal " + expected)
        .untilAsserted(
            () ->
                assertThat(of(catalog))
                    .as("row counts of %s", TABLES)
                    .containsExactlyElementsOf(expected));
  }
}
