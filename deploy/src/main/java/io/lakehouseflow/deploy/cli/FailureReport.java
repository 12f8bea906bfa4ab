package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.catalog.WriterLeaseException;
import io.lakehouseflow.core.spec.InvalidSpecException;
import io.lakehouseflow.core.spec.UnreadableSpecException;
import io.lakehouseflow.deploy.query.InvalidQueryException;
import io.lakehouseflow.deploy.reset.ResetRefusedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Optional;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the CLI reports a failed command, in one place: the message a user can act on, and the exit
 * code. 2: the input is wrong (spec, SQL statement; picocli uses 2 for options too). 1: the command
 * failed (a run, a refused reset, a file it could not write). Stack traces only with {@code
 * LAKEHOUSE_DEBUG=1}; the log has them always.
 */
final class FailureReport {
  static final int INVALID_INPUT = 2;
  static final int FAILED = 1;

  private static final Logger LOG = LoggerFactory.getLogger(FailureReport.class);

  private FailureReport() {}

  /** Prints {@code e} to {@code err}, logs it with its stack trace, and returns the exit code. */
  static int print(Exception e, PrintWriter err) {
    // The console gets one line; the log keeps what a bug report needs (a failure outside a Flink
    // job, such as a catalog refusing a commit, is logged nowhere else).
    LOG.error("The command failed", e);
    if (e instanceof InvalidSpecException
        || e instanceof UnreadableSpecException
        || e instanceof InvalidQueryException) {
      // These name the file, line and column, or the statement's position, and the fix.
      err.println(e.getMessage());
      printStackTraceWhenDebugging(e, err);
      return INVALID_INPUT;
    }
    if (e instanceof ResetRefusedException
        || e instanceof WriterLeaseException
        || e.getClass() == UncheckedIOException.class) {
      // Our own messages (a refused reset, a run refused while another writes its tables, a data
      // directory that cannot be written), which name
      // the place and the fix; the innermost cause, often just a path, would not. Subclasses such
      // as Iceberg's RuntimeIOException take the general path below.
      err.println(e.getMessage());
      printStackTraceWhenDebugging(e, err);
      return FAILED;
    }
    Optional<FileSystemException> denied = deniedAccess(e);
    if (denied.isPresent()) {
      err.println(
          "Failed to write "
              + denied.get().getFile()
              + ": "
              + Optional.ofNullable(denied.get().getReason()).orElse("permission denied")
              + ". Make the data directory writable (chmod -R u+w DIR) or pass another"
              + " --data-dir; rerun with LAKEHOUSE_DEBUG=1 for the stack trace.");
      printStackTraceWhenDebugging(e, err);
      return FAILED;
    }
    Optional<String> permission = permissionProblem(e);
    if (permission.isPresent()) {
      err.println(
          "Failed: "
              + permission.get()
              + ". Make the data directory writable (chmod -R u+w DIR) or pass another"
              + " --data-dir; rerun with LAKEHOUSE_DEBUG=1 for the stack trace.");
      printStackTraceWhenDebugging(e, err);
      return FAILED;
    }
    err.println("Failed: " + rootMessage(e));
    err.println("(details in the log; rerun with LAKEHOUSE_DEBUG=1 for the stack trace)");
    printStackTraceWhenDebugging(e, err);
    return FAILED;
  }

  /** A file the command was not allowed to touch, anywhere in the chain of causes. */
  private static Optional<FileSystemException> deniedAccess(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AccessDeniedException denied && denied.getFile() != null) {
        return Optional.of(denied);
      }
      if (t instanceof FileSystemException fse
          && fse.getFile() != null
          && "Read-only file system".equals(fse.getReason())) {
        return Optional.of(fse);
      }
    }
    return Optional.empty();
  }

  /**
   * A permission problem worded by a library rather than thrown as an {@link
   * AccessDeniedException}: Hadoop's local file system says {@code /x/y (Permission denied)}.
   */
  private static Optional<String> permissionProblem(Throwable e) {
    String found = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && (message.contains("Permission denied") || message.contains("Read-only file system"))) {
        found = message.strip().lines().findFirst().orElse(message);
      }
    }
    return Optional.ofNullable(found);
  }

  private static void printStackTraceWhenDebugging(Exception e, PrintWriter err) {
    if (System.getenv("LAKEHOUSE_DEBUG") != null) {
      e.printStackTrace(err);
    }
  }

  /**
   * The message worth showing: a SQL validation error as Flink words it (it names line and column),
   * otherwise the innermost message, since Flink wraps job failures several times.
   */
  static String rootMessage(Throwable e) {
    String message = String.valueOf(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ValidationException || t instanceof SqlParserException) {
        return t.getMessage();
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }
}
