package io.lakehouseflow.deploy.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class ResultFormatTest {
  private final SqlQuery.Result result =
      new SqlQuery.Result(
          List.of("table_name", "row_count"),
          List.of(Row.of("gold.fact_booking", 2990L), Row.of("a,b", null)));

  private String print(ResultFormat format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    format.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void tableAlignsColumnsUnderTheHeader() {
    assertThat(print(ResultFormat.TABLE))
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "+-------------------+-----------+",
                "| table_name        | row_count |",
                "+-------------------+-----------+",
                "| gold.fact_booking | 2990      |",
                "| a,b               | NULL      |",
                "+-------------------+-----------+",
                "2 rows",
                ""));
  }

  @Test
  void csvQuotesWhenNeededAndLeavesNullEmpty() {
    assertThat(print(ResultFormat.CSV))
        .isEqualTo("table_name,row_count\ngold.fact_booking,2990\n\"a,b\",\n");
  }

  @Test
  void timestampsKeepTheirSeconds() {
    SqlQuery.Result times =
        new SqlQuery.Result(
            List.of("at", "instant"),
            List.of(
                Row.of(
                    LocalDateTime.parse("2024-03-01T10:00"), Instant.parse("2024-03-01T10:00:00Z")),
                Row.of(LocalDateTime.parse("2024-03-01T10:00:05.25"), null)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ResultFormat.CSV.print(times, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "at,instant\n2024-03-01T10:00:00,2024-03-01T10:00:00Z\n2024-03-01T10:00:05.25,\n");
    assertThat(ResultFormat.cellsOf(times.rows().get(1)))
        .isEqualTo("[2024-03-01T10:00:05.25, NULL]");
  }
}
