package io.lakehouseflow.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A real Flink standalone session cluster on this machine: a JobManager JVM ({@code
 * StandaloneSessionClusterEntrypoint}) and a TaskManager JVM ({@code TaskManagerRunner}) on
 * loopback, started from Flink's Maven artifacts ({@link FlinkDistribution}) as Flink's own scripts
 * start them: a generated {@code config.yaml}, JVM memory flags computed by Flink's {@code
 * BashJavaUtils}, the Java 17 options of Flink's scripts. Everything lives in one directory: {@code
 * conf/}, {@code log/}, and the processes' PID files, by which {@link #stop} ends them.
 */
public final class SessionCluster {
  private static final String JOB_MANAGER = "jobmanager";
  private static final String TASK_MANAGER = "taskmanager";
  private static final String PORTS = "ports.properties";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final FlinkDistribution flink;

  private SessionCluster(Path directory, FlinkDistribution flink) {
    this.directory = directory.toAbsolutePath().normalize();
    this.flink = flink;
  }

  /** The cluster kept in {@code directory}, running or not, with Flink from {@code flink}. */
  public static SessionCluster in(Path directory, FlinkDistribution flink) {
    return new SessionCluster(directory, flink);
  }

  public Path directory() {
    return directory;
  }

  /** The directory of the generated {@code config.yaml}: Flink's CLI reads it too. */
  public Path configDirectory() {
    return directory.resolve("conf");
  }

  /** The REST endpoint, {@code http://localhost:<port>}, of a started cluster. */
  public URI restAddress() {
    return URI.create("http://localhost:" + ports().getProperty("rest.port"));
  }

  /**
   * Starts the JobManager and the TaskManager and waits until the TaskManager has registered its
   * slots.
   *
   * @throws IllegalStateException when a cluster of this directory runs already, or the processes
   *     do not come up in time (with the tail of their logs)
   */
  public void start() throws IOException, InterruptedException {
    if (!runningProcesses().isEmpty()) {
      throw new IllegalStateException(
          "A Flink cluster already runs from "
              + directory
              + " (PIDs "
              + runningProcesses()
              + "). Stop it first: ./lakehouse cluster stop");
    }
    Files.createDirectories(directory.resolve("log"));
    Properties ports = new Properties();
    ports.setProperty("rest.port", Integer.toString(freePort()));
    ports.setProperty("jobmanager.rpc.port", Integer.toString(freePort()));
    try (var out = Files.newBufferedWriter(directory.resolve(PORTS))) {
      ports.store(out, "ports of the Flink session cluster in this directory");
    }
    ClusterConfig.write(configDirectory(), ports);

    launch(
        JOB_MANAGER,
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
        "GET_JM_RESOURCE_PARAMS");
    launch(
        TASK_MANAGER,
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        "GET_TM_RESOURCE_PARAMS");
    awaitSlots();
  }

  /** Ends both processes by their PIDs (gracefully, then forcibly); a stopped cluster is left. */
  public void stop() throws IOException {
    for (String process : List.of(TASK_MANAGER, JOB_MANAGER)) {
      Path pidFile = pidFile(process);
      Optional<ProcessHandle> handle = handle(process);
      if (handle.isPresent()) {
        ProcessHandle p = handle.get();
        p.destroy();
        try {
          p.onExit().get(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          p.destroyForcibly();
        }
      }
      Files.deleteIfExists(pidFile);
    }
  }

  /** The PIDs of this cluster's processes that are alive. */
  public List<Long> runningProcesses() {
    List<Long> pids = new ArrayList<>();
    for (String process : List.of(JOB_MANAGER, TASK_MANAGER)) {
      handle(process).ifPresent(p -> pids.add(p.pid()));
    }
    return pids;
  }

  /** The cluster's {@code /overview}: task managers, slots and jobs, as Flink's REST API gives. */
  public JsonNode overview() throws IOException, InterruptedException {
    return get("/overview");
  }

  /** A GET of Flink's REST API, such as {@code /jobs/overview}. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(restAddress().resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + path + " of " + restAddress() + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** The last lines of a process's log, for failure messages. */
  public String logTail(String process) {
    Path log = directory.resolve("log").resolve(process + ".log");
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private void launch(String process, String mainClass, String resourceParams)
      throws IOException, InterruptedException {
    MemoryParameters memory = MemoryParameters.compute(flink, configDirectory(), resourceParams);
    List<String> command = new ArrayList<>();
    command.add(JavaProcess.java());
    command.addAll(memory.jvmOptions());
    command.addAll(FlinkDistribution.JAVA_17_OPTIONS);
    command.add("-Dlog.file=" + directory.resolve("log").resolve(process + ".log"));
    command.add(
        "-Dlog4j.configurationFile=" + configDirectory().resolve(ClusterConfig.LOG4J).toUri());
    command.add("-classpath");
    command.add(flink.classPath());
    command.add(mainClass);
    command.add("--configDir");
    command.add(configDirectory().toString());
    command.addAll(memory.dynamicProperties());
    Process started =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("log").resolve(process + ".out").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    Files.writeString(pidFile(process), Long.toString(started.pid()), StandardCharsets.UTF_8);
  }

  private void awaitSlots() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    String last = "no answer yet";
    while (Instant.now().isBefore(deadline)) {
      for (String process : List.of(JOB_MANAGER, TASK_MANAGER)) {
        if (handle(process).isEmpty()) {
          throw new IllegalStateException(
              "The Flink "
                  + process
                  + " exited while starting; its log ends with:\n"
                  + logTail(process));
        }
      }
      try {
        JsonNode overview = overview();
        last = overview.toString();
        if (overview.path("taskmanagers").asInt() >= 1
            && overview.path("slots-total").asInt() >= 1) {
          return;
        }
      } catch (IOException e) {
        last = e.toString(); // the REST endpoint is not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "The Flink cluster in "
            + directory
            + " did not register a TaskManager within "
            + START_TIMEOUT.toSeconds()
            + " s (last overview: "
            + last
            + "). JobManager log:\n"
            + logTail(JOB_MANAGER)
            + "\nTaskManager log:\n"
            + logTail(TASK_MANAGER));
  }

  private Properties ports() {
    Properties ports = new Properties();
    try (var in = Files.newBufferedReader(directory.resolve(PORTS))) {
      ports.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "No Flink cluster was started from "
              + directory
              + ": start one with ./lakehouse cluster start",
          e);
    }
    return ports;
  }

  private Path pidFile(String process) {
    return directory.resolve(process + ".pid");
  }

  private Optional<ProcessHandle> handle(String process) {
    Path pidFile = pidFile(process);
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
