package io.lakehouseflow.core.catalog;

import io.lakehouseflow.core.spec.CatalogSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.CatalogProperties;

/**
 * The S3-compatible object store a catalog's properties declare, as each of its two clients is
 * configured: Iceberg's {@code S3FileIO} for tables, Flink's S3 filesystem for checkpoints and
 * savepoints. The spec declares the store once, with Iceberg's keys ({@code s3.endpoint}, {@code
 * s3.path-style-access}, {@code client.region}); credentials are never among them, both clients
 * take them from the environment (the AWS SDK's default chain).
 */
public final class ObjectStore {
  /** The FileIO of a warehouse on {@code s3://}, when the spec sets no {@code io-impl}. */
  public static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

  private static final String ENDPOINT = "s3.endpoint";
  private static final String PATH_STYLE_ACCESS = "s3.path-style-access";
  private static final String REGION = "client.region";
  // The one HTTP client the jars ship (the JDK's URLConnection); Iceberg's default is Apache's.
  private static final String HTTP_CLIENT_TYPE = "http-client.type";

  private ObjectStore() {}

  /**
   * Whether {@code location} is on S3 (or an S3-compatible store): {@code s3://}, {@code s3a://}.
   */
  public static boolean isS3(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    return lower.startsWith("s3://") || lower.startsWith("s3a://");
  }

  /**
   * The catalog properties with the defaults a warehouse on S3 needs: {@code S3FileIO} and the
   * URLConnection HTTP client. A property the spec sets is kept.
   */
  static Map<String, String> withS3Defaults(Map<String, String> properties) {
    Map<String, String> props = new LinkedHashMap<>(properties);
    String warehouse = props.getOrDefault(CatalogProperties.WAREHOUSE_LOCATION, "");
    if (isS3(warehouse)) {
      props.putIfAbsent(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
      props.putIfAbsent(HTTP_CLIENT_TYPE, "urlconnection");
    }
    return props;
  }

  /**
   * The options of Flink's S3 filesystem ({@code flink-s3-fs-hadoop}) for the store {@code catalog}
   * declares, so that checkpoints reach the same endpoint as the tables: {@code s3.endpoint},
   * {@code s3.path.style.access} and {@code s3.endpoint.region}. Empty when the catalog declares no
   * endpoint (AWS itself, found from the region).
   */
  public static Configuration flinkFileSystemOptions(CatalogSpec catalog) {
    Map<String, String> props = catalog.properties();
    Configuration options = new Configuration();
    if (props.containsKey(ENDPOINT)) {
      options.setString("s3.endpoint", props.get(ENDPOINT));
    }
    if (props.containsKey(PATH_STYLE_ACCESS)) {
      options.setString("s3.path.style.access", props.get(PATH_STYLE_ACCESS));
    }
    if (props.containsKey(REGION)) {
      options.setString("s3.endpoint.region", props.get(REGION));
    }
    return options;
  }
}
