package io.lakehouseflow.ingestion.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The splitting rules commons-csv's printer does not exercise: what hand-written files hold. */
class CsvRecordReaderTest {

  /** Each record as {@code line: [fields]} or {@code line: error}, reading {@code text} whole. */
  private static List<String> records(String text, char delimiter, int escape, boolean complete)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (CsvRecordReader r =
        new CsvRecordReader(new StringReader(text), delimiter, '"', escape, complete)) {
      while (r.next()) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < r.fieldCount(); i++) {
          fields.add(r.field(i));
        }
        out.add(
            r.startLine()
                + ": "
                + (r.error() == null
                    ? fields
                    : "field "
                        + (r.errorField() + 1)
                        + " "
                        + r.error()
                        + " <"
                        + r.rawText()
                        + ">"));
      }
      if (r.withheld()) {
        out.add(r.startLine() + ": withheld");
      }
    }
    return out;
  }

  @Test
  void skipsAByteOrderMarkAndBlankLinesAndEndsRecordsAtCrLfOrCrAlone() throws IOException {
    assertThat(records("\uFEFFa,b\r\r\n  \n\"x\ry\",2\rc,\n", ',', -1, true))
        .containsExactly("1: [a, b]", "4: [x\ry, 2]", "6: [c, ]");
  }

  @Test
  void allowsSpacesAfterAClosingQuoteButNoOtherCharacter() throws IOException {
    assertThat(records("\"a\"  ,\"b\"\t\n\"c\"d,e\n", ',', -1, true))
        .containsExactly(
            "1: [a, b]",
            "2: field 1 has 'd' after its closing quote on line 2: a quoted field ends at its"
                + " closing quote <\"c\"d,e>");
    // A space delimiter is a delimiter, not a space to skip.
    assertThat(records("\"a\" b\n", ' ', -1, true)).containsExactly("1: [a, b]");
  }

  @Test
  void escapesOnlyTheQuoteAndItselfInsideQuotes() throws IOException {
    assertThat(records("\"C:\\temp \\\"x\\\" \\\\\",C:\\temp\n", ',', '\\', true))
        .containsExactly("1: [C:\\temp \"x\" \\, C:\\temp]");
    // A doubled quote is a quote with an escape character too, as RFC 4180 writes it.
    assertThat(records("\"a\"\"b\"\n", ',', '\\', true)).containsExactly("1: [a\"b]");
  }

  @Test
  void aQuoteOpenAtTheEndWaitsUnlessTheInputIsComplete() throws IOException {
    assertThat(records("1,ok\n2,\"cut\nhere\n", ',', -1, false))
        .containsExactly("1: [1, ok]", "2: withheld");
    assertThat(records("1,ok\n2,\"cut", ',', -1, true))
        .containsExactly(
            "1: [1, ok]", "2: field 2 opens a quote on line 2 that is never closed <2,\"cut>");
  }
}
