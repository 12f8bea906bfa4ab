package io.lakehouseflow.sampledata.rides;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.sampledata.SampleSpec;
import java.nio.file.Path;

/** The ride-hailing pipeline spec, shipped on the classpath as {@code rides/pipeline.yaml}. */
public final class RidesSample {
  private static final SampleSpec SPEC = new SampleSpec("rides");

  private RidesSample() {}

  /** The spec's YAML text, as written in {@code sample-data/rides/pipeline.yaml}. */
  public static String specYaml() {
    return SPEC.yaml();
  }

  /** The validated spec. */
  public static PipelineSpec spec() {
    return SPEC.spec();
  }

  /**
   * Writes the spec to {@code directory/pipeline.yaml}, replacing an existing file.
   *
   * @return the written file
   */
  public static Path writeSpec(Path directory) {
    return SPEC.writeTo(directory);
  }
}
