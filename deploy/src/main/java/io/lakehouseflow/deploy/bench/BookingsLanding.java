package io.lakehouseflow.deploy.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes bookings landing files for the ingest benchmark, shaped like the side-by-side benchmark's
 * input ({@code shared/bench/bookings.yaml}): a header, then {@code booking_id, customer_id,
 * flight_id, booked_at, fare, currency, status, seat_class, channel}, {@code booked_at} an ISO-8601
 * UTC time with milliseconds and {@code Z}. The same seed gives the same bytes: each file draws
 * from its own random stream, so a file's content does not depend on how many files come before it.
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
   * {@code directory} (created if missing), the rows spread evenly, booking ids from 1.
   *
   * @return the bytes written
   */
  static long write(Path directory, long rows, int files, long seed) throws IOException {
    Files.createDirectories(directory);
    long bytes = 0;
    long nextId = 1;
    StringBuilder line = new StringBuilder(160);
    for (int f = 0; f < files; f++) {
      long count = rows / files + (f < rows % files ? 1 : 0);
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + f);
      Path file = directory.resolve(String.format(Locale.ROOT, "bookings-%05d.csv", f));
      try (BufferedWriter out =
          new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
        out.write(HEADER);
        out.write('\n');
        for (long i = 0; i < count; i++) {
          line.setLength(0);
          booking(line, nextId++, random);
          out.append(line);
        }
      }
      bytes += Files.size(file);
    }
    return bytes;
  }

  /** One booking line, {@code \n} included. */
  static void booking(StringBuilder line, long id, SplittableRandom random) {
    LocalDateTime booked =
        LocalDateTime.ofEpochSecond(START, 0, ZoneOffset.UTC)
            .plusNanos(random.nextLong(YEAR_MILLIS) * 1_000_000L);
    LocalDateTime departs = booked.plusDays(1 + random.nextInt(180));
    long cents = 1_500 + random.nextInt(450_000);
    line.append(id)
        .append(',')
        .append(100_000 + random.nextInt(900_000))
        .append(',')
        .append(pick(CARRIERS, random))
        .append(100 + random.nextInt(9_900))
        .append('-')
        .append(departs.getYear());
    twoDigits(line, departs.getMonthValue());
    twoDigits(line, departs.getDayOfMonth());
    line.append(',').append(booked.getYear()).append('-');
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
    line.append("Z,").append(cents / 100).append('.');
    twoDigits(line, (int) (cents % 100));
    line.append(',')
        .append(pick(CURRENCIES, random))
        .append(',')
        .append(pick(STATUSES, random))
        .append(',')
        .append(pick(SEAT_CLASSES, random))
        .append(',')
        .append(pick(CHANNELS, random))
        .append('\n');
  }

  private static String pick(String[] values, SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }

  private static void twoDigits(StringBuilder line, int value) {
    line.append(value < 10 ? "0" : "").append(value);
  }
}
