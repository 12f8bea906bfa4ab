package io.lakehouseflow.core.application;

import io.lakehouseflow.core.config.RunMode;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code available-now} and {@code continuous}; lists them as completion candidates. For the
 * CLI and the application jars alike.
 */
public final class RunModeConverter implements ITypeConverter<RunMode>, Iterable<String> {
  @Override
  public RunMode convert(String value) {
    for (RunMode mode : RunMode.values()) {
      if (mode.cliName().equalsIgnoreCase(value) || mode.name().equalsIgnoreCase(value)) {
        return mode;
      }
    }
    throw new TypeConversionException(
        "Invalid mode '" + value + "': expected one of available-now, continuous");
  }

  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(RunMode.values()).map(RunMode::cliName).iterator();
  }
}
