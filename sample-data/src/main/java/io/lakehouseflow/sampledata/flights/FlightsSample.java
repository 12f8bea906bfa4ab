package io.lakehouseflow.sampledata.flights;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.sampledata.SampleSpec;
import java.nio.file.Path;

/**
 * The flights reference pipeline spec, shipped on the classpath as {@code flights/pipeline.yaml}.
 */
public final class FlightsSample {
  private static final SampleSpec SPEC = new SampleSpec("flights");

  /** The classpath resource holding the spec. */
  public static final String SPEC_RESOURCE = SPEC.resource();

  private FlightsSample() {}

  /** The spec's YAML text, as written in {@code sample-data/flights/pipeline.yaml}. */
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
