package io.lakehouseflow.deploy.docs;

import io.lakehouseflow.core.catalog.TableStatus;
import io.lakehouseflow.deploy.datatest.DataTest;
import io.lakehouseflow.deploy.lineage.ColumnLineage;
import io.lakehouseflow.deploy.lineage.LineageEdge;
import io.lakehouseflow.deploy.lineage.LineageNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The HTML of the docs site: the index with the lineage graph, and each table's page. */
final class SitePages {
  private final DocsSite site;
  private final LineageJson json;

  SitePages(DocsSite site, LineageJson json) {
    this.site = site;
    this.json = json;
  }

  /** {@code index.html}: the lineage graph, then every table with its figures. */
  String index() {
    HtmlPage page = new HtmlPage();
    page.markup("<header>")
        .element("h1", "Pipeline " + site.spec().name())
        .element(
            "p class=\"meta\"",
            "Spec "
                + site.spec().location()
                + "; "
                + site.pages().size()
                + " landing directories and tables; generated "
                + site.generatedAt()
                + ".")
        .markup("</header>\n<main>\n<section>")
        .element("h2", "Lineage")
        .element(
            "p class=\"hint\"",
            "Click a node to highlight what it is built from and what is built from it; open its"
                + " page from the panel, or double-click it.");
    lineage(page, "", null);
    page.markup("<noscript><p>The graph needs JavaScript; every table is listed below.</p>")
        .markup("</noscript>\n</section>\n<section>")
        .element("h2", "Tables")
        .markup("<table id=\"tables\">")
        .head("Table", "Kind", "Rows", "Last commit", "Tests", "Description")
        .markup("<tbody>\n");
    for (TablePage table : site.pages()) {
      page.markup("<tr data-id=\"" + HtmlPage.escape(table.id()) + "\"><td>")
          .link(table.file(), table.node().label())
          .markup("</td>")
          .element("td", kind(table))
          .element("td class=\"rows\"", table.rows().map(r -> rows(r)).orElse("-"))
          .element(
              "td",
              table.status().flatMap(TableStatus::lastCommit).map(Instant::toString).orElse("-"))
          .element("td", tally(table.tests()))
          .element("td", table.node().description())
          .markup("</tr>\n");
    }
    page.markup("</tbody></table>\n</section>\n</main>\n");
    scripts(page, "");
    return page.document("Pipeline " + site.spec().name(), "");
  }

  /** The page of one landing directory or table. */
  String table(TablePage table) {
    String id = table.id();
    HtmlPage page = new HtmlPage();
    page.markup("<header><nav>")
        .link("../index.html", "Pipeline " + site.spec().name())
        .text(" / " + table.node().label())
        .markup("</nav>")
        .element("h1", table.node().label())
        .element("p class=\"kind\"", kind(table))
        .element("p class=\"description\"", table.node().description())
        .markup("</header>\n<main>\n<section>")
        .element("h2", "Figures");
    if (table.status().isEmpty()) {
      page.element(
          "p id=\"not-written\"",
          table.node().kind().isTable()
              ? "Not written yet: run the pipeline (./lakehouse run --pipeline "
                  + site.spec().location()
                  + ")."
              : table.node().kind() == LineageNode.Kind.MODEL_VIEW
                  ? "A view: the gold job computes it for the models reading it; it has no table."
                  : "A landing directory: its files' progress is in ./lakehouse status.");
    } else {
      TableStatus status = table.status().get();
      page.markup("<table id=\"figures\"><tbody>\n");
      figure(page, "Rows", "row-count", table.rows().map(SitePages::rows).orElse("0"));
      table.rows().ifPresent(r -> figure(page, "Counted", "row-count-how", r.how()));
      figure(
          page,
          "Last commit",
          "last-commit",
          status.lastCommit().map(Instant::toString).orElse("never"));
      figure(page, "Last operation", "last-operation", status.lastOperation().orElse("-"));
      figure(page, "Snapshots", "snapshots", Integer.toString(status.snapshots()));
      figure(page, "Data files", "data-files", Long.toString(status.dataFiles()));
      figure(page, "Delete files", "delete-files", Long.toString(status.deleteFiles()));
      page.markup("</tbody></table>\n");
    }
    page.markup("</section>\n<section>").element("h2", "Lineage");
    neighbours(page, "Built from", "upstream", edgesInto(id), LineageEdge::from);
    neighbours(page, "Feeds", "downstream", edgesOutOf(id), LineageEdge::to);
    lineage(page, "../", id);
    page.markup("</section>\n<section>")
        .element("h2", "Columns")
        .element("p", "From " + table.columnsFrom() + ".")
        .markup("<table id=\"columns\">")
        .head("Column", "Type", "Required", "Description", "Comes from")
        .markup("<tbody>\n");
    for (TablePage.Column column : table.columns()) {
      String name = HtmlPage.escape(column.name());
      page.markup("<tr id=\"column-" + name + "\" data-column=\"" + name + "\">")
          .element("td class=\"name\"", column.name())
          .element("td class=\"type\"", column.type())
          .element("td", column.required() ? "yes" : "")
          .element("td", column.doc())
          .markup("<td class=\"from\">");
      for (ColumnLineage from : column.from()) {
        page.markup("<div>")
            .link(
                "../" + TablePage.fileOf(from.fromTable()) + "#column-" + from.fromColumn(),
                from.fromTable() + "." + from.fromColumn())
            .text(": " + from.how())
            .markup("</div>");
      }
      page.markup("</td></tr>\n");
    }
    page.markup("</tbody></table>\n</section>\n<section>").element("h2", "Data tests");
    if (table.tests().isEmpty()) {
      page.element("p", "No data tests cover this table.");
    } else {
      page.markup("<table id=\"tests\">")
          .head(
              "Test", "Severity", "Declared", "Last status", "Failing rows", "Sample", "Tested at")
          .markup("<tbody>\n");
      for (TablePage.Test test : table.tests()) {
        String status = test.status();
        page.markup("<tr><td>")
            .element("code", test.test().name())
            .markup(sqlOf(test.test()))
            .markup("</td>")
            .element("td", test.test().severity().name().toLowerCase(Locale.ROOT))
            .element("td", test.test().declaredAt())
            .element(
                "td class=\"status status-"
                    + status.toLowerCase(Locale.ROOT).replace(' ', '-')
                    + "\"",
                status)
            .element("td", test.last().map(r -> Long.toString(r.failingRows())).orElse("-"))
            .element(
                "td",
                test.last().map(r -> r.sample().isEmpty() ? r.detail() : r.sample()).orElse(""))
            .element("td", test.last().map(r -> r.testedAt().toInstant().toString()).orElse("-"))
            .markup("</tr>\n");
      }
      page.markup("</tbody></table>\n")
          .element(
              "p class=\"hint\"",
              "Run them with ./lakehouse test --pipeline "
                  + site.spec().location()
                  + " --select "
                  + id
                  + ".");
    }
    page.markup("</section>\n");
    if (!table.rules().isEmpty() || table.sql().isPresent() || table.plan().isPresent()) {
      page.markup("<section>").element("h2", "How it is built");
      if (!table.rules().isEmpty()) {
        page.element("h3", "Rules").markup("<ul id=\"rules\">");
        table.rules().forEach(r -> page.element("li", r));
        page.markup("</ul>\n");
      }
      table
          .sql()
          .ifPresent(
              sql ->
                  page.element(
                          "p",
                          switch (table.node().kind()) {
                            case QUARANTINE ->
                                "The silver job's query; rows failing a quarantine rule land here.";
                            case MODEL, MODEL_VIEW ->
                                "The model's query (Flink SQL), which the gold job keeps up to"
                                    + " date from the changes of the gold tables it reads.";
                            default ->
                                "The silver job's query (Flink SQL); rows failing a rule are"
                                    + " routed by its flags.";
                          })
                      .markup("<pre id=\"sql\"><code>")
                      .text(sql)
                      .markup("</code></pre>\n"));
      table
          .plan()
          .ifPresent(
              plan ->
                  page.element("p", "The gold job (keyed Flink state, no SQL) builds it as:")
                      .markup("<pre id=\"plan\"><code>")
                      .text(plan)
                      .markup("</code></pre>\n"));
      page.markup("</section>\n");
    }
    page.markup("</main>\n");
    scripts(page, "../");
    return page.document(table.node().label() + " - " + site.spec().name(), "../");
  }

