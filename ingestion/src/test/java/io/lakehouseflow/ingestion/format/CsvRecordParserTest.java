package io.lakehouseflow.ingestion.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouseflow.core.spec.PipelineSpecLoader;
import io.lakehouseflow.core.spec.SourceSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.Test;

class CsvRecordParserTest {
  private static final String FILE = "landing/bookings/bookings-0002.csv";
  private static final String LOCATION = FILE + " line 17";

  /** The bookings source, read as {@code csv} (a YAML flow mapping) says. */
  private static SourceSpec bookings(String csv) {
    return source(
        """
        name: parser-test
        sources:
          bookings:
            csv: %s
            columns:
              booking_id: bigint
              seats: int
              fare: decimal(10,2)
              booked_at: timestamp
              travel_date: date
              paid: boolean
              status: string
        """
            .formatted(csv),
        "bookings");
  }

  private static SourceSpec source(String yaml, String name) {
    return PipelineSpecLoader.parse(yaml, "parser-test.yaml").source(name);
  }

  private final CsvRecordParser positional =
      CsvRecordParser.of(bookings("{delimiter: ',', header: false, null_value: NA}"));

  @Test
  void parsesEveryTypeByPosition() {
    ParsedRecord line =
        positional.parse(
            "7, 2 ,129.5,2024-03-01T10:15:30.250,2024-04-02,TRUE,\"CONFIRMED, late\"",
            positional.positional(),
            LOCATION);

    assertThat(line.isCorrupt()).isFalse();
    assertThat(line.values())
        .containsExactly(
            7L,
            2,
            DecimalData.fromBigDecimal(new BigDecimal("129.50"), 10, 2),
            TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 3, 1, 10, 15, 30, 250_000_000)),
            (int) LocalDate.of(2024, 4, 2).toEpochDay(),
            true,
            StringData.fromString("CONFIRMED, late"));
  }

  @Test
  void acceptsTimestampsWithASpaceAndTreatsEmptyAndNullTextAsNull() {
    ParsedRecord line =
        positional.parse("8,,NA,2024-03-01 10:15:30,,,", positional.positional(), LOCATION);

    assertThat(line.isCorrupt()).isFalse();
    assertThat(line.values())
        .containsExactly(
            8L,
            null,
            null,
            TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 3, 1, 10, 15, 30)),
            null,
            null,
            null);
  }

  @Test
  void keepsALineThatWasNotUtf8AsCorrupt() {
    // "Müller" saved as Latin-1: the byte 0xFC is not UTF-8 and decodes to U+FFFD.
    String decoded =
        new String(
            "9,2,10.00,2024-03-01T10:15:30,M\u00fcller,,".getBytes(StandardCharsets.ISO_8859_1),
            StandardCharsets.UTF_8);
    ParsedRecord line = positional.parse(decoded, positional.positional(), LOCATION);

    assertThat(line.isCorrupt()).isTrue();
    assertThat(line.error())
        .isEqualTo(
            "Cannot decode line as UTF-8: its invalid bytes are shown as U+FFFD in"
                + " _corrupt_record (landing/bookings/bookings-0002.csv line 17). Save the file"
                + " as UTF-8, or set csv.encoding of source 'bookings' to the file's encoding.");
  }

  @Test
  void reportsFieldValueTypeFileAndLineOfAValueThatDoesNotConvert() {
    ParsedRecord line =
        positional.parse("9,x,10.00,2024-03-01T10:15:30,,,", positional.positional(), LOCATION);

    assertThat(line.isCorrupt()).isTrue();
    assertThat(line.values()).isNull();
    assertThat(line.error())
        .isEqualTo(
            "Cannot parse field 'seats' value 'x' as int"
                + " (landing/bookings/bookings-0002.csv line 17)."
                + " Fix the file or declare the column as string.");
  }

  @Test
  void reportsEveryFailingFieldWithTheReason() {
    ParsedRecord line =
        positional.parse(
            "9,2,10.123,2024/03/01,2024-02-30,yes,", positional.positional(), LOCATION);

    assertThat(line.error())
        .startsWith("Cannot parse field 'fare' value '10.123' as decimal(10,2): it has 3 decimal")
        .contains(
            "field 'booked_at' value '2024/03/01' as timestamp: expected"
                + " yyyy-MM-dd'T'HH:mm[:ss[.fraction of up to 9 digits]] (a space may replace the"
                + " 'T'), optionally followed by Z or an offset")
        .contains("field 'travel_date' value '2024-02-30' as date: expected yyyy-MM-dd")
        .contains("field 'paid' value 'yes' as boolean: expected true or false")
        .endsWith(
            "(landing/bookings/bookings-0002.csv line 17). Fix the file or declare the columns as"
                + " string.");
  }

  @Test
  void rejectsADecimalWithTooManyDigitsButAcceptsTrailingZeros() {
    CsvRecordParser small =
        CsvRecordParser.of(
            source(
                """
                name: parser-test
                sources:
                  s:
                    csv: {delimiter: ';', header: false, null_value: ''}
                    columns:
                      amount: decimal(4,2)
                """,
                "s"));

    assertThat(small.parse("12.300", small.positional(), LOCATION).values())
        .containsExactly(DecimalData.fromBigDecimal(new BigDecimal("12.30"), 4, 2));
    assertThat(small.parse("123.4", small.positional(), LOCATION).error())
        .startsWith("Cannot parse field 'amount' value '123.4' as decimal(4,2): it has 5 digits");
  }

  @Test
  void reportsAWrongFieldCount() {
    ParsedRecord line = positional.parse("1,2,3", positional.positional(), LOCATION);

    assertThat(line.error())
        .isEqualTo(
            "Cannot parse line: expected 7 fields separated by ',' but found 3"
                + " (landing/bookings/bookings-0002.csv line 17)."
                + " Fix the file or the declared columns of source 'bookings'.");
  }

  @Test
  void reportsAnUnterminatedQuote() {
    ParsedRecord line = positional.parse("1,2,3.00,,,,\"open", positional.positional(), LOCATION);

    assertThat(line.error())
        .startsWith("Cannot parse line: ")
        .endsWith("(landing/bookings/bookings-0002.csv line 17). Fix the quoting in the file.");
  }

  @Test
  void mapsHeaderColumnsByNameInAnyOrder() {
    CsvRecordParser parser = CsvRecordParser.of(bookings("{delimiter: '|', header: true}"));
    CsvRecordParser.FieldLayout layout =
        parser.fromHeader(" status|paid|travel_date|Booked_At|fare|seats|booking_id", 1, FILE);

    ParsedRecord line =
        parser.parse("OK|false|2024-04-02|2024-03-01T10:15:30|1.5|3|42", layout, LOCATION);

    assertThat(line.error()).isNull();
    assertThat(line.values()[0]).isEqualTo(42L);
    assertThat(line.values()[1]).isEqualTo(3);
    assertThat(line.values()[6]).isEqualTo(StringData.fromString("OK"));
  }

  @Test
  void makesEveryLineCorruptWhenTheHeaderRepeatsAName() {
    CsvRecordParser parser = CsvRecordParser.of(bookings("{}"));
    CsvRecordParser.FieldLayout layout =
        parser.fromHeader("booking_id,seats,fare,booked_at,travel_date,paid,status,seats", 2, FILE);

    ParsedRecord line = parser.parse("1,2,3.00,2024-03-01T10:15:30,,,OK,2", layout, LOCATION);

    assertThat(line.isCorrupt()).isTrue();
    assertThat(line.error())
        .isEqualTo(
            "Cannot map line to the columns of source 'bookings': the file's header on line 2"
                + " [booking_id, seats, fare, booked_at, travel_date, paid, status, seats] does not"
                + " match the declared columns [booking_id, seats, fare, booked_at, travel_date,"
                + " paid, status] (repeated: seats), so every"
                + " line of the file is kept as corrupt, the header line too"
                + " (landing/bookings/bookings-0002.csv line 17)."
                + " Fix the header or the declared columns.");
  }

  @Test
  void takesAHeaderNamingNoColumnForData() {
    CsvRecordParser parser = CsvRecordParser.of(bookings("{}"));
    CsvRecordParser.FieldLayout layout =
        parser.fromHeader("7,2,129.5,2024-03-01T10:15:30,2024-04-02,true,OK", 1, FILE);

    assertThat(layout.error()).contains("it names none of them");
  }

  @Test
  void readsNullForADeclaredColumnTheHeaderDoesNotName() {
    CsvRecordParser parser = CsvRecordParser.of(bookings("{}"));
    CsvRecordParser.FieldLayout layout = parser.fromHeader("status,booking_id", 1, FILE);

    ParsedRecord line = parser.parse("OK,42", layout, LOCATION);

    assertThat(line.error()).isNull();
    assertThat(line.values())
        .containsExactly(42L, null, null, null, null, null, StringData.fromString("OK"));
    assertThat(line.rescued()).isNull();
  }

  @Test
  void stopsOnANewColumnUnderAddNewColumnsAndFail() {
    for (String mode : new String[] {"add_new_columns", "fail"}) {
      CsvRecordParser parser = CsvRecordParser.of(evolving(mode));

      assertThatThrownBy(() -> parser.fromHeader("booking_id,status,Gate", 1, FILE))
          .isInstanceOf(NewColumnsException.class)
          .hasMessageContaining(FILE)
          .hasMessageContaining("Gate")
          .satisfies(e -> assertThat(((NewColumnsException) e).columns()).containsExactly("Gate"));
    }
  }

  @Test
  void ignoresANewColumnUnderNone() {
    CsvRecordParser parser = CsvRecordParser.of(evolving("none"));
    CsvRecordParser.FieldLayout layout = parser.fromHeader("booking_id,gate,status", 1, FILE);

    ParsedRecord line = parser.parse("42,B12,OK", layout, LOCATION);

    assertThat(line.values()).containsExactly(42L, StringData.fromString("OK"));
    assertThat(line.rescued()).isNull();
  }

  @Test
  void rescuesNewColumnsAndValuesThatDoNotFitUnderRescue() {
    CsvRecordParser parser = CsvRecordParser.of(evolving("rescue"));
    CsvRecordParser.FieldLayout layout =
        parser.fromHeader("booking_id,Gate,status,_source_file", 1, FILE);

    ParsedRecord line = parser.parse("forty-two,\"B \"\"12\"\"\",OK,x.csv", layout, LOCATION);

    assertThat(line.isCorrupt()).isFalse();
    assertThat(line.values()).containsExactly(null, StringData.fromString("OK"));
    assertThat(line.rescued())
        .isEqualTo(
            "{\"booking_id\":\"forty-two\",\"Gate\":\"B \\\"12\\\"\",\"_source_file\":\"x.csv\"}");
    ParsedRecord empty = parser.parse("1,,OK,", layout, LOCATION);
    assertThat(empty.rescued()).isNull();
  }

  @Test
  void keepsAValueThatDoesNotFitAsCorruptOutsideRescue() {
    CsvRecordParser parser = CsvRecordParser.of(evolving("add_new_columns"));
    CsvRecordParser.FieldLayout layout = parser.fromHeader("booking_id,status", 1, FILE);

    assertThat(parser.parse("forty-two,OK", layout, LOCATION).isCorrupt()).isTrue();
  }

  private static SourceSpec evolving(String mode) {
    return source(
        """
        name: parser-test
        sources:
          bookings:
            schema_evolution: %s
            columns: {booking_id: bigint, status: string}
        """
            .formatted(mode),
        "bookings");
  }
}
