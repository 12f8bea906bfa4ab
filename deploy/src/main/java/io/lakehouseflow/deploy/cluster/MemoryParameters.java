package io.lakehouseflow.deploy.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM memory flags ({@code -Xmx}, {@code -Xms}, ...) and dynamic properties ({@code -D
 * taskmanager.memory...=...}) of a Flink process, computed from {@code config.yaml} by Flink's own
 * {@code BashJavaUtils}, as {@code jobmanager.sh} and {@code taskmanager.sh} do, so the processes
 * are sized exactly as Flink's scripts would size them.
 *
 * @param jvmOptions the JVM flags
 * @param dynamicProperties the {@code -D key=value} arguments of the entry point
 */
record MemoryParameters(List<String> jvmOptions, List<String> dynamicProperties) {
  private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

  /** Runs {@code BashJavaUtils <command> --configDir <conf>}: GET_JM_ or GET_TM_RESOURCE_PARAMS. */
  static MemoryParameters compute(FlinkDistribution flink, Path conf, String command)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    args.add(JavaProcess.java());
    args.addAll(FlinkDistribution.JAVA_17_OPTIONS);
    args.addAll(
        List.of(
            "-classpath",
            flink.classPath(),
            "org.apache.flink.runtime.util.bash.BashJavaUtils",
            command,
            "--configDir",
            conf.toString()));
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    List<String> results =
        output
            .lines()
            .filter(l -> l.startsWith(RESULT))
            .map(l -> l.substring(RESULT.length()))
            .toList();
    if (exit != 0 || results.size() < 2) {
      throw new IllegalStateException(
          "Flink's BashJavaUtils " + command + " failed (exit " + exit + "):\n" + output);
    }
    return new MemoryParameters(split(results.get(0)), split(results.get(1)));
  }

  private static List<String> split(String line) {
    return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
