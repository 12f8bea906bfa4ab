package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How silver standardises the text of one string column, before any cast, in this order: strip
 * surrounding white space, change the case, read the {@code null_if} values as NULL, then replace
 * codes by the values of {@code map} (a value the map lacks is kept).
 *
 * @param trim whether surrounding white space is removed
 * @param textCase the case the text is changed to
 * @param nullIf values read as NULL, compared after trim and case
 * @param map code to value, compared after trim, case and {@code nullIf}
 */
public record TextRules(
    boolean trim, TextCase textCase, List<String> nullIf, Map<String, String> map)
    implements Serializable {

  /** The case {@link TextRules} changes text to. */
  public enum TextCase {
    KEEP,
    UPPER,
    LOWER;

    /** The spec's word for this case. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TextRules {
    Objects.requireNonNull(textCase, "textCase");
    nullIf = List.copyOf(nullIf);
    map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
