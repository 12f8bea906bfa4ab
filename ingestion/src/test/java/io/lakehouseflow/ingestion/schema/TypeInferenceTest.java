package io.lakehouseflow.ingestion.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.lakehouseflow.core.format.ColumnValueParser;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.ingestion.format.SampledValue;
import io.lakehouseflow.ingestion.format.SampledValue.Kind;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The inference rule against a plain reference: each generated value carries the types that hold it
 * without loss, known from how it was generated (a long, a zoned timestamp, a malformed date...),
 * and a column's type must be the narrowest type all of them share; every sampled value must then
 * parse as bronze will read it.
 */
class TypeInferenceTest {
  /** The reference order, narrowest first. */
  private static final List<ColumnType.Kind> ORDER =
      List.of(
          ColumnType.Kind.BIGINT,
          ColumnType.Kind.DOUBLE,
          ColumnType.Kind.BOOLEAN,
          ColumnType.Kind.DATE,
          ColumnType.Kind.TIMESTAMP,
          ColumnType.Kind.TIMESTAMPTZ,
          ColumnType.Kind.STRING);

  /** A generated value and the types that hold it as written (all of them for an empty one). */
  record Tagged(SampledValue value, Set<ColumnType.Kind> holders) {}

  @Property(tries = 2000)
  void infersTheNarrowestTypeEveryValueFitsAndEveryValueParsesAsIt(
      @ForAll("columns") List<Tagged> column) {
    List<SampledValue> values = column.stream().map(Tagged::value).toList();
    ColumnType inferred = TypeInference.of(values);

    Set<ColumnType.Kind> shared = EnumSet.allOf(ColumnType.Kind.class);
    column.forEach(t -> shared.retainAll(t.holders()));
    // Empty values say nothing; a column of nothing else is text.
    ColumnType.Kind expected =
        shared.equals(EnumSet.allOf(ColumnType.Kind.class))
            ? ColumnType.Kind.STRING
            : ORDER.stream().filter(shared::contains).findFirst().orElseThrow();
    assertThat(inferred.kind()).as("type of %s", values).isEqualTo(expected);

    ColumnValueParser parser = new ColumnValueParser(new ColumnSpec("c", inferred));
    for (SampledValue value : values) {
      if (!value.text().isBlank()) {
        assertThatCode(() -> parser.parse(value.text()))
            .as("%s read as %s", value, inferred)
            .doesNotThrowAnyException();
      }
    }
    List<SampledValue> shuffled = new ArrayList<>(values);
    Collections.reverse(shuffled);
    assertThat(TypeInference.of(shuffled)).isEqualTo(inferred);
  }

  @Example
  void namedCases() {
    assertThat(infer("1", "-42", "")).isEqualTo(ColumnType.BIGINT);
    assertThat(infer("1", "2.5", "1e3")).isEqualTo(ColumnType.DOUBLE);
    assertThat(infer("007", "12")).isEqualTo(ColumnType.STRING);
    assertThat(infer("99999999999999999999")).isEqualTo(ColumnType.STRING);
    assertThat(infer("NaN", "1.5")).isEqualTo(ColumnType.STRING);
    assertThat(infer("true", "FALSE")).isEqualTo(ColumnType.BOOLEAN);
    assertThat(infer("2025-02-06", "2024-02-29")).isEqualTo(ColumnType.DATE);
    assertThat(infer("2025-02-30")).isEqualTo(ColumnType.STRING);
    assertThat(infer("2025-02-06T08:55:06", "2025-02-06 08:55")).isEqualTo(ColumnType.TIMESTAMP);
    assertThat(infer("2025-02-06T08:55:06", "2025-02-06T08:55:06.123+02:00"))
        .isEqualTo(ColumnType.TIMESTAMPTZ);
    assertThat(infer("2025-02-06T08:55:06Z")).isEqualTo(ColumnType.TIMESTAMPTZ);
    assertThat(infer("2025-02-06", "2025-02-06T08:55:06")).isEqualTo(ColumnType.STRING);
    assertThat(infer("", " ")).isEqualTo(ColumnType.STRING);
    assertThat(TypeInference.of(List.of())).isEqualTo(ColumnType.STRING);
    // JSON says what its writer meant: a quoted "7" is text, a 7 a number.
    assertThat(TypeInference.of(List.of(json(Kind.STRING, "7")))).isEqualTo(ColumnType.STRING);
    assertThat(TypeInference.of(List.of(json(Kind.NUMBER, "7")))).isEqualTo(ColumnType.BIGINT);
    assertThat(TypeInference.of(List.of(json(Kind.STRING, "2025-02-06T08:55:06Z"))))
        .isEqualTo(ColumnType.TIMESTAMPTZ);
    assertThat(TypeInference.of(List.of(json(Kind.NESTED, "{\"a\":1}"))))
        .isEqualTo(ColumnType.STRING);
  }

  @Example
  void samplesOnlyTheFirstRecords() {
    TypeInference inference = new TypeInference();
    List<Map<String, SampledValue>> numbers =
        IntStream.range(0, TypeInference.SAMPLE_RECORDS)
            .mapToObj(i -> Map.of("n", SampledValue.text(Integer.toString(i))))
            .toList();
    inference.add(numbers, "n");
    assertThat(inference.remaining()).isZero();
    // Beyond the sample: not looked at, so the column stays bigint and the reader rescues this.
    inference.add(List.of(Map.of("n", SampledValue.text("seven"))), "n");
    assertThat(inference.type()).isEqualTo(ColumnType.BIGINT);
  }