  private void lineage(HtmlPage page, String root, String focus) {
    page.markup(
        "<div class=\"lineage-wrap\"><div id=\"lineage\" data-root=\""
            + root
            + "\""
            + (focus == null ? "" : " data-focus=\"" + HtmlPage.escape(focus) + "\"")
            + "></div><aside id=\"details\"><p>Select a node.</p></aside></div>\n");
  }

  private void scripts(HtmlPage page, String root) {
    page.markup("<script type=\"application/json\" id=\"lineage-data\">\n")
        .markup(json.text())
        .markup("</script>\n<script src=\"" + root + "assets/lineage.js\"></script>\n");
  }

  private static String sqlOf(DataTest test) {
    Optional<String> sql = test.failingRows().or(() -> test.threshold().map(t -> t.sql()));
    return sql.map(
            s ->
                "<details><summary>SQL</summary><pre><code>"
                    + HtmlPage.escape(s)
                    + "</code></pre></details>")
        .orElse("");
  }

  private void neighbours(
      HtmlPage page,
      String title,
      String id,
      List<LineageEdge> edges,
      Function<LineageEdge, String> end) {
    page.markup("<p id=\"" + id + "\">").text(title + ": ");
    if (edges.isEmpty()) {
      page.text("nothing");
    }
    for (int i = 0; i < edges.size(); i++) {
      String other = end.apply(edges.get(i));
      page.text(i == 0 ? "" : ", ")
          .link(
              "../" + TablePage.fileOf(other),
              site.lineage().node(other).map(n -> n.label()).orElse(other))
          .text(" (" + edges.get(i).relation().name().toLowerCase(Locale.ROOT) + ")");
    }
    page.markup("</p>\n");
  }

  private List<LineageEdge> edgesInto(String id) {
    return site.lineage().edges().stream().filter(e -> e.to().equals(id)).toList();
  }

  private List<LineageEdge> edgesOutOf(String id) {
    return site.lineage().edges().stream().filter(e -> e.from().equals(id)).toList();
  }

  private static void figure(HtmlPage page, String name, String id, String value) {
    page.markup("<tr>")
        .element("th", name)
        .element("td id=\"" + id + "\"", value)
        .markup("</tr>\n");
  }

  private static String rows(RowCount rows) {
    return (rows.exact() ? "" : "~") + rows.rows();
  }

  private static String kind(TablePage table) {
    return table.node().kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** {@code 3 pass, 1 fail}: the latest statuses of a table's tests. */
  private static String tally(List<TablePage.Test> tests) {
    if (tests.isEmpty()) {
      return "-";
    }
    Map<String, Long> counts =
        tests.stream()
            .collect(
                Collectors.groupingBy(
                    t -> t.status().toLowerCase(Locale.ROOT), TreeMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }
}
