package io.lakehouseflow.core.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a pipeline spec from YAML and validates it. The YAML is composed into nodes (never
 * constructed into objects), so every problem can name its file, line, column and path.
 */
public final class PipelineSpecLoader {
  private PipelineSpecLoader() {}

  /**
   * Loads and validates the spec in {@code file}.
   *
   * @throws InvalidSpecException with every problem found, sorted by line
   * @throws UnreadableSpecException when the file cannot be read
   */
  public static PipelineSpec load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UnreadableSpecException(
          "Failed to read pipeline spec "
              + file
              + ": "
              + reason(file, e)
              + ". Check the path and its permissions.",
          e);
    }
    return parse(text, file.toString(), Map.of(), ModelFiles.beside(file));
  }

  /** Why {@code file} could not be read, in words: the JDK's messages are often just the path. */
  private static String reason(Path file, IOException e) {
    Path absolute = file.toAbsolutePath().normalize();
    if (e instanceof NoSuchFileException) {
      return "no such file (looked in " + absolute + ")";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied (" + absolute + ")";
    }
    if (Files.isDirectory(file)) {
      return absolute + " is a directory, not a YAML file";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Parses and validates a spec given as text.
   *
   * @param location where the text came from, used in error messages and kept in the spec
   * @throws InvalidSpecException with every problem found, sorted by line
   */
  public static PipelineSpec parse(String yaml, String location) {
    return parse(yaml, location, Map.of());
  }

  /**
   * Parses and validates a spec whose sources hold, beyond their declared columns, the columns
   * {@code bronzeColumns} gives per source (those their bronze tables inferred or added): every
   * reference to them is checked, with the spec's positions, as a declared column's would be.
   */
  public static PipelineSpec parse(
      String yaml, String location, Map<String, List<ColumnSpec>> bronzeColumns) {
    return parse(yaml, location, bronzeColumns, ModelFiles.none());
  }

  /**
   * Parses and validates a spec with its SQL models, read from {@code models}: the files of the
   * directory {@code models/} beside it. Problems of the spec and of its models are reported
   * together.
   */
  public static PipelineSpec parse(
      String yaml,
      String location,
      Map<String, List<ColumnSpec>> bronzeColumns,
      ModelFiles models) {
    ModelReader modelReader = new ModelReader(models);
    SpecLocations locations = new SpecLocations();
    SpecErrors errors = new SpecErrors(location, locations);
    Node root = compose(yaml, errors);
    if (root == null) {
      errors.throwIfAny();
      errors.at(null, "", "the file is empty. Write at least 'name:' and 'sources:'.");
      errors.throwIfAny();
    }
    SpecReader reader = new SpecReader(location, bronzeColumns, modelReader.tables());
    PipelineSpec spec = reader.read(SpecNode.root(root, errors, locations), yaml);
    if (spec != null) {
      new SpecValidator(spec, reader.incomplete(), reader.expressions(), errors).validate();
      spec = spec.withModels(modelReader.models(spec));
    }
    List<SpecError> all = new java.util.ArrayList<>(errors.list());
    all.addAll(modelReader.errors());
    if (!all.isEmpty()) {
      throw new InvalidSpecException(all);
    }
    return spec;
  }

  private static Node compose(String yaml, SpecErrors errors) {
    try {
      return new Yaml(new LoaderOptions()).compose(new java.io.StringReader(yaml));
    } catch (MarkedYAMLException e) {
      errors.at(
          e.getProblemMark(),
          "",
          "not valid YAML: "
              + e.getProblem()
              + (e.getContext() == null ? "" : " " + e.getContext())
              + ". Fix the syntax at this position (indentation, quotes, ':' after keys).");
      return null;
    } catch (YAMLException e) {
      errors.at(null, "", "not valid YAML: " + e.getMessage() + ". Fix the syntax.");
      return null;
    }
  }
}
