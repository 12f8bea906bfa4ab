package io.lakehouseflow.deploy.docs;

import java.util.List;

/**
 * One HTML page being written. Every text goes through {@link #escape}, so names and values from
 * specs and tables (a rule's {@code <>}, a sample's quotes) show as written and cannot inject
 * markup; only the page's own markup is added raw.
 */
final class HtmlPage {
  private final StringBuilder html = new StringBuilder();

  /** {@code text} with {@code & < > " '} escaped, safe in element content and quoted attributes. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Appends markup as it is: only for the page's own tags, never for data. */
  HtmlPage markup(String markup) {
    html.append(markup);
    return this;
  }

  /** Appends {@code text}, escaped. */
  HtmlPage text(String text) {
    html.append(escape(text));
    return this;
  }

  /** {@code <tag>text</tag>}, the text escaped. */
  HtmlPage element(String tag, String text) {
    return markup("<" + tag + ">").text(text).markup("</" + tag.split(" ")[0] + ">");
  }

  /** A link to {@code href} showing {@code text}, both escaped. */
  HtmlPage link(String href, String text) {
    return markup("<a href=\"" + escape(href) + "\">").text(text).markup("</a>");
  }

  /** A table row of text cells. */
  HtmlPage row(List<String> cells) {
    markup("<tr>");
    cells.forEach(c -> element("td", c));
    return markup("</tr>\n");
  }

  /** A table head row. */
  HtmlPage head(String... cells) {
    markup("<thead><tr>");
    for (String c : cells) {
      element("th", c);
    }
    return markup("</tr></thead>\n");
  }

  /** The whole document, {@code root} being the relative path to the site's top. */
  String document(String title, String root) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        + escape(title)
        + "</title>\n<link rel=\"stylesheet\" href=\""
        + root
        + "assets/docs.css\">\n</head>\n<body>\n"
        + html
        + "</body>\n</html>\n";
  }
}
