package io.lakehouseflow.modeling.reference;

import io.lakehouseflow.core.catalog.MetadataColumns;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.layer.LayerSchema;
import io.lakehouseflow.core.layer.LayerSchemas;
import io.lakehouseflow.core.spec.ChangeOperation;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.DeletePolicy;
import io.lakehouseflow.core.spec.DimensionReference;
import io.lakehouseflow.core.spec.DimensionSpec;
import io.lakehouseflow.core.spec.FactSpec;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.ScdType;
import io.lakehouseflow.modeling.key.SurrogateKey;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The expected rows of every gold table of a spec, computed in memory in one batch pass over all
 * silver rows, written from the gold semantics alone (not from the gold job): the oracle the gold
 * job is checked against. Plain loops over plain collections, for obviousness rather than speed.
 */
public final class GoldReference {

  /** The total tie-break: greatest {@code _source_file}, then greatest {@code _record_number}. */
  static final Comparator<SilverRow> LANDING_ORDER =
      Comparator.comparing(SilverRow::sourceFile).thenComparingLong(SilverRow::recordNumber);

  private final PipelineSpec spec;
  private final Map<String, List<SilverRow>> silver;

  /** Per SCD2 dimension: the versions of each natural key (key as {@link #byValue}). */
  private final Map<String, Map<List<Object>, List<Version>>> versions = new HashMap<>();

  /** Per SCD1 dimension: the natural keys (as {@link #byValue}) that have a row. */
  private final Map<String, Set<List<Object>>> members = new HashMap<>();

