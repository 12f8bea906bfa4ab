package io.lakehouseflow.sampledata;

import io.lakehouseflow.core.spec.ModelFiles;
import io.lakehouseflow.core.spec.PipelineSpec;
import io.lakehouseflow.core.spec.PipelineSpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pipeline spec of a sample domain, shipped on the classpath as {@code <domain>/pipeline.yaml}
 * from {@code sample-data/<domain>/pipeline.yaml}, with its SQL models ({@code
 * <domain>/models/<name>.sql} and {@code .yaml}).
 *
 * @param domain the domain name, also the spec's directory, for example {@code flights}
 * @param models the names of its SQL models: a class path cannot be listed
 */
public record SampleSpec(String domain, List<String> models) {
  public SampleSpec {
    models = List.copyOf(models);
  }

  /** A domain without SQL models. */
  public SampleSpec(String domain) {
    this(domain, List.of());
  }

  /** The classpath resource holding the spec. */
  public String resource() {
    return domain + "/pipeline.yaml";
  }

  /** The spec's YAML text, as written in {@code sample-data/<domain>/pipeline.yaml}. */
  public String yaml() {
    return read(resource());
  }

  /** The files of the SQL models, by file name, as the loader reads them beside a spec file. */
  public ModelFiles modelFiles() {
    Map<String, String> files = new TreeMap<>();
    for (String model : models) {
      for (String file : List.of(model + ".sql", model + ".yaml")) {
        files.put(file, read(domain + "/" + ModelFiles.DIRECTORY + "/" + file));
      }
    }
    return ModelFiles.of(domain + "/" + ModelFiles.DIRECTORY, files);
  }

  private static String read(String resource) {
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
    return PipelineSpecLoader.parse(yaml(), resource(), Map.of(), modelFiles());
  }

  /**
   * Writes the spec to {@code directory/pipeline.yaml} and its models to {@code directory/models/},
   * replacing existing files.
   *
   * @return the written file
   */
  public Path writeTo(Path directory) {
    Path file = directory.resolve("pipeline.yaml");
    try {
      Files.createDirectories(directory);
      Files.writeString(file, yaml(), StandardCharsets.UTF_8);
      if (!models.isEmpty()) {
        Path dir = Files.createDirectories(directory.resolve(ModelFiles.DIRECTORY));
        for (Map.Entry<String, String> model : modelFiles().files().entrySet()) {
          Files.writeString(dir.resolve(model.getKey()), model.getValue(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write the " + domain + " spec to " + file, e);
    }
    return file;
  }
}
