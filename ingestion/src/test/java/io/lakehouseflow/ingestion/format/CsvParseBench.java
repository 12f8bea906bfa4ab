package io.lakehouseflow.ingestion.format;

import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import io.lakehouseflow.ingestion.discovery.LandingFile;
import io.lakehouseflow.ingestion.discovery.LandingFileNames;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.table.data.RowData;

/**
 * Parse speed of bronze's CSV reader: rows/s of one reader over a bookings-like file, through the
 * public {@link LandingBulkFormat} API only, so the same class measures any version of the reader.
 * Run by {@code bench/csv-parse.sh}; prints one line per run and the median.
 *
 * <p>Arguments: {@code [rows] [runs] [plain|gzip|quoted]}: {@code quoted} quotes every string field
 * and puts a line break into one in a hundred.
 */
public final class CsvParseBench {
  private static final SourceSpec BOOKINGS =
      PipelineSpecLoader.parse(
              """
              name: bench
              sources:
                bookings:
                  columns:
                    booking_id: bigint
                    customer_id: bigint
                    flight_id: bigint
                    booked_at: timestamp
                    seats: int
                    fare: string
                    currency: string
                    status: string
              """,
              "bench.yaml")
          .source("bookings");

  private CsvParseBench() {}

  public static void main(String[] args) throws IOException {
    long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 2_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String kind = args.length > 2 ? args[2] : "plain";
    Path dir = Files.createTempDirectory("csv-parse-bench-");
    try {
      Path file = dir.resolve("bookings/bookings" + (kind.equals("gzip") ? ".csv.gz" : ".csv"));
      Files.createDirectories(file.getParent());
      write(file, rows, kind);
      long bytes = Files.size(file);
      System.out.printf(
          Locale.ROOT, "file: %,d rows, %,d bytes (%s), %d runs%n", rows, bytes, kind, runs);
      LandingBulkFormat format =
          LandingBulkFormat.of(
              CsvRecordParser.of(BOOKINGS),
              LandingFileNames.of(dir.toString(), "landing"),
              LayerSchemas.bronze(BOOKINGS),
              Map.of());
      FileSourceSplit split =
          new FileSourceSplit(
              "0", new org.apache.flink.core.fs.Path(file.toUri()), 0, bytes, 0L, bytes);
      List<Double> rates = new ArrayList<>();
      for (int run = 0; run <= runs; run++) {
        long started = System.nanoTime();
        long read = readAll(format, split);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (read != rows) {
          throw new IllegalStateException("read " + read + " rows, expected " + rows);
        }
        // Run 0 warms the JIT and the page cache; it is printed but not counted.
        System.out.printf(
            Locale.ROOT,
            "run %d%s: %.2f s, %,.0f rows/s, %.1f MB/s%n",
            run,
            run == 0 ? " (warm-up)" : "",
            seconds,
            rows / seconds,
            bytes / seconds / 1e6);
        if (run > 0) {
          rates.add(rows / seconds);
        }
      }
      Collections.sort(rates);
      System.out.printf(Locale.ROOT, "median: %,.0f rows/s%n", rates.get(rates.size() / 2));
      // The conservation check's count splits the file into records without building values: the
      // share of the time that is finding records, not converting them.
      LandingFile whole = new LandingFile(split.path(), bytes, 0L, bytes);
      long started = System.nanoTime();
      long counted = format.countLines(whole, 0);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "countLines (records only, no values): %,d records in %.2f s, %,.0f records/s%n",
          counted,
          seconds,
          counted / seconds);
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long readAll(LandingBulkFormat format, FileSourceSplit split) throws IOException {
    long count = 0;
    try (BulkFormat.Reader<RowData> reader = format.createReader(new Configuration(), split)) {
      BulkFormat.RecordIterator<RowData> batch;
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<RowData> record;
        while ((record = batch.next()) != null) {
          if (record.getRecord().getArity() > 0) {
            count++;
          }
        }
        batch.releaseBatch();
      }
    }
    return count;
  }

  private static void write(Path file, long rows, String kind) throws IOException {
    Random random = new Random(42);
    boolean quoted = kind.equals("quoted");
    String[] statuses = {"CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED"};
    try (OutputStream out =
            kind.equals("gzip")
                ? new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)
                : Files.newOutputStream(file);
        Writer writer =
            new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
      writer.write("booking_id,customer_id,flight_id,booked_at,seats,fare,currency,status\n");
      StringBuilder line = new StringBuilder(128);
      for (long id = 1; id <= rows; id++) {
        line.setLength(0);
        String status = statuses[random.nextInt(statuses.length)];
        if (quoted && id % 100 == 0) {
          status = status + "\nsee \"\"note\"\"";
        }
        line.append(id)
            .append(',')
            .append(1 + random.nextInt(50_000))
            .append(',')
            .append(1 + random.nextInt(3_000))
            .append(",2024-")
            .append(
                String.format(
                    Locale.ROOT, "%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28)))
            .append('T')
            .append(
                String.format(
                    Locale.ROOT,
                    "%02d:%02d:%02d",
                    random.nextInt(24),
                    random.nextInt(60),
                    random.nextInt(60)))
            .append(',')
            .append(1 + random.nextInt(9))
            .append(',')
            .append(20 + random.nextInt(900))
            .append('.')
            .append(String.format(Locale.ROOT, "%02d", random.nextInt(100)))
            .append(',')
            .append(quoted ? "\"EUR\"" : "EUR")
            .append(',')
            .append(quoted ? "\"" + status + "\"" : status)
            .append('\n');
        writer.append(line);
      }
    }
  }
}