  private static ColumnType infer(String... texts) {
    return TypeInference.of(List.of(texts).stream().map(SampledValue::text).toList());
  }

  private static SampledValue json(Kind kind, String text) {
    return new SampledValue(kind, text);
  }

  @Provide
  Arbitrary<List<Tagged>> columns() {
    // Mostly values of one kind, so that every type is reached, with now and then another kind
    // and empty values mixed in.
    Arbitrary<Arbitrary<Tagged>> kinds =
        Arbitraries.of(
            longs(), doubles(), booleans(), dates(), timestamps(), zoned(), malformed(), empty());
    return kinds.flatMap(
        kind ->
            Combinators.combine(
                    kind.list().ofMaxSize(6),
                    tagged().list().ofMaxSize(1),
                    empty().list().ofMaxSize(2))
                .as(
                    (main, other, empties) -> {
                      List<Tagged> all = new ArrayList<>(main);
                      all.addAll(other);
                      all.addAll(empties);
                      Collections.shuffle(all, new java.util.Random(all.size()));
                      return all;
                    }));
  }

  private static Arbitrary<Tagged> tagged() {
    return Arbitraries.oneOf(
        longs(), doubles(), booleans(), dates(), timestamps(), zoned(), malformed(), empty());
  }

  private static Set<ColumnType.Kind> of(ColumnType.Kind... kinds) {
    Set<ColumnType.Kind> set = EnumSet.of(ColumnType.Kind.STRING);
    set.addAll(List.of(kinds));
    return set;
  }

  private static Arbitrary<Tagged> longs() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.of(Kind.TEXT, Kind.NUMBER))
        .as(
            (l, kind) ->
                new Tagged(
                    new SampledValue(kind, Long.toString(l)),
                    of(ColumnType.Kind.BIGINT, ColumnType.Kind.DOUBLE)));
  }

  private static Arbitrary<Tagged> doubles() {
    return Combinators.combine(
            Arbitraries.doubles().filter(Double::isFinite), Arbitraries.of(Kind.TEXT, Kind.NUMBER))
        .as(
            (d, kind) ->
                new Tagged(new SampledValue(kind, Double.toString(d)), of(ColumnType.Kind.DOUBLE)));
  }

  private static Arbitrary<Tagged> booleans() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as(
            (b, upper) -> {
              String text = Boolean.toString(b);
              return new Tagged(
                  SampledValue.text(upper ? text.toUpperCase(Locale.ROOT) : text),
                  of(ColumnType.Kind.BOOLEAN));
            });
  }

  private static Arbitrary<LocalDateTime> dateTimes() {
    return Combinators.combine(
            Arbitraries.longs()
                .between(
                    LocalDate.of(1000, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay()),
            Arbitraries.integers().between(0, 86_399),
            Arbitraries.integers().between(0, 999_999_999))
        .as(
            (day, second, nano) ->
                LocalDate.ofEpochDay(day).atStartOfDay().plusSeconds(second).plusNanos(nano));
  }

  private static Arbitrary<Kind> textOrJsonString() {
    return Arbitraries.of(Kind.TEXT, Kind.STRING);
  }

  private static Arbitrary<Tagged> dates() {
    return Combinators.combine(dateTimes(), textOrJsonString())
        .as(
            (t, kind) ->
                new Tagged(
                    new SampledValue(kind, t.toLocalDate().toString()), of(ColumnType.Kind.DATE)));
  }

  /** ISO text without zone: with 'T' or a space, with or without a fraction. */
  private static Arbitrary<String> localTimestamps() {
    return Combinators.combine(
            dateTimes(), Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as(
            (t, space, fraction) -> {
              LocalDateTime time = fraction ? t : t.withNano(0);
              String text = time.toString();
              return space ? text.replace('T', ' ') : text;
            });
  }

  private static Arbitrary<Tagged> timestamps() {
    return Combinators.combine(localTimestamps(), textOrJsonString())
        .as(
            (text, kind) ->
                new Tagged(
                    new SampledValue(kind, text),
                    of(ColumnType.Kind.TIMESTAMP, ColumnType.Kind.TIMESTAMPTZ)));
  }

  private static Arbitrary<Tagged> zoned() {
    return Combinators.combine(
            localTimestamps(),
            Arbitraries.of("Z", "+02:00", "-05", "+0530", "-11:30"),
            textOrJsonString())
        .as(
            (text, zone, kind) ->
                new Tagged(new SampledValue(kind, text + zone), of(ColumnType.Kind.TIMESTAMPTZ)));
  }

  private static Arbitrary<Tagged> malformed() {
    Arbitrary<String> texts =
        Arbitraries.oneOf(
            Arbitraries.of(
                "007",
                "+5",
                "1,5",
                "NaN",
                "Infinity",
                "1f",
                "0x10",
                "99999999999999999999",
                "2025-02-30",
                "2025-13-01T00:00",
                "2025-02-06T25:00",
                "2025-02-06T08:55:06 UTC",
                "yes",
                "1.",
                ".5"),
            Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(8)
                .filter(s -> !s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")));
    return Combinators.combine(texts, textOrJsonString())
        .as((text, kind) -> new Tagged(new SampledValue(kind, text), of()));
  }

  private static Arbitrary<Tagged> empty() {
    return Combinators.combine(Arbitraries.of("", " ", "\t"), textOrJsonString())
        .as(
            (text, kind) ->
                new Tagged(new SampledValue(kind, text), EnumSet.allOf(ColumnType.Kind.class)));
  }
}
