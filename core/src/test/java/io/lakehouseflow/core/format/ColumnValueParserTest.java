package io.lakehouseflow.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.ColumnFormat;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnValueParserTest {
  private static final ColumnValueParser TIMESTAMP = parser(ColumnType.TIMESTAMP, null);
  private static final ColumnValueParser TIMESTAMPTZ = parser(ColumnType.TIMESTAMPTZ, null);

  @ParameterizedTest(name = "{0} is {1} UTC")
  @CsvSource(
      delimiter = '|',
      value = {
        "2025-02-06T08:55:06           | 2025-02-06T08:55:06",
        "2025-02-06 08:55:06           | 2025-02-06T08:55:06",
        "2025-02-06T08:55              | 2025-02-06T08:55",
        "2025-02-06T08:55:06.123456789 | 2025-02-06T08:55:06.123456789",
        "2025-02-06T08:55:06Z          | 2025-02-06T08:55:06",
        "2025-02-06 08:55:06.5Z        | 2025-02-06T08:55:06.5",
        "2025-02-06T08:55:06+00:00     | 2025-02-06T08:55:06",
        "2025-02-06T10:55:06+0200      | 2025-02-06T08:55:06",
        "2025-02-06T03:55:06-05        | 2025-02-06T08:55:06",
        "2025-02-06T03:25:06-05:30     | 2025-02-06T08:55:06",
        "2025-02-05T23:55:06-09:00     | 2025-02-06T08:55:06",
      })
  void timestampsWithOrWithoutZoneAreReadAsUtc(String text, String utc) {
    TimestampData expected = TimestampData.fromLocalDateTime(LocalDateTime.parse(utc));

    assertThat(TIMESTAMP.parse(text)).isEqualTo(expected);
    // timestamptz holds the same instant; a value without zone is UTC.
    assertThat(TIMESTAMPTZ.parse(text))
        .isEqualTo(TimestampData.fromInstant(LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC)));
  }

  @ParameterizedTest(name = "{0} is not a timestamp")
  @CsvSource({
    "2025-02-06",
    "2025-02-06T08:55:06 +02:00",
    "2025-02-06T08:55:06+19:00",
    "2025-02-06T08:55:06PST",
    "2025-02-30T08:55:06",
    "2025-02-06T08:55:06.1234567890",
    "06/02/2025 08:55"
  })
  void otherTimestampTextNamesTheAcceptedForms(String text) {
    assertThatThrownBy(() -> TIMESTAMP.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected " + ColumnValueParser.TIMESTAMP_FORMATS);
  }

  @Test
  void aPatternReadsItsFormatAndAnOffsetInItConvertsToUtc() {
    ColumnValueParser dayFirst = parser(ColumnType.TIMESTAMP, "dd/MM/yyyy HH:mm");
    assertThat(dayFirst.parse(" 06/02/2025 08:55 "))
        .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.of(2025, 2, 6, 8, 55)));

    ColumnValueParser withOffset = parser(ColumnType.TIMESTAMPTZ, "dd MMM yyyy HH:mm:ss XXX");
    assertThat(withOffset.parse("06 Feb 2025 09:55:06 +01:00"))
        .isEqualTo(TimestampData.fromInstant(Instant.parse("2025-02-06T08:55:06Z")));

    ColumnValueParser withZone = parser(ColumnType.TIMESTAMP, "yyyy-MM-dd HH:mm VV");
    assertThat(withZone.parse("2025-07-01 10:00 Europe/Paris"))
        .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.of(2025, 7, 1, 8, 0)));

    ColumnValueParser date = parser(ColumnType.DATE, "dd.MM.yyyy");
    assertThat(date.parse("29.02.2024")).isEqualTo((int) LocalDate.of(2024, 2, 29).toEpochDay());
  }

  @Test
  void aValueNotInThePatternNamesThePattern() {
    ColumnValueParser dayFirst = parser(ColumnType.TIMESTAMP, "dd/MM/yyyy HH:mm");
    // Strict: the 31st of February is an error, not the 28th.
    for (String text : new String[] {"31/02/2025 08:55", "2025-02-06T08:55", "06/02/2025"}) {
      assertThatThrownBy(() -> dayFirst.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("expected the format 'dd/MM/yyyy HH:mm'");
    }
    assertThatThrownBy(() -> parser(ColumnType.DATE, "dd.MM.yyyy").parse("2025-02-06"))
        .hasMessage("expected the format 'dd.MM.yyyy'");
  }

  @ParameterizedTest(name = "{1} {0} is {2}")
  @CsvSource({
    "1738832106, epoch_seconds, 2025-02-06T08:55:06Z",
    "1738832106.25, epoch_seconds, 2025-02-06T08:55:06.250Z",
    "1738832106.123456789, epoch_seconds, 2025-02-06T08:55:06.123456789Z",
    "1.738832106E9, epoch_seconds, 2025-02-06T08:55:06Z",
    "0, epoch_seconds, 1970-01-01T00:00:00Z",
    "-1.5, epoch_seconds, 1969-12-31T23:59:58.500Z",
    "1738832106250, epoch_millis, 2025-02-06T08:55:06.250Z",
    "1738832106250.5, epoch_millis, 2025-02-06T08:55:06.250500Z",
    "-1, epoch_millis, 1969-12-31T23:59:59.999Z"
  })
  void epochNumbersAreInstants(String text, String format, String instant) {
    TimestampData expected = TimestampData.fromInstant(Instant.parse(instant));

    assertThat(parser(ColumnType.TIMESTAMPTZ, format).parse(text)).isEqualTo(expected);
    assertThat(parser(ColumnType.TIMESTAMP, format).parse(text)).isEqualTo(expected);
  }

  @Test
  void anEpochValueThatIsNotANumberOrFinerThanANanosecondIsAnError() {
    ColumnValueParser seconds = parser(ColumnType.TIMESTAMP, "epoch_seconds");
    for (String text : new String[] {"soon", "2025-02-06T08:55:06", "1.1234567891", "1e400"}) {
      assertThatThrownBy(() -> seconds.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "expected seconds since 1970-01-01T00:00Z, a number such as 1738832106 or"
                  + " 1738832106.25 (at most 9 decimal places)");
    }
    assertThatThrownBy(() -> parser(ColumnType.TIMESTAMP, "epoch_millis").parse("1.0000001"))
        .hasMessageContaining("milliseconds since 1970-01-01T00:00Z")
        .hasMessageContaining("(at most 6 decimal places)");
  }

  @Test
  void decimalsKeepTheirDeclaredScale() {
    ColumnValueParser money = parser(ColumnType.decimal(10, 2), null);

    assertThat(money.parse("1.5")).isEqualTo(decimal("1.50"));
    assertThat(((DecimalData) money.parse("1.5")).toBigDecimal().scale()).isEqualTo(2);
    assertThat(money.parse("7")).isEqualTo(decimal("7.00"));
    assertThat(money.parse("1.230")).isEqualTo(decimal("1.23"));
    assertThatThrownBy(() -> money.parse("1.234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("it has 3 decimal places, more than 2");
    assertThatThrownBy(() -> money.parse("123456789.5"))
        .hasMessage("it has 11 digits, more than 10");
  }

  /**
   * Any instant, written in ISO-8601 at any offset (in each spelling of an offset, with 'T' or a
   * space) reads as its UTC time, in a timestamp and in a timestamptz column.
   */
  @Property(tries = 500)
  void anyInstantAtAnyOffsetReadsAsItsUtcTime(
      @ForAll("instants") Instant instant,
      @ForAll("offsets") ZoneOffset offset,
      @ForAll("offsetSpellings") String offsetPattern,
      @ForAll boolean space) {
    String local =
        LocalDateTime.ofInstant(instant, offset)
            .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS"));
    String text =
        (space ? local.replace('T', ' ') : local)
            + DateTimeFormatter.ofPattern(offsetPattern).format(instant.atOffset(offset));

    assertThat(TIMESTAMP.parse(text))
        .as(text)
        .isEqualTo(
            TimestampData.fromLocalDateTime(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)));
    assertThat(TIMESTAMPTZ.parse(text)).as(text).isEqualTo(TimestampData.fromInstant(instant));
  }

  @Provide
  Arbitrary<Instant> instants() {
    long min = Instant.parse("0001-01-02T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-30T00:00:00Z").getEpochSecond();
    return Arbitraries.longs()
        .between(min, max)
        .flatMap(
            s ->
                Arbitraries.integers()
                    .between(0, 999_999_999)
                    .map(n -> Instant.ofEpochSecond(s, n)));
  }

  /** Offsets of whole minutes, as ISO-8601 writes them: -18:00 to +18:00. */
  @Provide
  Arbitrary<ZoneOffset> offsets() {
    return Arbitraries.integers()
        .between(-18 * 60, 18 * 60)
        .map(m -> ZoneOffset.ofTotalSeconds(m * 60));
  }

  /** {@code Z} for UTC or {@code +02:00}, {@code +0200}; {@code +02} only for whole hours. */
  @Provide
  Arbitrary<String> offsetSpellings() {
    return Arbitraries.of("XXX", "XX", "X", "xxx", "xx");
  }

  private static ColumnValueParser parser(ColumnType type, String format) {
    return new ColumnValueParser(
        new ColumnSpec("c", type, format == null ? null : ColumnFormat.of(format, type)));
  }

  private static DecimalData decimal(String value) {
    return DecimalData.fromBigDecimal(new BigDecimal(value), 10, 2);
  }
}
