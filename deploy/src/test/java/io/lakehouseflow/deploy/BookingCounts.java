package io.lakehouseflow.deploy;

import io.lakehouseflow.deploy.query.SqlQuery;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * The row counts the continuous tests watch, in one query: bronze.bookings, silver.bookings,
 * silver.bookings_quarantine, gold.fact_booking, gold.dim_customer.
 */
final class BookingCounts {
  private static final String SQL =
      "SELECT (SELECT COUNT(*) FROM bronze.bookings), (SELECT COUNT(*) FROM silver.bookings),"
          + " (SELECT COUNT(*) FROM silver.bookings_quarantine),"
          + " (SELECT COUNT(*) FROM gold.fact_booking), (SELECT COUNT(*) FROM gold.dim_customer)";

  private BookingCounts() {}

  /** The five counts, or an empty list while a table does not exist yet. */
  static List<Long> of(SqlQuery query) {
    Row row;
    try {
      row = query.execute(SQL).rows().get(0);
    } catch (Exception e) {
      return List.of();
    }
    List<Long> counts = new ArrayList<>();
    for (int i = 0; i < row.getArity(); i++) {
      counts.add((Long) row.getField(i));
    }
    return counts;
  }

  /** Waits until the counts equal {@code expected}; the test's timeout bounds the wait. */
  static void await(SqlQuery query, List<Long> expected, Runnable whileWaiting)
      throws InterruptedException {
    while (!of(query).equals(expected)) {
      whileWaiting.run();
      Thread.sleep(1_000);
    }
  }
}
