package io.lakehouseflow.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's spec examples are copies of files under {@code docs/examples}, marked in the README by
 * the file they copy; this test loads each file and checks the README holds it verbatim, so the
 * README and the tested files cannot drift apart.
 */
class ReadmeExamplesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  // <!-- example: docs/examples/pipeline.yaml --> then a fenced block: the file's text.
  // <!-- example-errors: docs/examples/bad.yaml --> then a fenced block: the command and its
  // errors.
  // <!-- example-model: docs/examples/x/models/m.yaml --> then a fenced block: a SQL model's file.
  private static final Pattern EXAMPLE =
      Pattern.compile(
          "<!-- (example|example-errors|example-model): (\\S+) -->\\n```[a-z]*\\n(.*?)```\\n",
          Pattern.DOTALL);

  private record Example(String kind, Path file, String block) {}

  @Test
  void everySpecExampleIsAValidFileCopiedVerbatim() throws IOException {
    List<Example> specs = examples().stream().filter(e -> e.kind().equals("example")).toList();
    assertThat(specs).as("spec examples in README").isNotEmpty();
    for (Example example : specs) {
      String text = Files.readString(example.file(), StandardCharsets.UTF_8);
      PipelineSpecLoader.load(example.file()); // throws when the example is not a valid spec
      assertThat(example.block()).as("README's copy of " + example.file()).isEqualTo(text);
    }
  }

  /** A model's file is checked by loading the spec it sits beside, which must hold the model. */
  @Test
  void everyModelExampleIsAFileOfAModelItsSpecLoads() throws IOException {
    List<Example> models =
        examples().stream().filter(e -> e.kind().equals("example-model")).toList();
    assertThat(models).as("SQL model examples in README").isNotEmpty();
    for (Example example : models) {
      String text = Files.readString(example.file(), StandardCharsets.UTF_8);
      assertThat(example.block()).as("README's copy of " + example.file()).isEqualTo(text);
      String fileName = example.file().getFileName().toString();
      PipelineSpec spec =
          PipelineSpecLoader.load(example.file().getParent().resolveSibling("pipeline.yaml"));
      assertThat(spec.models()).containsKey(fileName.substring(0, fileName.lastIndexOf('.')));
    }
  }

  @Test
  void everyErrorExampleIsWhatTheLoaderSaysOfItsFile() throws IOException {
    List<Example> errors =
        examples().stream().filter(e -> e.kind().equals("example-errors")).toList();
    assertThat(errors).as("error examples in README").hasSizeGreaterThanOrEqualTo(2);
    for (Example example : errors) {
      String name = example.file().getFileName().toString();
      String text = Files.readString(example.file(), StandardCharsets.UTF_8);
      assertThatThrownBy(() -> PipelineSpecLoader.parse(text, name))
          .isInstanceOf(InvalidSpecException.class)
          .satisfies(
              e ->
                  assertThat(example.block())
                      .as("README's errors of " + example.file())
                      .isEqualTo(
                          "$ ./lakehouse run --pipeline " + name + "\n" + e.getMessage() + "\n"));
    }
  }

  @Test
  void everyYamlBlockInTheReadmeIsAMarkedExample() throws IOException {
    String readme = readme();
    int yamlBlocks = readme.split("```yaml\\n", -1).length - 1;
    long marked =
        examples().stream()
            .filter(
                e ->
                    e.kind().equals("example")
                        || e.kind().equals("example-model")
                            && e.file().toString().endsWith(".yaml"))
            .count();
    assertThat(marked).as("```yaml blocks copied from a file").isEqualTo(yamlBlocks);
  }

  private static List<Example> examples() throws IOException {
    List<Example> examples = new ArrayList<>();
    Matcher m = EXAMPLE.matcher(readme());
    while (m.find()) {
      examples.add(new Example(m.group(1), ROOT.resolve(m.group(2)), m.group(3)));
    }
    return examples;
  }

  private static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
  }
}
