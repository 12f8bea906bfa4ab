package io.lakehouseflow.sampledata.flights;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightsSampleTest {
  @Test
  void classpathSpecIsTheReferenceFile() throws IOException {
    assertThat(FlightsSample.specYaml())
        .isEqualTo(Files.readString(Path.of("flights/pipeline.yaml")));
  }

  @Test
  void writtenSpecLoads(@TempDir Path dir) {
    Path file = FlightsSample.writeSpec(dir.resolve("conf"));

    PipelineSpec spec = PipelineSpecLoader.load(file);
    assertThat(file).hasFileName("pipeline.yaml");
    assertThat(spec.name()).isEqualTo("flights");
    assertThat(spec.sources().keySet())
        .containsExactly("customers", "airports", "flights", "bookings");
    assertThat(FlightsSample.spec().dimensions()).isEqualTo(spec.dimensions());
    assertThat(spec.models().keySet())
        .containsExactly("customer_lifetime_value", "daily_revenue_by_origin");
  }

  /** The class path cannot be listed, so FlightsSample names its models: all those of the dir. */
  @Test
  void classpathModelsAreTheReferenceDirectorysModels() {
    PipelineSpec reference = PipelineSpecLoader.load(Path.of("flights/pipeline.yaml"));
    PipelineSpec classpath = FlightsSample.spec();

    assertThat(classpath.models().keySet()).isEqualTo(reference.models().keySet()).isNotEmpty();
    reference
        .models()
        .forEach(
            (name, model) -> {
              assertThat(classpath.models().get(name).sql()).isEqualTo(model.sql());
              assertThat(classpath.models().get(name).uniqueKey()).isEqualTo(model.uniqueKey());
            });
  }
}
