package io.lakehouseflow.modeling.key;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The surrogate key of a dimension row: the first 63 bits of a SHA-256 digest over a typed,
 * length-prefixed encoding of the natural key values (and, for SCD type 2, the version's {@code
 * valid_from}). Deterministic across JVMs and runs, so a fact computes the key of the version it
 * references without reading the dimension table. Always {@code >= 0}, so it never equals {@link
 * #UNKNOWN}.
 *
 * <p>Integral values hash by value whatever their width ({@code INT 7} equals {@code BIGINT 7}), so
 * a fact column declared narrower than the dimension key still finds its row.
 */
public final class SurrogateKey {

  /** The key of facts whose dimension reference matches no row ("unknown member"). */
  public static final long UNKNOWN = -1L;

  private static final byte NULL = 0;
  private static final byte INTEGRAL = 1;
  private static final byte STRING = 2;
  private static final byte TIMESTAMP = 3;
  private static final byte DECIMAL = 4;
  private static final byte FLOATING = 5;
  private static final byte BOOLEAN = 6;
  private static final byte DATE = 7;
  private static final byte INSTANT = 8;

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(SurrogateKey::newDigest);

  private SurrogateKey() {}

  /**
   * The key of the given values, in order. Supported value types are those Flink SQL hands a
   * function for the spec's column types: integral numbers, {@link String}, {@link LocalDateTime},
   * {@link LocalDate}, {@link Instant}, {@link BigDecimal}, {@link Double}/{@link Float}, {@link
   * Boolean}, and {@code null}.
   *
   * @throws IllegalArgumentException for a value of another type
   */
  public static long of(Object... values) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    for (Object value : values) {
      digest.update(encode(value));
    }
    return ByteBuffer.wrap(digest.digest()).getLong() & Long.MAX_VALUE;
  }

  private static byte[] encode(Object value) {
    if (value == null) {
      return new byte[] {NULL};
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return ByteBuffer.allocate(9).put(INTEGRAL).putLong(((Number) value).longValue()).array();
    }
    if (value instanceof String s) {
      return text(STRING, s);
    }
    if (value instanceof LocalDateTime t) {
      return instant(TIMESTAMP, t.toEpochSecond(ZoneOffset.UTC), t.getNano());
    }
    if (value instanceof Instant t) {
      return instant(INSTANT, t.getEpochSecond(), t.getNano());
    }
    if (value instanceof LocalDate d) {
      return ByteBuffer.allocate(9).put(DATE).putLong(d.toEpochDay()).array();
    }
    if (value instanceof BigDecimal d) {
      // 1.50 and 1.5 are the same key value whatever the declared scale.
      return text(DECIMAL, d.stripTrailingZeros().toPlainString());
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return ByteBuffer.allocate(9).put(FLOATING).putLong(Double.doubleToLongBits(d)).array();
    }
    if (value instanceof Boolean b) {
      return new byte[] {BOOLEAN, (byte) (b ? 1 : 0)};
    }
    throw new IllegalArgumentException(
        "Cannot compute a surrogate key over a value of type "
            + value.getClass().getName()
            + ": supported are integral numbers, string, timestamp, date, timestamp_ltz, decimal,"
            + " double and boolean. Use key columns of those types.");
  }

  private static byte[] text(byte tag, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(5 + bytes.length).put(tag).putInt(bytes.length).put(bytes).array();
  }

  private static byte[] instant(byte tag, long epochSecond, int nano) {
    return ByteBuffer.allocate(13).put(tag).putLong(epochSecond).putInt(nano).array();
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "Failed to create SHA-256 digest: every JVM must provide it", e);
    }
  }
}
