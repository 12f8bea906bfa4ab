package io.lakehouseflow.deploy.cluster;

import java.nio.file.Path;

/** The {@code java} of the running JVM, for the Flink processes it starts. */
final class JavaProcess {
  private JavaProcess() {}

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
