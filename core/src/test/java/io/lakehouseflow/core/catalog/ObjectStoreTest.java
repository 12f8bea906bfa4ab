package io.lakehouseflow.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.config.DataLayout;
import io.lakehouseflow.core.spec.CatalogSpec;
import io.lakehouseflow.core.spec.CatalogType;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {
  private static final Map<String, String> S3 =
      Map.of(
          "uri", "jdbc:sqlite:/tmp/c.db",
          "s3.endpoint", "http://127.0.0.1:9000",
          "s3.path-style-access", "true",
          "client.region", "eu-west-1");

  @Test
  void anS3WarehouseGetsS3FileIoAndTheUrlConnectionClientUnlessTheSpecSetsThem() {
    assertThat(ObjectStore.withS3Defaults(Map.of("warehouse", "s3://bucket/wh")))
        .containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
        .containsEntry("http-client.type", "urlconnection");
    assertThat(
            ObjectStore.withS3Defaults(
                Map.of("warehouse", "s3a://bucket/wh", "io-impl", "com.example.MyFileIO")))
        .containsEntry("io-impl", "com.example.MyFileIO");
    assertThat(ObjectStore.withS3Defaults(Map.of("warehouse", "/var/lakehouse/warehouse")))
        .doesNotContainKeys("io-impl", "http-client.type");
  }

  @Test
  void theCatalogOfAnS3WarehouseCarriesTheDefaults() {
    LakehouseCatalog catalog =
        LakehouseCatalog.of(
            new CatalogSpec(CatalogType.JDBC, "s3://bucket/wh", S3), new DataLayout(Path.of("x")));
    assertThat(catalog.warehouse()).isEqualTo("s3://bucket/wh");
    assertThat(catalog.flinkCatalogOptions())
        .containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
        .containsEntry("s3.endpoint", "http://127.0.0.1:9000");
  }

  @Test
  void flinksS3FilesystemGetsTheSameEndpointUnderItsOwnKeys() {
    Configuration options =
        ObjectStore.flinkFileSystemOptions(new CatalogSpec(CatalogType.JDBC, "s3://bucket/wh", S3));
    assertThat(options.toMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "s3.endpoint", "http://127.0.0.1:9000",
                "s3.path.style.access", "true",
                "s3.endpoint.region", "eu-west-1"));
    assertThat(ObjectStore.flinkFileSystemOptions(CatalogSpec.DEFAULT).toMap()).isEmpty();
  }
}
