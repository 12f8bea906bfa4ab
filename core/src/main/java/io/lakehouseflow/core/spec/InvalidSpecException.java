package io.lakehouseflow.core.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline spec that cannot run; carries every error found, sorted by location. */
public class InvalidSpecException extends RuntimeException {
  private final List<SpecError> errors;

  public InvalidSpecException(List<SpecError> errors) {
    super(format(errors));
    this.errors = errors.stream().sorted().toList();
  }

  public List<SpecError> errors() {
    return errors;
  }

  private static String format(List<SpecError> errors) {
    List<SpecError> sorted = errors.stream().sorted().toList();
    String head = sorted.size() == 1 ? "" : sorted.size() + " errors in pipeline spec:\n";
    return head + sorted.stream().map(SpecError::toString).collect(Collectors.joining("\n"));
  }
}
