package io.lakehouseflow.core.spec;

import java.io.Serializable;

/**
 * How a CSV source is read.
 *
 * @param delimiter the field separator
 * @param header whether the first line of each file names the columns (matched to the declared
 *     columns by name); without a header, fields are matched to declared columns by position
 * @param nullValue the text that stands for SQL NULL; an empty field is always NULL
 */
public record CsvOptions(char delimiter, boolean header, String nullValue) implements Serializable {
  public static final CsvOptions DEFAULT = new CsvOptions(',', true, "");
}
