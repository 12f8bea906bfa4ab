package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.core.config.LakehouseOptions;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

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
}
