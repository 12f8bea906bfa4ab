package io.lakehouseflow.transforms.expectation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * The salted SHA-256 of a value, as lowercase hex: what silver keeps of a column the spec hashes
 * ({@code hash: [email]}). Equal values give equal digests, so hashed columns still join and count,
 * while the value cannot be read back without the salt, which comes from the environment ({@link
 * #SALT_VARIABLE}) and never from the spec.
 */
public final class PiiHash extends ScalarFunction {
  /** The environment variable holding the salt. */
  public static final String SALT_VARIABLE = "LAKEHOUSE_PII_SALT";

  private final byte[] salt;
  private transient MessageDigest sha256;

  public PiiHash(String salt) {
    this.salt = Objects.requireNonNull(salt, "salt").getBytes(StandardCharsets.UTF_8);
  }

  /** The digest of {@code value}; NULL stays NULL. */
  public String eval(String value) {
    if (value == null) {
      return null;
    }
    MessageDigest digest = digest();
    digest.update(salt);
    return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  private MessageDigest digest() {
    if (sha256 == null) {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("This Java runtime lacks SHA-256, which Java requires", e);
      }
    }
    return sha256;
  }
}
