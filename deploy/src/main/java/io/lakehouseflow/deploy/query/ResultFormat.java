package io.lakehouseflow.deploy.query;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.flink.types.Row;

/** How {@code lakehouse query} prints a result. */
public enum ResultFormat {
  /** Columns aligned under a header, for people. */
  TABLE {
    @Override
    public void print(SqlQuery.Result result, PrintStream out) {
      List<String[]> cells = new ArrayList<>();
      cells.add(result.columns().toArray(String[]::new));
      for (Row row : result.rows()) {
        cells.add(cells(row, "NULL"));
      }
      int[] widths = new int[result.columns().size()];
      for (String[] line : cells) {
        for (int i = 0; i < line.length; i++) {
          widths[i] = Math.max(widths[i], line[i].length());
        }
      }
      StringBuilder rule = new StringBuilder("+");
      for (int w : widths) {
        rule.append("-".repeat(w + 2)).append('+');
      }
      out.println(rule);
      for (int r = 0; r < cells.size(); r++) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
          String v = cells.get(r)[i];
          line.append(' ').append(v).append(" ".repeat(widths[i] - v.length())).append(" |");
        }
        out.println(line);
        if (r == 0) {
          out.println(rule);
        }
      }
      out.println(rule);
      out.println(result.rows().size() + (result.rows().size() == 1 ? " row" : " rows"));
    }
  },
  /** RFC 4180 CSV with a header line, for tools. */
  CSV {
    @Override
    public void print(SqlQuery.Result result, PrintStream out) {
      try {
        CSVPrinter printer =
            new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
        printer.printRecord(result.columns());
        for (Row row : result.rows()) {
          printer.printRecord((Object[]) cells(row, ""));
        }
        printer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to write CSV to standard output", e);
      }
    }
  };

  public abstract void print(SqlQuery.Result result, PrintStream out);

  /** One row as {@code [v1, v2, NULL]}, values as {@link #TABLE} prints them. */
  static String cellsOf(Row row) {
    return "[" + String.join(", ", cells(row, "NULL")) + "]";
  }

  private static String[] cells(Row row, String nullText) {
    String[] values = new String[row.getArity()];
    for (int i = 0; i < values.length; i++) {
      values[i] = text(row.getField(i), nullText);
    }
    return values;
  }

  /**
   * A value as text; a timestamp in ISO-8601 always with its seconds ({@code 2024-03-01T10:00:00},
   * where {@code LocalDateTime.toString} would drop zero seconds), so a column lines up and parses
   * the same in every row.
   */
  private static String text(Object value, String nullText) {
    if (value == null) {
      return nullText;
    }
    if (value instanceof LocalDateTime t) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
    }
    if (value instanceof LocalTime t) {
      return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
    }
    return value.toString();
  }
}
