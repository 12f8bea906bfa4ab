package io.lakehouseflow.transforms.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.flink.types.Row;

/**
 * The identity of a row's values: a SHA-256 of its first {@code columns} fields, the silver data
 * columns, which both the silver query's rows and the silver table's rows begin with. Two rows have
 * the same digest when every one of those fields is equal (NULL equal to NULL), so it keys exact
 * duplicates without holding whole rows in state.
 */
public final class RowDigest {
  private RowDigest() {}

  /** The hex digest of fields {@code 0 .. columns - 1} of {@code row}. */
  public static String of(Row row, int columns) {
    MessageDigest sha256 = sha256();
    for (int i = 0; i < columns; i++) {
      Object value = row.getField(i);
      if (value == null) {
        sha256.update((byte) 0);
        continue;
      }
      // A length prefix per field, so ("ab", "c") and ("a", "bc") differ; the class name, so a
      // string "1" and a number 1 in a column of changed type differ.
      byte[] text =
          (value.getClass().getName() + ':' + text(value)).getBytes(StandardCharsets.UTF_8);
      sha256.update((byte) 1);
      sha256.update(intBytes(text.length));
      sha256.update(text);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static String text(Object value) {
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    // Decimals of one column share a scale; times and dates print in ISO-8601; both are exact.
    return value.toString();
  }

  private static byte[] intBytes(int value) {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This Java runtime has no SHA-256", e);
    }
  }
}
