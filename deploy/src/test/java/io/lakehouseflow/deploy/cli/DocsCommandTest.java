package io.lakehouseflow.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.lakehouseflow.deploy.docs.DocsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakehouse docs} from a spec alone (no data directory yet): the pages it writes, their
 * escaping, a bad {@code --out}, and the local server of {@code --serve}.
 */
class DocsCommandTest {
  /** A rule and a test whose text holds markup characters, which the pages must show as text. */
  private static final String SPEC =
      """
      name: shop
      sources:
        orders:
          columns:
            order_id: bigint
            amount: string
      silver:
        orders:
          source: orders
          casts: {amount: "decimal(10,2)"}
          derive:
            label: "CONCAT('<b>', CAST(order_id AS STRING), '</b>')"
          expectations:
            - name: small_amounts
              expr: "amount < 1000"
              action: warn
      tests:
        silver.orders:
          - sql: {name: no_huge_orders, query: "SELECT * FROM silver.orders WHERE amount > 5000 AND '<' <> '>'"}
      """;

  @TempDir Path dir;

  private final TestingCli cli = new TestingCli();

  @Test
  void writesAPagePerTableFromTheSpecAloneWithoutCreatingTheDataDirectory() throws Exception {
    Path spec = Files.writeString(dir.resolve("shop.yaml"), SPEC);
    Path data = dir.resolve("no-data-yet");
    Path site = dir.resolve("site");

    int code =
        cli.execute(
            "docs",
            "--pipeline",
            spec.toString(),
            "--data-dir",
            data.toString(),
            "--out",
            site.toString());

    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(cli.out.toString())
        .contains("Docs of pipeline shop written to " + site)
        .contains(site.resolve("index.html").toUri().toString());
    assertThat(data).doesNotExist();
    assertThat(site.resolve("lineage.json")).exists();
    assertThat(site.resolve("assets/lineage.js")).exists();
    assertThat(site.resolve("assets/docs.css")).exists();
    for (String table :
        new String[] {
          "landing.orders",
          "bronze.orders",
          "silver.orders",
          "silver.orders_quarantine",
          "silver._quality_metrics"
        }) {
      assertThat(site.resolve("tables/" + table + ".html")).exists();
    }
    String silver = Files.readString(site.resolve("tables/silver.orders.html"));
    assertThat(silver)
        .contains("the spec (the table does not exist yet)")
        .contains("<td class=\"name\">amount</td><td class=\"type\">decimal(10, 2)</td>")
        .contains("Not written yet")
        .contains("NOT RUN");
  }

  @Test
  void theDefaultOutLiesInTheDataDirectoryAndTheSiteStillComesFromTheSpecAlone() throws Exception {
    Path spec = Files.writeString(dir.resolve("shop.yaml"), SPEC);
    Path data = dir.resolve("data");

    assertThat(cli.execute("docs", "--pipeline", spec.toString(), "--data-dir", data.toString()))
        .as(cli.err.toString())
        .isZero();

    assertThat(data.resolve("docs/index.html")).exists();
    assertThat(data.resolve("warehouse")).as("no warehouse created").doesNotExist();
  }

  @Test
  void escapesMarkupFromTheSpecInPagesAndInTheInlineLineage() throws Exception {
    Path spec = Files.writeString(dir.resolve("shop.yaml"), SPEC);
    Path site = dir.resolve("site");

    assertThat(cli.execute("docs", "--pipeline", spec.toString(), "--out", site.toString()))
        .as(cli.err.toString())
        .isZero();

    String silver = Files.readString(site.resolve("tables/silver.orders.html"));
    assertThat(silver)
        .contains("small_amounts (warn): amount &lt; 1000")
        .contains("&#39;&lt;&#39; &lt;&gt; &#39;&gt;&#39;")
        .contains(
            "derived: CONCAT(&#39;&lt;b&gt;&#39;, CAST(order_id AS STRING), &#39;&lt;/b&gt;&#39;)")
        .doesNotContain("'<b>'")
        .doesNotContain("amount < 1000");
    String inline =
        silver.substring(
            silver.indexOf("<script type=\"application/json\""),
            silver.indexOf("</script>", silver.indexOf("<script type=\"application/json\"")));
    assertThat(inline).doesNotContain("<b>").contains("\\u003Cb\\u003E");
  }

  @Test
  void anOutThatIsAFileFailsNamingIt() throws Exception {
    Path spec = Files.writeString(dir.resolve("shop.yaml"), SPEC);
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

    assertThat(cli.execute("docs", "--pipeline", spec.toString(), "--out", file.toString()))
        .isEqualTo(1);
    assertThat(cli.err.toString())
        .startsWith("Cannot write the docs site to " + file + ": it is a file, not a directory.")
        .contains("Pass another --out");

    cli.err.getBuffer().setLength(0);
    Path below = file.resolve("site");
    assertThat(cli.execute("docs", "--pipeline", spec.toString(), "--out", below.toString()))
        .isEqualTo(1);
    assertThat(cli.err.toString())
        .startsWith("Cannot write the docs site to " + below + ": Not a directory.")
        .contains("pass another --out");
  }

  @Test
  void anOutThatCannotBeWrittenFailsNamingItAndTheFix() throws Exception {
    Path spec = Files.writeString(dir.resolve("shop.yaml"), SPEC);
    Path readOnly = Files.createDirectories(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(canWrite(readOnly), "this user ignores file permissions (root)");
      assertThat(cli.execute("docs", "--pipeline", spec.toString(), "--out", readOnly.toString()))
          .isEqualTo(1);
      assertThat(cli.err.toString())
          .startsWith("Cannot write the docs site to " + readOnly + ": permission denied.")
          .contains("chmod u+w " + readOnly);
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void theServerServesTheSiteAndNothingOutsideIt() throws Exception {
    Path spec = Files.writeString(dir.resolve("shop.yaml"), SPEC);
    Path site = dir.resolve("site");
    Files.writeString(dir.resolve("secret.txt"), "outside the site");
    assertThat(cli.execute("docs", "--pipeline", spec.toString(), "--out", site.toString()))
        .isZero();

    try (DocsServer server = DocsServer.start(site, 0)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> index = get(http, server.uri());
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(index.body()).contains("<h1>Pipeline shop</h1>");
      HttpResponse<String> script = get(http, server.uri().resolve("assets/lineage.js"));
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type"))
          .hasValue("text/javascript; charset=utf-8");
      assertThat(get(http, server.uri().resolve("tables/silver.orders.html")).statusCode())
          .isEqualTo(200);
      assertThat(get(http, URI.create(server.uri() + "..%2Fsecret.txt")).statusCode())
          .isEqualTo(404);
      assertThat(get(http, server.uri().resolve("no-such-page.html")).statusCode()).isEqualTo(404);
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean canWrite(Path dir) throws Exception {
    try {
      Files.delete(Files.createFile(dir.resolve("probe")));
      return true;
    } catch (AccessDeniedException e) {
      return false;
    }
  }
}
