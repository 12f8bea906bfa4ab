package io.lakehouseflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lakehouseflow.core.catalog.LakehouseCatalog;
import io.lakehouseflow.core.catalog.TableNames;
import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.testing.LakehouseMiniCluster;
import io.lakehouseflow.deploy.datatest.PipelineTests;
import io.lakehouseflow.deploy.docs.DocsSite;
import io.lakehouseflow.deploy.query.SqlQuery;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.types.Types;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docs site of the flights pipeline after an available-now run and a {@code lakehouse test} of
 * one table, opened from {@code file://} in HtmlUnit with JavaScript on: the lineage graph the
 * page's script draws has a node per table and the flow's edges, a click highlights a node's
 * upstream and downstream and leads to its page, whose columns, types and row count are the real
 * table's. Where Chromium is installed, it takes a screenshot of the graph as well. The site stays
 * in {@code deploy/target/docs-it/} to be looked at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DocsSiteITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = LakehouseMiniCluster.extension();

  private static final Logger LOG = LoggerFactory.getLogger(DocsSiteITCase.class);

  private static final Path SITE = Path.of("target", "docs-it").toAbsolutePath();

  private PipelineSpec spec;
  private LakehouseCatalog catalog;
  private DocsSite site;
  private WebClient browser;

  @BeforeAll
  void runThePipelineTestOneTableAndWriteTheDocs() throws Exception {
    FlightsSampleRun flights = FlightsSampleRun.shared();
    spec = flights.spec();
    DataLayout layout = flights.layout();
    PipelineTests.run(
        spec, layout, Set.of("gold.dim_airport"), new PrintStream(OutputStream.nullOutputStream()));
    catalog = LakehouseCatalog.of(spec.catalog(), layout);
    deleteSite();
    long start = System.nanoTime();
    site = DocsSite.of(spec, catalog);
    site.write(SITE);
    LOG.info("Docs site written to {} in {} ms", SITE, (System.nanoTime() - start) / 1_000_000);
    browser = new WebClient(BrowserVersion.FIREFOX);
    browser.getOptions().setJavaScriptEnabled(true);
    browser.getOptions().setThrowExceptionOnScriptError(true);
    browser.getOptions().setCssEnabled(false);
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.close();
    }
    if (catalog != null) {
      catalog.close();
    }
  }

  @Test
  void theLineageGraphHasANodeForEveryTableAndTheEdgesOfTheFlow() throws Exception {
    HtmlPage index = open(SITE.resolve("index.html"));

    List<String> nodes = attributes(index, "#lineage svg g.node", "data-id");
    assertThat(nodes)
        .containsExactlyInAnyOrder(
            "landing.customers",
            "landing.airports",
            "landing.flights",
            "landing.bookings",
            "bronze.customers",
            "bronze.airports",
            "bronze.flights",
            "bronze.bookings",
            "silver.customers",
            "silver.airports",
            "silver.flights",
            "silver.bookings",
            "silver.customers_quarantine",
            "silver.airports_quarantine",
            "silver.flights_quarantine",
            "silver.bookings_quarantine",
            "silver._quality_metrics",
            "gold.dim_customer",
            "gold.dim_airport",
            "gold.dim_flight",
            "gold.dim_date",
            "gold.fact_booking",
            "gold.customer_lifetime_value",
            "gold.daily_revenue_by_origin",
            "lakehouse.test_results");
    assertThat(nodes)
        .as("every table of the catalog but the runs' own lease table is a node")
        .containsAll(
            catalog.tables().stream()
                .map(Object::toString)
                .filter(t -> !t.equals("lakehouse.writers"))
                .toList());

    List<String> edges = new ArrayList<>();
    for (DomNode edge : index.querySelectorAll("#lineage svg path.edge")) {
      DomElement path = (DomElement) edge;
      edges.add(path.getAttribute("data-from") + " -> " + path.getAttribute("data-to"));
      assertThat(path.getAttribute("d")).as("a drawn path").startsWith("M ");
    }
    assertThat(edges)
        .contains(
            "landing.bookings -> bronze.bookings",
            "bronze.bookings -> silver.bookings",
            "bronze.bookings -> silver.bookings_quarantine",
            "silver.customers -> gold.dim_customer",
            "silver.bookings -> gold.fact_booking",
            "gold.dim_customer -> gold.fact_booking",
            "gold.dim_flight -> gold.fact_booking",
            "gold.dim_date -> gold.fact_booking",
            "gold.fact_booking -> gold.daily_revenue_by_origin",
            "gold.dim_airport -> gold.daily_revenue_by_origin",
            "gold.dim_customer -> gold.customer_lifetime_value",
            "gold.daily_revenue_by_origin -> lakehouse.test_results",
            "gold.dim_airport -> lakehouse.test_results")
        .doesNotContain("gold.dim_airport -> gold.fact_booking")
        .containsExactlyInAnyOrderElementsOf(
            site.lineage().edges().stream().map(e -> e.from() + " -> " + e.to()).toList());
    assertThat(index.querySelectorAll("#tables tbody tr")).hasSize(nodes.size());
  }

  @Test
  void clickingANodeHighlightsItsLineageAndLeadsToItsPage() throws Exception {
    HtmlPage index = open(SITE.resolve("index.html"));
    ((DomElement) index.querySelector("g.node[data-id='silver.bookings']")).click();

    assertThat(classOf(index, "silver.bookings")).contains("selected");
    assertThat(classOf(index, "bronze.bookings")).contains("upstream");
    assertThat(classOf(index, "landing.bookings")).contains("upstream");
    assertThat(classOf(index, "gold.fact_booking")).contains("downstream");
    assertThat(classOf(index, "gold.dim_customer")).contains("faded");
    assertThat(
            ((DomElement) index.querySelector("path.edge[data-to='silver.bookings']"))
                .getAttribute("class"))
        .contains("active");
    assertThat(index.querySelector("#details .column-lineage").asXml())
        .as("the panel's column lineage")
        .contains("fare_amount")
        .contains("bronze.bookings.fare")
        .contains("renamed from fare, cast to decimal(10,2)");
    HtmlAnchor openPage = (HtmlAnchor) index.querySelector("#details #open-page");
    assertThat(openPage.getHrefAttribute()).isEqualTo("tables/silver.bookings.html");

    HtmlPage silver = openPage.click();
    assertTablePage(silver, TableNames.silver("bookings").toString());
    assertThat(silver.querySelector("#sql").asNormalizedText())
        .contains("FROM `bronze`.`bookings`")
        .contains("TRY_CAST");
    assertThat(silver.querySelector("#rules").asNormalizedText())
        .contains("positive_fare (quarantine): fare_amount > 0");
    assertThat(columnRow(silver, "fare_amount").asNormalizedText())
        .contains("decimal(10, 2)")
        .contains("bronze.bookings.fare: renamed from fare, cast to decimal(10,2)");
    assertThat(
            ((DomElement) silver.querySelector("g.node[data-id='silver.bookings']"))
                .getAttribute("class"))
        .as("a table's page opens with its own node selected")
        .contains("selected");
  }

  @Test
  void goldPagesCountRowsWithDeletesAppliedAndShowTheLatestTestResults() throws Exception {
    HtmlPage fact = open(SITE.resolve("tables/gold.fact_booking.html"));
    assertTablePage(fact, "gold.fact_booking");
    assertThat(fact.querySelector("#plan").asNormalizedText()).contains("one row per [booking_id]");
    assertThat(fact.querySelector("p.description").asNormalizedText())
        .as("the spec's docs: description")
        .startsWith("One row per booking, at the customer and flight versions current when it was");
    assertThat(columnRow(fact, "fare_amount").asNormalizedText())
        .as("the spec's docs: column description")
        .contains("the fare paid for all seats, in the booking's currency");

    HtmlPage model = open(SITE.resolve("tables/gold.daily_revenue_by_origin.html"));
    assertTablePage(model, "gold.daily_revenue_by_origin");
    assertThat(model.querySelector("#sql").asNormalizedText())
        .as("the model's query")
        .contains("FROM gold.fact_booking b")
        .contains("GROUP BY CAST(b.booked_at AS DATE), f.origin");
    assertThat(columnRow(model, "revenue").asNormalizedText()).contains("sum of their fares");

    HtmlPage airports = open(SITE.resolve("tables/gold.dim_airport.html"));
    assertTablePage(airports, "gold.dim_airport");
    List<String> statuses = new ArrayList<>();
    for (DomNode cell : airports.querySelectorAll("#tests td.status")) {
      statuses.add(cell.asNormalizedText());
    }
    assertThat(statuses).containsExactly("PASS", "PASS");
    assertThat(
            open(SITE.resolve("tables/gold.dim_customer.html"))
                .querySelector("#tests")
                .asNormalizedText())
        .as("tests that never ran")
        .contains("NOT RUN");
  }

  @Test
  void chromiumScreenshotOfTheLineagePage() throws Exception {
    String chromium = chromium();
    assumeTrue(chromium != null, "chromium is not installed");
    Path png = SITE.resolve("lineage.png");
    Files.deleteIfExists(png);
    Process process =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1600,1100",
                "--screenshot=" + png,
                SITE.resolve("index.html").toUri() + "#node=silver.bookings")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(process.exitValue()).isZero();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1600);
    assertThat(colours(image)).as("a drawn page, not a blank one").isGreaterThan(20);
  }

  /** The page shows the table's Iceberg columns and types and its real row count. */
  private void assertTablePage(HtmlPage page, String table) throws Exception {
    assertThat(page.querySelector("h1").asNormalizedText()).isEqualTo(table);
    List<String> shown = new ArrayList<>();
    for (DomNode row : page.querySelectorAll("#columns tbody tr")) {
      shown.add(
          row.querySelector("td.name").asNormalizedText()
              + " "
              + row.querySelector("td.type").asNormalizedText());
    }
    List<String> actual =
        catalog
            .loadTable(org.apache.iceberg.catalog.TableIdentifier.parse(table))
            .schema()
            .columns()
            .stream()
            .map((Types.NestedField f) -> f.name() + " " + f.type())
            .toList();
    assertThat(shown).isEqualTo(actual);
    long rows = SqlQuery.over(catalog).counts("SELECT COUNT(*) FROM " + table).get(0);
    assertThat(rows).isPositive();
    assertThat(page.getElementById("row-count").asNormalizedText()).isEqualTo(Long.toString(rows));
  }

  private HtmlPage open(Path file) throws Exception {
    return browser.getPage(file.toUri().toURL());
  }

  private static String classOf(HtmlPage page, String node) {
    return ((DomElement) page.querySelector("g.node[data-id='" + node + "']"))
        .getAttribute("class");
  }

  private static DomNode columnRow(HtmlPage page, String column) {
    return page.querySelector("#columns tr[data-column='" + column + "']");
  }

  private static List<String> attributes(HtmlPage page, String selector, String attribute) {
    List<String> values = new ArrayList<>();
    for (DomNode node : page.querySelectorAll(selector)) {
      values.add(((DomElement) node).getAttribute(attribute));
    }
    return values;
  }

  private static long colours(BufferedImage image) {
    Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }

  private static String chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return null;
  }

  private static void deleteSite() throws Exception {
    if (Files.exists(SITE)) {
      try (Stream<Path> files = Files.walk(SITE)) {
        for (Path f :
            files.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.delete(f);
        }
      }
    }
  }
}
