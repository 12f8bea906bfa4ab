package io.lakehouseflow.deploy.reset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageRootTest {
  @Test
  void localLocationsAreComparedAsPathsWhateverTheirSpelling() {
    StorageRoot root = new StorageRoot("/data/copy/warehouse");
    assertThat(root.contains("/data/copy/warehouse/silver/bookings")).isTrue();
    assertThat(root.contains("file:/data/copy/warehouse/silver/bookings/data/a.parquet")).isTrue();
    assertThat(root.contains("file:///data/copy/warehouse/silver/bookings")).isTrue();
    assertThat(root.contains("/data/copy/warehouse")).isTrue();
    // A copy still names the original's files; a sibling with a common prefix is not inside.
    assertThat(root.contains("/data/original/warehouse/silver/bookings")).isFalse();
    assertThat(root.contains("/data/copy/warehouse-old/silver/bookings")).isFalse();
    assertThat(root.contains("/data/copy/warehouse/../../original/warehouse/x")).isFalse();
    assertThat(root.contains("s3://bucket/data/copy/warehouse/x")).isFalse();
  }

  @Test
  void localPathsWithSpacesAreNotUriEncoded() {
    StorageRoot root = new StorageRoot("/data/my lake/warehouse");
    assertThat(root.contains("file:/data/my lake/warehouse/bronze/orders/a.parquet")).isTrue();
    assertThat(root.contains("/data/my lake 2/warehouse/bronze/orders")).isFalse();
  }

  @Test
  void objectStorageLocationsNeedTheSameBucketAndAPathPrefix() {
    StorageRoot root = new StorageRoot("s3://lake/warehouse/");
    assertThat(root.contains("s3://lake/warehouse/gold/fact_order/data/x.parquet")).isTrue();
    assertThat(root.contains("s3://other/warehouse/gold/fact_order")).isFalse();
    assertThat(root.contains("s3://lake/warehouse2/gold/fact_order")).isFalse();
    assertThat(root.contains("/lake/warehouse/gold/fact_order")).isFalse();
  }
}
