package io.lakehouseflow.sampledata.flights;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The flights reference pipeline spec, shipped on the classpath as {@code flights/pipeline.yaml}.
 */
public final class FlightsSample {
  /** The classpath resource holding the spec. */
  public static final String SPEC_RESOURCE = "flights/pipeline.yaml";

  private FlightsSample() {}

  /** The spec's YAML text, as written in {@code sample-data/flights/pipeline.yaml}. */
  public static String specYaml() {
    try (InputStream in = FlightsSample.class.getClassLoader().getResourceAsStream(SPEC_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot find "
                + SPEC_RESOURCE
                + " on the classpath: the"
                + " sample-data jar is incomplete. Rebuild it with ./mvnw package -pl sample-data.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + SPEC_RESOURCE + " from the classpath", e);
    }
  }

  /** The validated spec. */
  public static PipelineSpec spec() {
    return PipelineSpecLoader.parse(specYaml(), SPEC_RESOURCE);
  }

  /**
   * Writes the spec to {@code directory/pipeline.yaml}, replacing an existing file.
   *
   * @return the written file
   */
  public static Path writeSpec(Path directory) {
    Path file = directory.resolve("pipeline.yaml");
    try {
      Files.createDirectories(directory);
      Files.writeString(file, specYaml(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write the flights spec to " + file, e);
    }
    return file;
  }
}