  private GoldReference(PipelineSpec spec, Map<String, List<SilverRow>> silver) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.silver = Map.copyOf(silver);
  }

  /**
   * The rows of every gold table of {@code spec} (each {@code gold.dim_<name>}, {@code
   * gold.fact_<name>} and, when the spec has facts, {@code gold.dim_date}), each row as its values
   * in the table's column order, given every row of every silver table (a table left out is empty).
   */
  public static Map<TableIdentifier, List<List<Object>>> expectedGold(
      PipelineSpec spec, Map<String, List<SilverRow>> silver) {
    return new GoldReference(spec, silver).compute();
  }

  private Map<TableIdentifier, List<List<Object>>> compute() {
    Map<TableIdentifier, List<List<Object>>> gold = new LinkedHashMap<>();
    for (DimensionSpec dimension : spec.dimensions().values()) {
      List<Map<String, Object>> rows =
          dimension.scd() == ScdType.TYPE_2 ? scd2(dimension) : scd1(dimension);
      gold.put(
          TableNames.dimension(dimension.name()),
          project(LayerSchemas.dimension(spec, dimension), rows));
    }
    Set<Integer> dateKeys = new TreeSet<>();
    for (FactSpec fact : spec.facts().values()) {
      List<Map<String, Object>> rows = fact(fact);
      for (Map<String, Object> row : rows) {
        int dateKey = (Integer) row.get(MetadataColumns.DATE_SK);
        if (dateKey != -1) {
          dateKeys.add(dateKey);
        }
      }
      gold.put(TableNames.fact(fact.name()), project(LayerSchemas.fact(spec, fact), rows));
    }
    if (!spec.facts().isEmpty()) {
      List<Map<String, Object>> days = dateKeys.stream().map(GoldReference::day).toList();
      gold.put(
          TableNames.dimension(LayerSchemas.DATE_DIMENSION),
          project(LayerSchemas.dateDimension(), days));
    }
    return gold;
  }

  // ---- dimensions ----

  /** One distinct change of a natural key: the winning row of one sequence value. */
  private record Change(Object sequence, SilverRow row, boolean delete) {}

  /**
   * One SCD2 version; {@code latest} is the last change absorbed into it (or the opening one). Its
   * bounds are the sequence values as gold's timestamps hold them ({@link #asTimestamp}).
   */
  private record Version(
      List<Object> key,
      LocalDateTime validFrom,
      LocalDateTime validTo,
      boolean deleted,
      SilverRow opening,
      SilverRow latest) {}

  /**
   * The distinct changes of each natural key of a dimension, ascending by sequence value: rows with
   * a NULL key column or NULL sequence are ignored, and of the rows sharing a key and a sequence
   * value the last in landing order wins.
   */
  private Map<List<Object>, List<Change>> distinctChanges(DimensionSpec dimension) {
    SilverTable table = table(dimension.source());
    Map<List<Object>, TreeMap<Object, SilverRow>> byKey = new LinkedHashMap<>();
    for (SilverRow row : table.rows()) {
      List<Object> key = table.values(row, dimension.key());
      Object sequence = table.value(row, dimension.sequenceBy());
      if (key.contains(null) || sequence == null) {
        continue;
      }
      TreeMap<Object, SilverRow> bySequence =
          byKey.computeIfAbsent(key, k -> new TreeMap<>(GoldReference::compare));
      SilverRow previous = bySequence.get(sequence);
      if (previous == null || LANDING_ORDER.compare(row, previous) > 0) {
        bySequence.put(sequence, row);
      }
    }
    Map<List<Object>, List<Change>> changes = new LinkedHashMap<>();
    byKey.forEach(
        (key, bySequence) -> {
          List<Change> list = new ArrayList<>();
          bySequence.forEach(
              (sequence, row) -> list.add(new Change(sequence, row, table.isDelete(row))));
          changes.put(key, list);
        });
    return changes;
  }

  private List<Map<String, Object>> scd2(DimensionSpec dimension) {
    SilverTable table = table(dimension.source());
    Map<List<Object>, List<Version>> lookup = new HashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    distinctChanges(dimension)
        .forEach(
            (key, changes) -> {
              List<Version> keyVersions = walk(dimension, table, key, changes);
              lookup.put(byValue(key), keyVersions);
              for (Version version : keyVersions) {
                rows.add(scd2Row(dimension, table, version));
              }
            });
    versions.put(dimension.name(), lookup);
    return rows;
  }

  /** The SCD2 walk over one key's distinct changes, in ascending sequence order. */
  private static List<Version> walk(
      DimensionSpec dimension, SilverTable table, List<Object> key, List<Change> changes) {
    List<Version> closed = new ArrayList<>();
    SilverRow opening = null; // null: no version is open
    SilverRow latest = null;
    LocalDateTime openedAt = null;
    for (Change change : changes) {
      LocalDateTime at = asTimestamp(change.sequence());
      if (change.delete()) {
        if (opening != null) {
          closed.add(new Version(key, openedAt, at, true, opening, latest));
          opening = null;
          latest = null;
          openedAt = null;
        }
        // A delete with no open version is ignored.
      } else if (opening == null) {
        opening = change.row();
        latest = change.row();
        openedAt = at;
      } else if (!sameValues(
          table.values(opening, dimension.tracked()),
          table.values(change.row(), dimension.tracked()))) {
        closed.add(new Version(key, openedAt, at, false, opening, latest));
        opening = change.row();
        latest = change.row();
        openedAt = at;
      } else {
        latest = change.row(); // absorbed: untracked attributes follow it
      }
    }
    if (opening != null) {
      closed.add(new Version(key, openedAt, null, false, opening, latest));
    }
    return closed;
  }

  private static Map<String, Object> scd2Row(
      DimensionSpec dimension, SilverTable table, Version version) {
    Map<String, Object> row = new HashMap<>();
    List<Object> skValues = new ArrayList<>(version.key());
    skValues.add(version.validFrom());
    row.put(dimension.surrogateKey(), SurrogateKey.of(skValues.toArray()));
    for (int i = 0; i < dimension.key().size(); i++) {
      row.put(dimension.key().get(i), version.key().get(i));
    }
    for (String attribute : dimension.attributes()) {
      SilverRow from =
          dimension.tracked().contains(attribute) ? version.opening() : version.latest();
      row.put(attribute, table.value(from, attribute));
    }
    row.put(MetadataColumns.VALID_FROM, version.validFrom());
    row.put(MetadataColumns.VALID_TO, version.validTo());
    row.put(MetadataColumns.IS_CURRENT, version.validTo() == null);
    row.put(MetadataColumns.IS_DELETED, version.deleted());
    return row;
  }

  private List<Map<String, Object>> scd1(DimensionSpec dimension) {
    SilverTable table = table(dimension.source());
    Set<List<Object>> present = new HashSet<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    distinctChanges(dimension)
        .forEach(
            (key, changes) -> {
              Change latest = changes.get(changes.size() - 1);
              Optional<Change> shown = Optional.empty();
              boolean deleted = false;
              if (!latest.delete()) {
                shown = Optional.of(latest);
              } else if (dimension.onDelete() == DeletePolicy.MARK) {
                deleted = true;
                for (int i = changes.size() - 2; i >= 0 && shown.isEmpty(); i--) {
                  if (!changes.get(i).delete()) {
                    shown = Optional.of(changes.get(i));
                  }
                }
              }
              if (shown.isPresent()) {
                present.add(byValue(key));
                Map<String, Object> row = new HashMap<>();
                row.put(dimension.surrogateKey(), SurrogateKey.of(key.toArray()));
                for (int i = 0; i < dimension.key().size(); i++) {
                  row.put(dimension.key().get(i), key.get(i));
                }
                for (String attribute : dimension.attributes()) {
                  row.put(attribute, table.value(shown.get().row(), attribute));
                }
                row.put(dimension.sequenceBy(), shown.get().sequence());
                row.put(MetadataColumns.IS_DELETED, deleted);
                rows.add(row);
              }
            });
    members.put(dimension.name(), present);
    return rows;
  }

  // ---- facts ----

  private List<Map<String, Object>> fact(FactSpec fact) {
    SilverTable table = table(fact.source());
    Comparator<SilverRow> rank =
        Comparator.<SilverRow, Object>comparing(
                row -> fact.sequence().map(column -> table.value(row, column)).orElse(null),
                Comparator.nullsFirst(GoldReference::compare))
            .thenComparing(LANDING_ORDER);
    Map<List<Object>, SilverRow> winners = new LinkedHashMap<>();
    for (SilverRow row : table.rows()) {
      List<Object> values = table.values(row, fact.grain());
      if (values.contains(null)) {
        continue;
      }
      List<Object> grain = byValue(values);
      SilverRow previous = winners.get(grain);
      if (previous == null || rank.compare(row, previous) > 0) {
        winners.put(grain, row);
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SilverRow winner : winners.values()) {
      if (table.isDelete(winner)) {
        continue;
      }
      Map<String, Object> row = new HashMap<>();
      fact.grain().forEach(column -> row.put(column, table.value(winner, column)));
      LocalDateTime eventTime = asTimestamp(table.value(winner, fact.eventTime()));
      for (DimensionReference reference : fact.dimensions()) {
        row.put(
            reference.surrogateKey(),
            surrogateKey(reference, table.values(winner, reference.columns()), eventTime));
      }
      row.put(MetadataColumns.DATE_SK, eventTime == null ? -1 : dateKey(eventTime.toLocalDate()));
      LayerSchemas.factDataColumns(fact)
          .forEach(column -> row.put(column, table.value(winner, column)));
      rows.add(row);
    }
    return rows;
  }

  /** The sk a fact's reference resolves to at {@code eventTime}, or {@code -1}. */
  private long surrogateKey(
      DimensionReference reference, List<Object> values, LocalDateTime eventTime) {
    if (values.contains(null)) {
      return SurrogateKey.UNKNOWN;
    }
    DimensionSpec dimension = spec.dimension(reference.dimension());
    if (dimension.scd() == ScdType.TYPE_1) {
      return members.get(dimension.name()).contains(byValue(values))
          ? SurrogateKey.of(values.toArray())
          : SurrogateKey.UNKNOWN;
    }
    if (eventTime == null) {
      return SurrogateKey.UNKNOWN;
    }
    for (Version version :
        versions.get(dimension.name()).getOrDefault(byValue(values), List.of())) {
      LocalDateTime from = version.validFrom();
      LocalDateTime to = version.validTo();
      if (!from.isAfter(eventTime) && (to == null || eventTime.isBefore(to))) {
        List<Object> skValues = new ArrayList<>(version.key());
        skValues.add(version.validFrom());
        return SurrogateKey.of(skValues.toArray());
      }
    }
    return SurrogateKey.UNKNOWN;
  }

  /**
   * An event time or SCD2 sequence value as gold's timestamps hold it: a DATE as midnight of that
   * day, a {@code timestamptz} instant as its UTC time, a timestamp as it is.
   */
  private static LocalDateTime asTimestamp(Object value) {
    if (value instanceof LocalDate date) {
      return date.atStartOfDay();
    }
    if (value instanceof Instant instant) {
      return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
    return (LocalDateTime) value;
  }

  // ---- dim_date ----

  private static int dateKey(LocalDate date) {
    return date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth();
  }

  private static Map<String, Object> day(int dateKey) {
    LocalDate date = LocalDate.of(dateKey / 10000, dateKey / 100 % 100, dateKey % 100);
    DayOfWeek dayOfWeek = date.getDayOfWeek();
    Map<String, Object> row = new HashMap<>();
    row.put(MetadataColumns.DATE_SK, dateKey);
    row.put("date", date);
    row.put("year", date.getYear());
    row.put("quarter", (date.getMonthValue() - 1) / 3 + 1);
    row.put("month", date.getMonthValue());
    row.put("day_of_month", date.getDayOfMonth());
    row.put("day_of_week", dayOfWeek.getValue());
    row.put("day_name", dayOfWeek.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
    row.put("month_name", date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
    row.put("is_weekend", dayOfWeek == DayOfWeek.SATURDAY || dayOfWeek == DayOfWeek.SUNDAY);
    return row;
  }

  // ---- values ----

  /** Each row's values in {@code layout}'s column order; every column must have been set. */
  private static List<List<Object>> project(LayerSchema layout, List<Map<String, Object>> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Object[] values = new Object[layout.arity()];
      for (int i = 0; i < values.length; i++) {
        String column = layout.columnNames().get(i);
        if (!row.containsKey(column)) {
          throw new IllegalStateException(
              "Reference computed no value of column '" + column + "' of " + layout.table());
        }
        values[i] = row.get(column);
      }
      out.add(Arrays.asList(values));
    }
    return out;
  }

  /**
   * Values as compared across tables: an INT matches a BIGINT of the same value, a DECIMAL matches
   * whatever its scale.
   */
  private static List<Object> byValue(List<Object> values) {
    List<Object> out = new ArrayList<>();
    for (Object value : values) {
      if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        out.add(((Number) value).longValue());
      } else if (value instanceof BigDecimal decimal) {
        out.add(decimal.stripTrailingZeros());
      } else {
        out.add(value);
      }
    }
    return out;
  }

  /** Typed equality, NULL equal to NULL, decimals by value. */
  private static boolean sameValues(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      boolean same =
          x instanceof BigDecimal dx && y instanceof BigDecimal dy
              ? dx.compareTo(dy) == 0
              : Objects.equals(x, y);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  /** Natural order of two non-NULL values of one silver column. */
  @SuppressWarnings("unchecked")
  private static int compare(Object a, Object b) {
    return ((Comparable<Object>) a).compareTo(b);
  }

  private SilverTable table(String name) {
    return new SilverTable(
        spec.silverColumns(name), spec.changeOperation(name), silver.getOrDefault(name, List.of()));
  }

  /** A silver table's rows with their columns addressed by name. */
  private record SilverTable(
      List<ColumnSpec> columns, Optional<ChangeOperation> operation, List<SilverRow> rows) {

    Object value(SilverRow row, String column) {
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).name().equals(column)) {
          return row.values().get(i);
        }
      }
      throw new IllegalArgumentException(
          "Cannot find column '" + column + "' in silver columns " + columns);
    }

    List<Object> values(SilverRow row, List<String> names) {
      List<Object> out = new ArrayList<>();
      names.forEach(name -> out.add(value(row, name)));
      return out;
    }

    /** A DELETE iff the operation value equals the delete value; anything else is an upsert. */
    boolean isDelete(SilverRow row) {
      return operation.isPresent()
          && operation.get().isDelete((String) value(row, operation.get().column()));
    }
  }
}
