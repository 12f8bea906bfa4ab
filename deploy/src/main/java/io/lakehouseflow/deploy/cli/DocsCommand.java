package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.config.PipelineRun;
import io.lakehouseflow.core.config.RunMode;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.deploy.docs.DocsServer;
import io.lakehouseflow.deploy.docs.DocsSite;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakehouse docs}: writes the pipeline's documentation and lineage as a static site. */
@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description = {
      "Write the pipeline's documentation as a static site: every landing directory and table",
      "with its description, columns and types, data tests and their last results, rows and",
      "last commit, and the SQL or plan that builds it, and an interactive lineage graph.",
      "Reads the spec and the tables' metadata only; no job runs."
    })
final class DocsCommand implements Callable<Integer> {
  @Spec CommandSpec command;

  @Mixin DataDirOption data;

  @Mixin PipelineOption pipeline;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write the site (default: <data-dir>/docs).")
  Path out;

  @Option(
      names = "--serve",
      description = "Then serve the site on a local HTTP server until interrupted (Ctrl-C).")
  boolean serve;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description =
          "The port --serve listens on, on 127.0.0.1; 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = command.commandLine().getOut();
    PipelineSpec spec = pipeline.load();
    // Asked before --out is created, which by default lies inside the data directory.
    Optional<DataLayout> tables =
        Files.isDirectory(data.dataDir) ? Optional.of(data.layout()) : Optional.empty();
    Path dir = writableOut(out == null ? data.dataDir.resolve("docs") : out);
    long start = System.nanoTime();
    Path index = write(spec, tables, dir);
    stdout.println(
        "Docs of pipeline "
            + spec.name()
            + " written to "
            + dir
            + " in "
            + (System.nanoTime() - start) / 1_000_000
            + " ms; open "
            + index.toUri());
    stdout.flush();
    if (!serve) {
      return 0;
    }
    try (DocsServer server = DocsServer.start(dir, port)) {
      stdout.println("Serving the docs at " + server.uri() + " (Ctrl-C stops).");
      stdout.flush();
      new CountDownLatch(1).await();
    }
    return 0;
  }

  /**
   * Writes the docs of {@code spec} into {@code dir}: with the figures of the tables of data
   * directory {@code tables} (and the columns its bronze tables inferred or added), or from the
   * spec alone when it is empty, as for a data directory that does not exist: docs create no
   * warehouse.
   */
  static Path write(PipelineSpec spec, Optional<DataLayout> tables, Path dir) {
    if (tables.isEmpty()) {
      return DocsSite.of(spec).write(dir);
    }
    PipelineRun run = EmbeddedRun.of(spec, tables.get(), RunMode.AVAILABLE_NOW).withBronzeColumns();
    try (LakehouseCatalog catalog = run.catalog()) {
      return DocsSite.of(run.spec(), catalog).write(dir);
    }
  }

  /**
   * {@code dir}, created when absent and probed with a file written and deleted, so a bad --out
   * fails here with one line naming it.
   *
   * @throws UncheckedIOException when it is a file or cannot be written
   */
  static Path writableOut(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UncheckedIOException(
          "Cannot write the docs site to "
              + dir
              + ": it is a file, not a directory. Pass another --out, or remove the file.",
          new IOException(dir + " is a file"));
    }
    try {
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".lakehouse-docs-probe", ""));
    } catch (AccessDeniedException e) {
      throw cannotWrite(dir, "permission denied", e);
    } catch (FileSystemException e) {
      throw cannotWrite(dir, e.getReason() == null ? e.toString() : e.getReason(), e);
    } catch (IOException e) {
      throw cannotWrite(dir, String.valueOf(e.getMessage()), e);
    }
    return dir;
  }

  private static UncheckedIOException cannotWrite(Path dir, String why, IOException e) {
    return new UncheckedIOException(
        "Cannot write the docs site to "
            + dir
            + ": "
            + why
            + ". Make it writable (chmod u+w "
            + dir
            + ") or pass another --out.",
        e);
  }
}
