package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * How a CSV source is read (RFC 4180, with the variations below).
 *
 * @param delimiter the field separator
 * @param header whether the first record of each file names the columns (matched to the declared
 *     columns by name); without a header, fields are matched to declared columns by position
 * @param nullValue the text that stands for SQL NULL; an empty field is always NULL
 * @param quote the character that encloses a field holding delimiters, quotes or line breaks
 * @param escape the character that makes the next one literal inside a quoted field, or {@code
 *     null}: then a quote inside a quoted field is written twice (RFC 4180)
 * @param encoding the name of the files' character set, such as {@code UTF-8} or {@code ISO-8859-1}
 * @param compression how the files are compressed
 */
public record CsvOptions(
    char delimiter,
    boolean header,
    String nullValue,
    char quote,
    Character escape,
    String encoding,
    Compression compression)
    implements Serializable {
  public static final CsvOptions DEFAULT =
      new CsvOptions(',', true, "", '"', null, "UTF-8", Compression.AUTO);

  public CsvOptions {
    Objects.requireNonNull(nullValue, "nullValue");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(compression, "compression");
  }

  /** Options with the given delimiter, header and null text, and the defaults for the rest. */
  public CsvOptions(char delimiter, boolean header, String nullValue) {
    this(
        delimiter,
        header,
        nullValue,
        DEFAULT.quote(),
        DEFAULT.escape(),
        DEFAULT.encoding(),
        DEFAULT.compression());
  }

  /** The character set the files are decoded with. */
  public Charset charset() {
    return Charset.forName(encoding);
  }
}
