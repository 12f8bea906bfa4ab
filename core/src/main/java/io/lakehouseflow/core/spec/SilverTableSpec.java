package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A silver table: the cleaned form of one bronze table. Its column rules apply in this order, each
 * to the result of the one before: {@code renames}, {@code standardize} (text rules of string
 * columns), {@code casts}, {@code defaults}, {@code derive}; the expectations then see every column
 * so far; last, {@code drop} removes columns and {@code hash} replaces values by their salted
 * SHA-256, in both the silver and the quarantine table.
 *
 * @param name the table name ({@code silver.<name>})
 * @param source the source whose bronze table feeds it
 * @param renames bronze column name to silver column name
 * @param standardize silver column name (after renames) to the text rules of its string value
 * @param casts silver column name (after renames) to its silver type
 * @param castFormats silver column name to the format its text is read in, for casts of strings to
 *     {@code date}, {@code timestamp} and {@code timestamptz} written otherwise than ISO-8601
 * @param castActions silver column name to what its built-in {@code cast_<column>} rule does to a
 *     row whose value does not cast ({@code on_error}); a cast not named here quarantines
 * @param defaults silver column name to the value, as spec text, a NULL is replaced with
 * @param derived columns computed from the row, in spec order
 * @param expectations quality rules, evaluated on the row after {@code derived}
 * @param dropped columns left out of silver after the expectations
 * @param hashed columns whose values silver holds only as salted SHA-256 hex digests
 * @param keepAddedColumns whether the columns schema evolution added to bronze (not declared in the
 *     spec) pass into silver; by default they do
 * @param duplicateWindow how long after a row was ingested an exact copy of it (the same value in
 *     every silver data column) is dropped as a duplicate, which also bounds the state that
 *     remembers rows; null when duplicates are kept
 */
public record SilverTableSpec(
    String name,
    String source,
    Map<String, String> renames,
    Map<String, TextRules> standardize,
    Map<String, ColumnType> casts,
    Map<String, ColumnFormat> castFormats,
    Map<String, ExpectationAction> castActions,
    Map<String, String> defaults,
    List<DerivedColumn> derived,
    List<ExpectationSpec> expectations,
    List<String> dropped,
    List<String> hashed,
    boolean keepAddedColumns,
    Duration duplicateWindow)
    implements Serializable {

  public SilverTableSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    renames = Collections.unmodifiableMap(new LinkedHashMap<>(renames));
    standardize = Collections.unmodifiableMap(new LinkedHashMap<>(standardize));
    casts = Collections.unmodifiableMap(new LinkedHashMap<>(casts));
    castFormats = Collections.unmodifiableMap(new LinkedHashMap<>(castFormats));
    castActions = Collections.unmodifiableMap(new LinkedHashMap<>(castActions));
    defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    derived = List.copyOf(derived);
    expectations = List.copyOf(expectations);
    dropped = List.copyOf(dropped);
    hashed = List.copyOf(hashed);
    if (duplicateWindow != null && (duplicateWindow.isNegative() || duplicateWindow.isZero())) {
      throw new IllegalArgumentException("duplicateWindow must be positive: " + duplicateWindow);
    }
  }

  /** A silver table with renames, casts and expectations only. */
  public SilverTableSpec(
      String name,
      String source,
      Map<String, String> renames,
      Map<String, ColumnType> casts,
      List<ExpectationSpec> expectations) {
    this(
        name,
        source,
        renames,
        Map.of(),
        casts,
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        expectations,
        List.of(),
        List.of(),
        true,
        null);
  }

  /** What the built-in rule of cast column {@code column} does to a value that does not cast. */
  public ExpectationAction castAction(String column) {
    return castActions.getOrDefault(column, ExpectationAction.QUARANTINE);
  }

  /**
   * How long exact duplicates are looked for after a row was ingested; empty when they are kept.
   */
  public Optional<Duration> deduplication() {
    return Optional.ofNullable(duplicateWindow);
  }

  /**
   * The bronze columns this table reads: every column of the source, or only the declared ones when
   * {@code keepAddedColumns} is false.
   */
  public List<ColumnSpec> sourceColumns(SourceSpec sourceSpec) {
    return keepAddedColumns ? sourceSpec.columns() : sourceSpec.declaredColumns();
  }

  /** The source's columns, renamed, then cast, in source order; what casts and defaults act on. */
  public List<ColumnSpec> castColumns(SourceSpec sourceSpec) {
    List<ColumnSpec> out = new ArrayList<>();
    for (ColumnSpec c : sourceColumns(sourceSpec)) {
      String renamed = renames.getOrDefault(c.name(), c.name());
      out.add(new ColumnSpec(renamed, casts.getOrDefault(renamed, c.type())));
    }
    return List.copyOf(out);
  }

  /**
   * Every column the expectations see: {@link #castColumns} then the derived columns, before any is
   * dropped or hashed.
   */
  public List<ColumnSpec> ruleColumns(SourceSpec sourceSpec) {
    List<ColumnSpec> out = new ArrayList<>(castColumns(sourceSpec));
    derived.forEach(d -> out.add(new ColumnSpec(d.name(), d.type())));
    return List.copyOf(out);
  }

  /**
   * The silver data columns: {@link #ruleColumns} without the dropped ones, a hashed one as a
   * string (its digest).
   */
  public List<ColumnSpec> outputColumns(SourceSpec sourceSpec) {
    List<ColumnSpec> out = new ArrayList<>();
    for (ColumnSpec c : ruleColumns(sourceSpec)) {
      if (!dropped.contains(c.name())) {
        out.add(hashed.contains(c.name()) ? new ColumnSpec(c.name(), ColumnType.STRING) : c);
      }
    }
    return List.copyOf(out);
  }

  /** Whether any column rule beyond renames and casts is declared. */
  public boolean hasColumnRules() {
    return !standardize.isEmpty()
        || !defaults.isEmpty()
        || !derived.isEmpty()
        || !dropped.isEmpty()
        || !hashed.isEmpty();
  }
}
