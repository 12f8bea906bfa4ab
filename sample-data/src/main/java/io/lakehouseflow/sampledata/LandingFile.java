package io.lakehouseflow.sampledata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One generated CSV file of a source, as lines of fields, before it is written under {@code
 * <landing>/<source>/}.
 *
 * @param source the source name, also the landing sub-directory
 * @param fileName the file name, for example {@code customers-0002.csv}
 * @param lines the data lines, in file order (the header is not one of them)
 */
public record LandingFile(String source, String fileName, List<Line> lines) {
  /** LF endings: line-based readers would otherwise keep a CR in the last field. */
  public static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

  public LandingFile {
    lines = List.copyOf(lines);
  }

  /**
   * A data line: CSV fields, or raw text written as is for lines that are not valid CSV (such as an
   * unterminated quote).
   */
  public record Line(List<String> fields, String raw) {
    public static Line of(List<String> fields) {
      return new Line(List.copyOf(fields), null);
    }

    public static Line raw(String text) {
      return new Line(null, text);
    }

    public boolean isRaw() {
      return raw != null;
    }
  }

  /**
   * Writes the file with a header line. It is written under a hidden name and then moved into
   * place, so a reader watching the directory never sees half a file.
   */
  public Path writeTo(Path landingRoot, List<String> header) {
    Path directory = landingRoot.resolve(source);
    Path target = directory.resolve(fileName);
    Path hidden = directory.resolve("." + fileName + ".tmp");
    try {
      Files.createDirectories(directory);
      try (Writer writer = Files.newBufferedWriter(hidden, StandardCharsets.UTF_8);
          CSVPrinter printer = new CSVPrinter(writer, FORMAT)) {
        printer.printRecord(header);
        for (Line line : lines) {
          if (line.isRaw()) {
            printer.flush();
            writer.write(line.raw());
            writer.write('\n');
          } else {
            printer.printRecord(line.fields());
          }
        }
      }
      return Files.move(
          hidden, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Failed to write landing file " + target + ": " + e.getMessage(), e);
    }
  }
}
