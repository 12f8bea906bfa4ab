package io.lakehouseflow.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The figures every benchmark prints the same way: elapsed time, bytes on disk, peak memory. */
final class BenchFigures {
  private static final Path PROC_STATUS = Path.of("/proc/self/status");

  private BenchFigures() {}

  /** Seconds {@code action} took, wall clock. */
  static double timed(Action action) throws Exception {
    long start = System.nanoTime();
    action.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** The bytes of every regular file under {@code root}; 0 when it does not exist. */
  static long bytesUnder(Path root) throws IOException {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(BenchFigures::size).sum();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      // Deleted while walked (a job cleaning up): it no longer takes space.
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The peak resident memory of this process (Linux's {@code VmHWM}, such as {@code 2465120 kB}),
   * or {@code n/a} where {@code /proc/self/status} does not exist.
   */
  static String peakMemory() throws IOException {
    if (!Files.exists(PROC_STATUS)) {
      return "n/a";
    }
    return Files.readAllLines(PROC_STATUS).stream()
        .filter(l -> l.startsWith("VmHWM:"))
        .map(l -> mebibytes(l.substring("VmHWM:".length()).trim()))
        .findFirst()
        .orElse("n/a");
  }

  /** {@code 2465120 kB} as {@code 2407 MiB (2465120 kB)}: MiB are what people size heaps in. */
  private static String mebibytes(String kilobytes) {
    String[] parts = kilobytes.split("\\s+");
    if (parts.length != 2 || !parts[1].equals("kB")) {
      return kilobytes;
    }
    return Long.parseLong(parts[0]) / 1024 + " MiB (" + kilobytes + ")";
  }

  /** Work that is timed. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }
}
