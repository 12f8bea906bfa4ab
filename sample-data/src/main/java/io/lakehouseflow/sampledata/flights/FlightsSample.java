package io.lakehouseflow.sampledata.flights;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.sampledata.SampleSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * The flights reference pipeline spec, shipped on the classpath as {@code flights/pipeline.yaml},
 * with its SQL models in {@code flights/models/}.
 */
public final class FlightsSample {
  private static final SampleSpec SPEC =
      new SampleSpec("flights", List.of("customer_lifetime_value", "daily_revenue_by_origin"));

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
   * Writes the spec to {@code directory/pipeline.yaml} and its models to {@code directory/models/},
   * replacing existing files.
   *
   * @return the written file
   */
  public static Path writeSpec(Path directory) {
    return SPEC.writeTo(directory);
  }
}
