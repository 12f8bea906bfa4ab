package io.lakehouseflow.core.application;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads Flink's duration syntax: {@code 500ms}, {@code 10s}, {@code 1min}. */
public final class DurationConverter implements ITypeConverter<Duration> {
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
