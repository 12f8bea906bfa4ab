package io.lakehouseflow.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * A short name for what defines a job's operators: the SQL the planner turns into operators, the
 * operators with uids of their own, and the row types flowing into them. Flink SQL derives operator
 * ids from the plan, so state may be restored only onto the plan that wrote it; a job keeps its
 * checkpoints under a directory named by this fingerprint (see {@link JobEnvironment}).
 *
 * <p>Only what shapes operators and their state goes in. Table option hints ({@code /*+
 * OPTIONS('k'='v') *}{@code /}) count by their keys alone: their values tune one run (a poll
 * interval, the snapshot a scan starts at), and a restored source continues from its state, not
 * from them. Column descriptions do not count either.
 */
public final class PlanFingerprint {
  private static final int BYTES = 6;

  private static final String LITERAL = "'(?:[^']|'')*'";
  private static final Pattern HINT =
      Pattern.compile("/\\*\\+((?:" + LITERAL + "|[^'*]|\\*(?!/))*)\\*/");
  private static final Pattern OPTIONS =
      Pattern.compile("\\bOPTIONS\\s*\\(((?:" + LITERAL + "|[^')])*)\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern OPTION = Pattern.compile("(" + LITERAL + ")\\s*=\\s*" + LITERAL);

  private final String hex;

  private PlanFingerprint(String hex) {
    this.hex = hex;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The fingerprint as 12 lower-case hex digits. */
  public String hex() {
    return hex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlanFingerprint other && hex.equals(other.hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  @Override
  public String toString() {
    return hex;
  }

  /** {@code sql} with the values of its table option hints left out, their keys kept. */
  static String withoutOptionValues(String sql) {
    return HINT.matcher(sql)
        .replaceAll(
            hint ->
                Matcher.quoteReplacement(
                    "/*+"
                        + OPTIONS
                            .matcher(hint.group(1))
                            .replaceAll(
                                options ->
                                    Matcher.quoteReplacement(
                                        "OPTIONS("
                                            + OPTION.matcher(options.group(1)).replaceAll("$1")
                                            + ")"))
                        + "*/"));
  }

  /** Collects the parts of a plan in the order the job builds them; order counts. */
  public static final class Builder {
    private final StringBuilder text = new StringBuilder();

    private Builder() {}

    /** A statement the SQL planner turns into operators. */
    public Builder sql(String statement) {
      return add("sql", withoutOptionValues(Objects.requireNonNull(statement, "statement")));
    }

    /** An operator with a uid of its own and the row type it reads. */
    public Builder operator(String uid, RowType inputType) {
      return operator(uid, describe(inputType));
    }

    /** An operator with a uid of its own and what it reads, e.g. the query whose rows it gets. */
    public Builder operator(String uid, String input) {
      return add("operator " + Objects.requireNonNull(uid, "uid"), input);
    }

    /** A table the plan reads or writes, with its columns. */
    public Builder table(TableIdentifier id, Schema schema) {
      return table(id, schema, List.of());
    }

    /**
     * A table the plan reads or writes, with its columns and primary key: an upsert sink's key
     * decides which keyed state the planner adds in front of it.
     */
    public Builder table(TableIdentifier id, Schema schema, Collection<String> primaryKey) {
      String key = primaryKey.isEmpty() ? "" : " PRIMARY KEY " + List.copyOf(primaryKey);
      return add("table " + id, describe(FlinkSchemaUtil.convert(schema)) + key);
    }

    public PlanFingerprint build() {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return new PlanFingerprint(HexFormat.of().formatHex(digest, 0, BYTES));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Failed to fingerprint a plan: SHA-256 is missing", e);
      }
    }

    private Builder add(String kind, String value) {
      // Lengths make the text unambiguous whatever the parts contain.
      text.append(kind.length()).append(':').append(kind);
      text.append(value.length()).append(':').append(value).append('\n');
      return this;
    }

    private static String describe(RowType rowType) {
      return withoutDescriptions(rowType).asSerializableString();
    }

    private static LogicalType withoutDescriptions(LogicalType type) {
      if (!(type instanceof RowType row)) {
        return type;
      }
      return new RowType(
          row.isNullable(),
          row.getFields().stream()
              .map(f -> new RowType.RowField(f.getName(), withoutDescriptions(f.getType())))
              .toList());
    }
  }
}
