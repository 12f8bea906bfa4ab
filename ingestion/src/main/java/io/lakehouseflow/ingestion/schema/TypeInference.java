package io.lakehouseflow.ingestion.schema;

import io.lakehouseflow.core.format.ColumnValueParser;
import io.lakehouseflow.core.spec.ColumnSpec;
import io.lakehouseflow.core.spec.ColumnType;
import io.lakehouseflow.ingestion.format.SampledValue;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The narrowest column type that holds every sampled value of a column bronze infers or adds
 * ({@code infer_types}, as Auto Loader's {@code cloudFiles.inferColumnTypes}): the first of {@code
 * bigint}, {@code double}, {@code boolean}, {@code date}, {@code timestamp}, {@code timestamptz},
 * {@code string} that every value fits, reading each as bronze will ({@link ColumnValueParser}) and
 * without losing what it says. So {@code 007} (a leading zero) and integers beyond {@code bigint}
 * are text, not numbers; {@code NaN} and {@code 1f} are text; an ISO timestamp with {@code Z} or an
 * offset makes its column {@code timestamptz}; a date and a timestamp together are text. Empty
 * values and nulls say nothing; a column with no other value is a {@code string}.
 *
 * <p>The sample is bounded: the first {@link #SAMPLE_RECORDS} records of the files that name the
 * column. A later value that does not fit is rescued into {@code _rescued_data} by the reader.
 */
public final class TypeInference {

  /** How many records of the files naming a column are sampled to type it. */
  public static final int SAMPLE_RECORDS = 1_000;

  /** The candidates, narrowest first; a value's candidates are a bit set over these. */
  private static final List<ColumnType> ORDER =
      List.of(
          ColumnType.BIGINT,
          ColumnType.DOUBLE,
          ColumnType.BOOLEAN,
          ColumnType.DATE,
          ColumnType.TIMESTAMP,
          ColumnType.TIMESTAMPTZ,
          ColumnType.STRING);

  private static final int BIGINT = 1;
  private static final int DOUBLE = 1 << 1;
  private static final int BOOLEAN = 1 << 2;
  private static final int DATE = 1 << 3;
  private static final int TIMESTAMP = 1 << 4;
  private static final int TIMESTAMPTZ = 1 << 5;
  private static final int STRING = 1 << 6;
  private static final int ANY = (1 << 7) - 1;

  /** JSON's number grammar: no leading zeros, no sign but minus, no NaN or suffixes. */
  private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]*");

  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private static final Pattern DATE_FORM = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final ColumnValueParser DATES =
      new ColumnValueParser(new ColumnSpec("date", ColumnType.DATE));
  private static final ColumnValueParser TIMESTAMPS =
      new ColumnValueParser(new ColumnSpec("timestamp", ColumnType.TIMESTAMP));

  private int candidates = ANY;
  private boolean anyValue;
  private int records;

  /** How many more records the sample of this column takes. */
  public int remaining() {
    return SAMPLE_RECORDS - records;
  }

  /**
   * Adds the values of {@code column} in the first {@link #remaining} of {@code sample}'s records
   * (each keyed by the names its file writes, compared case-insensitively).
   */
  public void add(List<Map<String, SampledValue>> sample, String column) {
    List<Map<String, SampledValue>> taken = sample.subList(0, Math.min(remaining(), sample.size()));
    for (Map<String, SampledValue> record : taken) {
      SampledValue value = record.get(column);
      if (value != null) {
        add(value);
      }
    }
    records += taken.size();
  }

  /** Adds one value; an empty one says nothing. */
  public void add(SampledValue value) {
    int fits = candidates(value);
    if (fits != 0) {
      candidates &= fits;
      anyValue = true;
    }
  }

  /** The narrowest type every value added fits; {@code string} when none was. */
  public ColumnType type() {
    if (!anyValue) {
      return ColumnType.STRING;
    }
    for (int i = 0; i < ORDER.size(); i++) {
      if ((candidates & (1 << i)) != 0) {
        return ORDER.get(i);
      }
    }
    return ColumnType.STRING;
  }

  /** The type {@code values} infer, as {@link #type} after adding each. */
  public static ColumnType of(List<SampledValue> values) {
    TypeInference inference = new TypeInference();
    values.forEach(inference::add);
    return inference.type();
  }

  /** The types that hold {@code value} without loss; 0 when it is empty (it holds in any). */
  private static int candidates(SampledValue value) {
    String text = value.text().strip();
    return switch (value.kind()) {
      case TEXT -> text.isEmpty() ? 0 : number(text) | bool(text) | temporal(text) | STRING;
      case STRING -> text.isEmpty() ? 0 : temporal(text) | STRING;
      case NUMBER -> number(text) | STRING;
      case BOOLEAN -> bool(text) | STRING;
      case NESTED -> STRING;
    };
  }

  private static int number(String text) {
    if (INTEGER.matcher(text).matches()) {
      try {
        Long.parseLong(text);
        return BIGINT | DOUBLE;
      } catch (NumberFormatException e) {
        // Beyond bigint: a double would round it, so it is text (an identifier, most likely).
        return 0;
      }
    }
    return NUMBER.matcher(text).matches() && Double.isFinite(Double.parseDouble(text)) ? DOUBLE : 0;
  }

  private static int bool(String text) {
    return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? BOOLEAN : 0;
  }

  private static int temporal(String text) {
    if (text.length() < 10 || !DATE_FORM.matcher(text.substring(0, 10)).matches()) {
      return 0;
    }
    if (text.length() == 10) {
      return parses(DATES, text) ? DATE : 0;
    }
    if (!parses(TIMESTAMPS, text)) {
      return 0;
    }
    // yyyy-MM-ddTHH:mm is 16 characters; what follows is seconds, a fraction and the zone.
    String rest = text.substring(16);
    boolean zoned = rest.indexOf('Z') >= 0 || rest.indexOf('+') >= 0 || rest.indexOf('-') >= 0;
    return zoned ? TIMESTAMPTZ : TIMESTAMP | TIMESTAMPTZ;
  }

  private static boolean parses(ColumnValueParser parser, String text) {
    try {
      parser.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
