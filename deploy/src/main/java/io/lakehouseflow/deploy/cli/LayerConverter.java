package io.lakehouseflow.deploy.cli;

import io.lakehouseflow.deploy.run.PipelineRunner.Layer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code bronze}, {@code silver} and {@code gold}; lists them as completion candidates. */
final class LayerConverter implements ITypeConverter<Layer>, Iterable<String> {
  @Override
  public Layer convert(String value) {
    for (Layer layer : Layer.values()) {
      if (layer.cliName().equalsIgnoreCase(value.trim())) {
        return layer;
      }
    }
    throw new TypeConversionException(
        "Invalid layer '"
            + value
            + "': expected one of "
            + Arrays.stream(Layer.values()).map(Layer::cliName).collect(Collectors.joining(", "))
            + ". List the layers to run comma-separated, for example --layers bronze,silver");
  }

  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(Layer.values()).map(Layer::cliName).iterator();
  }
}
