package io.lakehouseflow.core.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The SQL models' files of a spec as read, before they are checked: each {@code <name>.sql} and
 * {@code <name>.yaml} of the directory {@code models/} beside the spec, by file name. Readers of
 * other stores (Flink's file systems, the classpath) build it with {@link #of}.
 *
 * @param directory where the files are, as messages name it ({@code sample/models})
 * @param files the text of each file, by file name ({@code daily_revenue.sql})
 */
public record ModelFiles(String directory, Map<String, String> files) {
  /** The directory of a spec's models, beside the spec file. */
  public static final String DIRECTORY = "models";

  public ModelFiles {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /** No models. */
  public static ModelFiles none() {
    return new ModelFiles(DIRECTORY, Map.of());
  }

  public static ModelFiles of(String directory, Map<String, String> files) {
    return new ModelFiles(directory, files);
  }

  /**
   * The {@code .sql} and {@code .yaml} files of the directory {@code models/} beside {@code
   * specFile}; none when it does not exist.
   *
   * @throws UnreadableSpecException when a file cannot be read
   */
  public static ModelFiles beside(Path specFile) {
    Path parent = specFile.toAbsolutePath().getParent();
    Path dir = parent == null ? Path.of(DIRECTORY) : parent.resolve(DIRECTORY);
    String shown =
        specFile.getParent() == null
            ? DIRECTORY
            : specFile.getParent().resolve(DIRECTORY).toString();
    if (!Files.isDirectory(dir)) {
      return new ModelFiles(shown, Map.of());
    }
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> listed = Files.list(dir)) {
      for (Path file : listed.filter(ModelFiles::isModelFile).toList()) {
        files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UnreadableSpecException(
          "Failed to read the SQL models in " + dir + ": " + e + ". Check its permissions.", e);
    }
    return new ModelFiles(shown, files);
  }

  /** Whether a file of the models directory is one: {@code .sql} or {@code .yaml}. */
  public static boolean isModelFile(Path file) {
    return isModelFile(file.getFileName().toString()) && Files.isRegularFile(file);
  }

  /** Whether {@code fileName} names a model's SQL or YAML. */
  public static boolean isModelFile(String fileName) {
    return List.of(".sql", ".yaml").stream().anyMatch(fileName::endsWith);
  }

  /** The location of {@code fileName} in messages. */
  String location(String fileName) {
    return directory + "/" + fileName;
  }
}
