package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.deploy.query.SqlShell;
import io.lakehouseflow.deploy.run.EmbeddedCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lakehouse sql}: an SQL shell over the lakehouse catalog. In a terminal it edits lines with
 * JLine (history in {@code <data-dir>/.lakehouse_sql_history}, Tab completes table names and
 * keywords, a statement may span lines until its {@code ;}); from a file or a pipe it runs the
 * statements in order. Every statement runs on one embedded cluster kept for the session, so only
 * the first pays for starting it.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Open an SQL shell over the lakehouse catalog (Flink SQL, batch and streaming).",
      "Batch: SELECT ... FROM gold.fact_booking;  streaming: SELECT ... FROM silver.bookings",
      "/*+ OPTIONS('streaming'='true') */; prints every change until Ctrl-C. From a pipe or",
      "--file it runs each statement and exits 1 if any failed."
    })
final class SqlCommand implements Callable<Integer> {
  private static final List<String> KEYWORDS =
      List.of(
          "SELECT",
          "FROM",
          "WHERE",
          "GROUP",
          "BY",
          "ORDER",
          "LIMIT",
          "JOIN",
          "LEFT",
          "ON",
          "AND",
          "OR",
          "COUNT",
          "SUM",
          "AVG",
          "MIN",
          "MAX",
          "DISTINCT",
          "AS",
          "SHOW",
          "TABLES",
          "DESCRIBE",
          "OPTIONS",
          "help",
          "quit");

  @Mixin DataDirOption data;

  @Mixin QueryCatalogOption source;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Run the statements of this file, then exit.")
  Path file;

  @Option(
      names = "--max-rows",
      paramLabel = "N",
      defaultValue = "9223372036854775807",
      description = "End a streaming query after N changes (default: when cancelled or ended).")
  long maxRows;

  @Override
  public Integer call() throws Exception {
    LakehouseCatalog catalog = source.catalog(data);
    try (EmbeddedCluster cluster = EmbeddedCluster.forQueries()) {
      SqlShell shell = new SqlShell(catalog, System.out, maxRows);
      if (file != null) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          return shell.run(in) == 0 ? 0 : 1;
        }
      }
      if (System.console() == null) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return shell.run(in) == 0 ? 0 : 1;
      }
      interactive(shell, catalog);
      return 0;
    }
  }

  private void interactive(SqlShell shell, LakehouseCatalog catalog) throws Exception {
    List<String> words = new ArrayList<>(KEYWORDS);
    for (TableIdentifier table : catalog.tables()) {
      words.add(table.toString());
    }
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .appName("lakehouse")
              .parser(new StatementParser())
              .completer(new StringsCompleter(words))
              .variable(
                  LineReader.HISTORY_FILE, data.layout().root().resolve(".lakehouse_sql_history"))
              .variable(LineReader.SECONDARY_PROMPT_PATTERN, "       > ")
              .build();
      terminal.handle(Terminal.Signal.INT, signal -> shell.cancelStreaming());
      terminal.writer().println("Lakehouse SQL over " + catalog.warehouse() + "; 'help' for help.");
      while (true) {
        String statement;
        try {
          statement = reader.readLine("lakehouse> ");
        } catch (UserInterruptException e) {
          continue; // Ctrl-C at the prompt drops the line being typed
        } catch (EndOfFileException e) {
          return; // Ctrl-D
        }
        if (SqlShell.isQuit(statement)) {
          return;
        }
        shell.execute(statement);
      }
    }
  }

  /** Accepts a line only once it holds a whole statement, so Enter before the ';' goes on. */
  private static final class StatementParser extends DefaultParser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE && !SqlShell.isComplete(line)) {
        throw new EOFError(-1, -1, "statement not ended", ";");
      }
      return super.parse(line, cursor, context);
    }
  }
}
