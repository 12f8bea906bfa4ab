package io.lakehouseflow.deploy.query;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * The statements of an interactive SQL session over the lakehouse catalog, one at a time: a batch
 * query prints its result as a table (the latest snapshot of every table, gold's upserts included);
 * a query reading a table with the {@code 'streaming'='true'} option runs as a streaming job and
 * prints each change as it arrives ({@code +I}, {@code -U}, {@code +U}, {@code -D}), until {@link
 * #cancelStreaming()} (Ctrl-C in a terminal), its end, or {@code maxStreamingRows}. A failing
 * statement prints its error and the session goes on. The line reading (history, completion) is the
 * caller's: {@link #run(BufferedReader)} for piped input, {@code SqlCommand} for a terminal.
 */
public final class SqlShell {
  /** Iceberg's streaming read option, as a user writes it in a table hint. */
  private static final Pattern STREAMING =
      Pattern.compile("'streaming'\\s*=\\s*'true'", Pattern.CASE_INSENSITIVE);

  private final LakehouseCatalog catalog;
  private final PrintStream out;
  private final long maxStreamingRows;
  private final SqlQuery batch;
  private final AtomicReference<CloseableIterator<Row>> streaming = new AtomicReference<>();

  public SqlShell(LakehouseCatalog catalog, PrintStream out, long maxStreamingRows) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.out = Objects.requireNonNull(out, "out");
    this.maxStreamingRows = maxStreamingRows;
    this.batch = SqlQuery.over(catalog);
  }

  /**
   * Runs every statement of {@code in}, each ended by a {@code ;} at the end of a line; returns the
   * number of statements that failed.
   */
  public int run(BufferedReader in) throws IOException {
    StringBuilder statement = new StringBuilder();
    int failed = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      statement.append(line).append('\n');
      if (isComplete(statement)) {
        failed += execute(statement.toString()) ? 0 : 1;
        statement.setLength(0);
      }
    }
    if (!statement.toString().isBlank()) {
      failed += execute(statement.toString()) ? 0 : 1;
    }
    return failed;
  }

  /**
   * Whether {@code text} holds a whole statement: it ends with {@code ;}, or is a shell command.
   */
  public static boolean isComplete(CharSequence text) {
    String s = text.toString().strip();
    return s.endsWith(";") || isCommand(s);
  }

  private static boolean isCommand(String s) {
    String word = s.toLowerCase(Locale.ROOT);
    return word.equals("quit") || word.equals("exit") || word.equals("help") || word.isEmpty();
  }

  /** Whether {@code text} asks to leave the session. */
  public static boolean isQuit(String text) {
    String word = stripSemicolon(text).toLowerCase(Locale.ROOT);
    return word.equals("quit") || word.equals("exit");
  }

  /**
   * Runs one statement and prints its result or its error.
   *
   * @return whether it succeeded
   */
  public boolean execute(String text) {
    String sql = stripSemicolon(text);
    if (sql.isEmpty() || isQuit(sql)) {
      return true;
    }
    if (sql.equalsIgnoreCase("help")) {
      printHelp();
      return true;
    }
    try {
      if (STREAMING.matcher(sql).find()) {
        stream(sql);
      } else {
        ResultFormat.TABLE.print(batch.execute(sql), out);
      }
      return true;
    } catch (InvalidQueryException e) {
      out.println(e.getMessage());
    } catch (Exception e) {
      out.println("Statement failed: " + rootMessage(e));
    }
    return false;
  }

  /** Ends the streaming query that is printing, if any; its statement then returns. */
  public void cancelStreaming() {
    CloseableIterator<Row> rows = streaming.getAndSet(null);
    if (rows != null) {
      try {
        rows.close(); // cancels the job
      } catch (Exception e) {
        out.println("Could not cancel the streaming query: " + rootMessage(e));
      }
    }
  }

  private void stream(String sql) throws Exception {
    TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    tableEnv.getConfig().setLocalTimeZone(ZoneOffset.UTC);
    catalog.registerIn(tableEnv);
    CloseableIterator<Row> rows;
    try {
      rows = tableEnv.executeSql(sql).collect();
    } catch (SqlParserException e) {
      throw new QueryProblem(sql, catalog).syntax(e);
    } catch (ValidationException e) {
      throw new QueryProblem(sql, catalog).validation(e);
    }
    streaming.set(rows);
    out.println("Streaming; Ctrl-C ends the query.");
    long printed = 0;
    try {
      while (printed < maxStreamingRows && rows.hasNext()) {
        Row row = rows.next();
        out.println(row.getKind().shortString() + " " + ResultFormat.cellsOf(row));
        printed++;
      }
    } catch (RuntimeException e) {
      if (streaming.get() != null) {
        throw e; // not our cancel
      }
    } finally {
      cancelStreaming();
    }
    out.println("(" + printed + " changes)");
  }

  private void printHelp() {
    out.println("Flink SQL over the lakehouse catalog; end each statement with ';'.");
    out.println("  SELECT * FROM gold.fact_booking LIMIT 10;       batch: the latest snapshot");
    out.println(
        "  SELECT * FROM silver.bookings /*+ OPTIONS('streaming'='true') */;"
            + "   streaming: every change as it commits, until Ctrl-C");
    out.println(
        "  SHOW TABLES FROM gold;   DESCRIBE "
            + TableNames.sql(TableNames.fact("booking"))
            + ";   help   quit");
  }

  private static String stripSemicolon(String text) {
    String s = text.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e
        ? String.valueOf(e.getMessage())
        : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }
}
