package io.lakehouseflow.sampledata;

import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pipeline spec of a sample domain, shipped on the classpath as {@code <domain>/pipeline.yaml}
 * from {@code sample-data/<domain>/pipeline.yaml}.
 *
 * @param domain the domain name, also the spec's directory, for example {@code flights}
 */
public record SampleSpec(String domain) {
  /** The classpath resource holding the spec. */
  public String resource() {
    return domain + "/pipeline.yaml";
  }

  /** The spec's YAML text, as written in {@code sample-data/<domain>/pipeline.yaml}. */
  public String yaml() {
    String resource = resource();
    try (InputStream in = SampleSpec.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot find "
                + resource
                + " on the classpath: the"
                + " sample-data jar is incomplete. Rebuild it with ./mvnw package -pl sample-data.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + resource + " from the classpath", e);
    }
  }

  /** The validated spec. */
  public PipelineSpec spec() {
    return PipelineSpecLoader.parse(yaml(), resource());
  }

  /**
   * Writes the spec to {@code directory/pipeline.yaml}, replacing an existing file.
   *
   * @return the written file
   */
  public Path writeTo(Path directory) {
    Path file = directory.resolve("pipeline.yaml");
    try {
      Files.createDirectories(directory);
      Files.writeString(file, yaml(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write the " + domain + " spec to " + file, e);
    }
    return file;
  }
}
