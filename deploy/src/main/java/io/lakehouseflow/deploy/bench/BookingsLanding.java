package io.lakehouseflow.deploy.bench;

import io.lakehouseflow.core.spec.SourceFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes bookings landing files for the ingest benchmark, shaped like the side-by-side benchmark's
 * input ({@code shared/bench/bookings.yaml}): a header, then {@code booking_id, customer_id,
 * flight_id, booked_at, fare, currency, status, seat_class, channel}, {@code booked_at} an ISO-8601
 * UTC time with milliseconds and {@code Z}. As JSON Lines, the same bookings are one object per
 * line with the same field names, ids and fare as JSON numbers, the rest as strings. The same seed
 * gives the same bytes: each file draws from its own random stream, so a file's content does not
 * depend on how many files come before it.
 */
final class BookingsLanding {
  /** The columns in file order, with the types the benchmark's spec declares. */
  static final String COLUMNS =
      "{booking_id: bigint, customer_id: bigint, flight_id: string, booked_at: timestamp,"
          + " fare: \"decimal(10,2)\", currency: string, status: string, seat_class: string,"
          + " channel: string}";

  static final String HEADER =
      "booking_id,customer_id,flight_id,booked_at,fare,currency,status,seat_class,channel";

  private static final String[] CARRIERS = {"LH", "BA", "AF", "KL", "LX", "OS", "SK", "IB"};
  private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF", "SEK"};
  private static final String[] STATUSES = {"CONFIRMED", "TICKETED", "PENDING", "CANCELLED"};
  private static final String[] SEAT_CLASSES = {"ECONOMY", "PREMIUM_ECONOMY", "BUSINESS", "FIRST"};
  private static final String[] CHANNELS = {"WEB", "MOBILE_APP", "TRAVEL_AGENT", "CALL_CENTER"};
  private static final long START =
      LocalDateTime.of(2026, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long YEAR_MILLIS = 365L * 86_400_000L;

  private BookingsLanding() {}

  /**
   * Writes {@code rows} bookings into {@code files} files {@code bookings-00000.csv}, ... under
   * {@code directory} (created if missing), the rows spread evenly, booking ids from 1; in {@code
   * format}: CSV files {@code .csv} with a header, JSON Lines files {@code .jsonl}, or Parquet
   * files {@code .parquet} ({@link #writeParquet}).
   *
   * @return the bytes written
   */
  static long write(Path directory, long rows, int files, long seed, SourceFormat format)
      throws IOException {
    if (format == SourceFormat.PARQUET) {
      return writeParquet(directory, rows, files, seed);
    }
    boolean json = format == SourceFormat.JSON;
    Files.createDirectories(directory);
    long bytes = 0;
    long nextId = 1;
    StringBuilder line = new StringBuilder(160);
    for (int f = 0; f < files; f++) {
      long count = rows / files + (f < rows % files ? 1 : 0);
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + f);
      Path file =
          directory.resolve(
              String.format(Locale.ROOT, "bookings-%05d.%s", f, json ? "jsonl" : "csv"));
      try (BufferedWriter out =
          new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
        if (!json) {
          out.write(HEADER);
          out.write('\n');
        }
        for (long i = 0; i < count; i++) {
          line.setLength(0);
          booking(line, nextId++, random, json);
          out.append(line);
        }
      }
      bytes += Files.size(file);
    }
    return bytes;
  }

