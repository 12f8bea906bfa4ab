package io.lakehouseflow.deploy.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Flink as a binary distribution would hold it, built from the Maven artifacts the CLI already
 * ships in {@code deploy/target/lib}: Flink's jars and their dependencies, plus {@code
 * flink-runtime-web} (in {@code cluster-lib/}) so the JobManager serves the web UI and jar uploads.
 * The project's own jars and what the application jars bundle (Iceberg, Hadoop, the Parquet and
 * Avro formats, ...) are left out, so a job that runs on this cluster finds everything else in its
 * jar, as it must on a real distribution.
 */
public final class FlinkDistribution {
  /**
   * Jars in {@code lib/} that are not Flink's: the project's, the ones the application jars bundle
   * (see the shade executions of deploy/pom.xml), and the CLI's own.
   */
  private static final Pattern NOT_FLINK =
      Pattern.compile(
          "(lakehouse-|iceberg-|hadoop-|parquet-|avro-|flink-avro-|flink-parquet-|aircompressor-"
              + "|protobuf-java-|picocli-|progressbar-|jline-|commons-csv-|jackson-|snakeyaml-\\d"
              + "|javax\\.annotation-api-|commons-logging-|commons-pool-|sqlite-jdbc-"
              // The AWS SDK of S3FileIO (software.amazon.awssdk, whose jar names carry no prefix).
              + "|(annotations|arns|auth|aws-[a-z-]+|checksums(-spi)?|crt-core|endpoints-spi"
              + "|eventstream|http-auth(-[a-z-]+)?|http-client-spi|identity-spi|json-utils|kms"
              + "|metrics-spi|profiles|protocol-core|regions|retries(-spi)?|s3|sdk-core|sts"
              + "|third-party-jackson-core|url-connection-client|utils(-lite)?)-2\\.\\d+\\.\\d+"
              + "|reactive-streams-"
              // Metric reporters: a distribution has them in plugins/, not on every process's class
              // path; the CLI's embedded clusters load them from lib/.
              + "|flink-metrics-prometheus-|flink-metrics-dropwizard-|metrics-core-).*\\.jar");

  /**
   * The JVM options Flink's scripts give every process on Java 17 ({@code env.java.opts.all} of the
   * distribution's config.yaml), and the opens the project's jobs need beyond them.
   */
  public static final List<String> JAVA_17_OPTIONS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
          "--add-opens=java.base/java.math=ALL-UNNAMED",
          "--add-opens=java.sql/java.sql=ALL-UNNAMED");

  private final Path target;

  private FlinkDistribution(Path target) {
    this.target = target;
  }

  /**
   * The distribution in {@code target}, the build's {@code deploy/target} (holding {@code lib/},
   * {@code cluster-lib/} and the application jars).
   *
   * @throws IllegalStateException naming what is missing and the build command, when it was not
   *     built
   */
  public static FlinkDistribution in(Path target) {
    for (Path required : List.of(target.resolve("lib"), target.resolve("cluster-lib"))) {
      if (!Files.isDirectory(required)) {
        throw new IllegalStateException(
            "Cannot start a Flink cluster: "
                + required
                + " does not exist. Build the project first: ./mvnw -B -DskipTests package");
      }
    }
    return new FlinkDistribution(target);
  }

  /** The distribution next to the running CLI jar ({@code deploy/target/lakehouse-cli.jar}). */
  public static FlinkDistribution ofRunningCli() {
    try {
      Path location =
          Path.of(
              FlinkDistribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // deploy/target/lakehouse-cli.jar, or deploy/target/classes when run from the build.
      return in(location.getParent());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the CLI jar", e);
    }
  }

  /** The build directory: where the application jars are. */
  public Path target() {
    return target;
  }

  /** An application jar of the build, such as {@code lakehouse-ingestion.jar}. */
  public Path applicationJar(String name) {
    return target.resolve(name);
  }

  /** The class path of every Flink process: Flink's jars, sorted by name. */
  public String classPath() {
    List<String> jars = new ArrayList<>();
    for (Path dir : List.of(target.resolve("lib"), target.resolve("cluster-lib"))) {
      try (Stream<Path> files = Files.list(dir)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(".jar"))
            .filter(f -> !NOT_FLINK.matcher(f.getFileName().toString()).matches())
            .map(Path::toString)
            .forEach(jars::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to list " + dir, e);
      }
    }
    jars.sort(null);
    return String.join(java.io.File.pathSeparator, jars);
  }
}
