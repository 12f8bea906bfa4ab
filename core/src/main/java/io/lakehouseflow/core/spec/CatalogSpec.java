package io.lakehouseflow.core.spec;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Iceberg catalog holding every table of a pipeline.
 *
 * @param type the catalog implementation
 * @param warehouse the warehouse location; a relative path is resolved against the data directory
 * @param properties further catalog properties, passed to Iceberg's catalog loader as is (for
 *     example {@code uri} for jdbc and rest)
 */
public record CatalogSpec(CatalogType type, String warehouse, Map<String, String> properties)
    implements Serializable {
  public static final CatalogSpec DEFAULT =
      new CatalogSpec(CatalogType.HADOOP, "warehouse", Map.of());

  /**
   * Iceberg's S3FileIO properties that hold credentials: refused in a spec, which is committed and
   * logged; S3FileIO then takes them from the AWS SDK's default chain (the environment first).
   */
  public static final Set<String> CREDENTIAL_PROPERTIES =
      Set.of("s3.access-key-id", "s3.secret-access-key", "s3.session-token");

  public CatalogSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(warehouse, "warehouse");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }
}
