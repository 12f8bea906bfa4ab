package io.lakehouseflow.deploy;

import io.lakehouseflow.sampledata.AtomicLanding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Booking files a test lands while a pipeline runs, written as a producer must write them: under a
 * hidden name, then renamed. Each line is made valid, quarantined ({@code seats = 0} fails {@code
 * seats_in_range}) or malformed (two fields) on purpose, so what every layer must hold follows from
 * the counts kept here. Booking ids start far above the generator's, so no landed booking competes
 * with a generated one for a fact row.
 */
final class LandedBookings {
  private static final String HEADER =
      "booking_id,customer_id,flight_id,booked_at,seats,fare,currency,status";
  private static final long FIRST_ID = 800_000_000L;

  private final Path directory;
  private final Random random;
  private int files;
  private int lines;
  private int valid;
  private int quarantined;
  private int malformed;

  /** Lands into {@code <landingRoot>/bookings}; {@code random} decides every line's fate. */
  LandedBookings(Path landingRoot, Random random) {
    this.directory = landingRoot.resolve("bookings");
    this.random = random;
  }

  /** Writes one more file of {@code count} lines and returns it once it is visible. */
  Path land(int count) throws IOException {
    files++;
    String name = String.format("bookings-landed-%04d.csv", files);
    List<String> text = new ArrayList<>(List.of(HEADER));
    for (int i = 0; i < count; i++) {
      long id = FIRST_ID + lines + i;
      int fate = random.nextInt(20);
      if (fate == 0) {
        text.add(id + ",not-a-booking");
        malformed++;
      } else {
        boolean fails = fate <= 3;
        text.add(
            String.join(
                ",",
                String.valueOf(id),
                "1",
                "1",
                "2024-06-01T10:" + String.format("%02d", i % 60) + ":00",
                fails ? "0" : String.valueOf(1 + random.nextInt(9)),
                (10 + random.nextInt(900)) + ".50",
                "EUR",
                "CONFIRMED"));
        if (fails) {
          quarantined++;
        } else {
          valid++;
        }
      }
    }
    lines += count;
    return AtomicLanding.write(directory, name, String.join("\n", text) + "\n");
  }

  int files() {
    return files;
  }

  /** Data lines landed, headers excluded. */
  int lines() {
    return lines;
  }

  /** Landed bookings that pass every expectation: rows of silver.bookings and the fact. */
  int valid() {
    return valid;
  }

  /** Landed bookings that parse but fail {@code seats_in_range}. */
  int quarantined() {
    return quarantined;
  }

  /** Landed lines that do not parse: corrupt records in bronze, then in the quarantine. */
  int malformed() {
    return malformed;
  }
}
