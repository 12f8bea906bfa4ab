package io.lakehouseflow.ingestion.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

class LandingFileNamesTest {

  @Test
  void namesLocalFilesRelativeToTheLandingRootAsTheSpecWritesIt() {
    LandingFileNames names = LandingFileNames.of("/data/lakehouse/landing/", "landing");

    assertThat(names.nameOf(new Path("file:/data/lakehouse/landing/bookings/b-0001.csv")))
        .isEqualTo("landing/bookings/b-0001.csv");
  }

  @Test
  void namesObjectStoreFilesRelativeToTheLandingRoot() {
    LandingFileNames names = LandingFileNames.of("s3://bucket/raw", "s3://bucket/raw");

    assertThat(names.nameOf(new Path("s3://bucket/raw/bookings/2024/b.csv")))
        .isEqualTo("s3://bucket/raw/bookings/2024/b.csv");
  }

  @Test
  void keepsTheFullLocationOfAFileOutsideTheRoot() {
    LandingFileNames names = LandingFileNames.of("/data/landing", "landing");

    assertThat(names.nameOf(new Path("file:/data/landing-old/b.csv")))
        .isEqualTo("file:/data/landing-old/b.csv");
  }
}