  /** The Parquet schema of the bookings: typed as the spec declares them. */
  private static final MessageType PARQUET_SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message bookings {
            required int64 booking_id;
            required int64 customer_id;
            required binary flight_id (STRING);
            required int64 booked_at (TIMESTAMP(MILLIS, false));
            required int64 fare (DECIMAL(10, 2));
            required binary currency (STRING);
            required binary status (STRING);
            required binary seat_class (STRING);
            required binary channel (STRING);
          }
          """);

  /**
   * The same bookings as Parquet files {@code bookings-00000.parquet}, ..., typed (ids as int64,
   * {@code booked_at} a timestamp in milliseconds, {@code fare} a decimal), snappy-compressed, with
   * Parquet's default row groups; each written under a hidden name and renamed, as a landing
   * directory's watchers expect.
   */
  private static long writeParquet(Path directory, long rows, int files, long seed)
      throws IOException {
    Files.createDirectories(directory);
    SimpleGroupFactory groups = new SimpleGroupFactory(PARQUET_SCHEMA);
    long bytes = 0;
    long nextId = 1;
    StringBuilder line = new StringBuilder(160);
    for (int f = 0; f < files; f++) {
      long count = rows / files + (f < rows % files ? 1 : 0);
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + f);
      Path file = directory.resolve(String.format(Locale.ROOT, "bookings-%05d.parquet", f));
      Path hidden = directory.resolve("." + file.getFileName() + ".inprogress");
      try (ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(new LocalOutputFile(hidden))
              .withType(PARQUET_SCHEMA)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .build()) {
        for (long i = 0; i < count; i++) {
          line.setLength(0);
          booking(line, nextId++, random, false);
          writer.write(parquetRow(groups, line));
        }
      }
      Files.move(hidden, file);
      bytes += Files.size(file);
    }
    return bytes;
  }

  /** The CSV line's values as a typed Parquet row: the same booking in both formats. */
  private static Group parquetRow(SimpleGroupFactory groups, StringBuilder line) {
    String[] v = line.substring(0, line.length() - 1).split(",", -1);
    Group row = groups.newGroup();
    row.add("booking_id", Long.parseLong(v[0]));
    row.add("customer_id", Long.parseLong(v[1]));
    row.add("flight_id", v[2]);
    row.add("booked_at", Instant.parse(v[3]).toEpochMilli());
    row.add("fare", new BigDecimal(v[4]).movePointRight(2).longValueExact());
    row.add("currency", v[5]);
    row.add("status", v[6]);
    row.add("seat_class", v[7]);
    row.add("channel", v[8]);
    return row;
  }

  /**
   * One booking line, {@code \n} included, as CSV or as a JSON object; the values drawn, and so the
   * bookings, are the same.
   */
  static void booking(StringBuilder line, long id, SplittableRandom random, boolean json) {
    LocalDateTime booked =
        LocalDateTime.ofEpochSecond(START, 0, ZoneOffset.UTC)
            .plusNanos(random.nextLong(YEAR_MILLIS) * 1_000_000L);
    LocalDateTime departs = booked.plusDays(1 + random.nextInt(180));
    long cents = 1_500 + random.nextInt(450_000);
    Fields fields = new Fields(line, json);
    fields.start();
    fields.name("booking_id").append(id);
    fields.next("customer_id").append(100_000 + random.nextInt(900_000));
    fields.next("flight_id");
    fields.quote();
    line.append(pick(CARRIERS, random))
        .append(100 + random.nextInt(9_900))
        .append('-')
        .append(departs.getYear());
    twoDigits(line, departs.getMonthValue());
    twoDigits(line, departs.getDayOfMonth());
    fields.quote();
    fields.next("booked_at");
    fields.quote();
    line.append(booked.getYear()).append('-');
    twoDigits(line, booked.getMonthValue());
    line.append('-');
    twoDigits(line, booked.getDayOfMonth());
    line.append('T');
    twoDigits(line, booked.getHour());
    line.append(':');
    twoDigits(line, booked.getMinute());
    line.append(':');
    twoDigits(line, booked.getSecond());
    int millis = booked.getNano() / 1_000_000;
    line.append('.').append(millis < 100 ? "0" : "").append(millis < 10 ? "0" : "").append(millis);
    line.append('Z');
    fields.quote();
    fields.next("fare").append(cents / 100).append('.');
    twoDigits(line, (int) (cents % 100));
    fields.next("currency");
    fields.string(pick(CURRENCIES, random));
    fields.next("status");
    fields.string(pick(STATUSES, random));
    fields.next("seat_class");
    fields.string(pick(SEAT_CLASSES, random));
    fields.next("channel");
    fields.string(pick(CHANNELS, random));
    fields.end();
  }

  /**
   * Writes one line's fields as CSV ({@code 1,LH,...}) or as a JSON object ({@code
   * {"booking_id":1,...}}). The generated values need no escaping in either.
   */
  private record Fields(StringBuilder line, boolean json) {
    void start() {
      if (json) {
        line.append('{');
      }
    }

    StringBuilder name(String name) {
      if (json) {
        line.append('"').append(name).append("\":");
      }
      return line;
    }

    StringBuilder next(String name) {
      line.append(',');
      return name(name);
    }

    void quote() {
      if (json) {
        line.append('"');
      }
    }

    void string(String value) {
      quote();
      line.append(value);
      quote();
    }

    void end() {
      line.append(json ? "}\n" : "\n");
    }
  }

  private static String pick(String[] values, SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }

  private static void twoDigits(StringBuilder line, int value) {
    line.append(value < 10 ? "0" : "").append(value);
  }
}
