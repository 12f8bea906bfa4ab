package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.LakehouseOptions;
import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * Takes the defaults of run options from their {@link LakehouseOptions} declarations, so each
 * default is written once and {@code --help} shows the value a run really uses.
 */
final class OptionDefaults implements IDefaultValueProvider {
  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    return switch (option.longestName()) {
      case "--mode" -> LakehouseOptions.MODE.defaultValue().cliName();
      case "--checkpoint-interval" ->
          TimeUtils.formatWithHighestUnit(LakehouseOptions.CHECKPOINT_INTERVAL.defaultValue());
      default -> null;
    };
  }

  /** Reads Flink's duration syntax: {@code 500ms}, {@code 10s}, {@code 1min}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return TimeUtils.parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "Invalid duration '" + value + "': write a number and a unit, e.g. 500ms, 10s, 1min");
      }
    }
  }
}
