package io.lakehouseflow.deploy.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The {@code config.yaml} (and log configuration) of a {@link SessionCluster}: loopback addresses,
 * the given free ports, process sizes small enough for a laptop or a 2-core CI machine, and four
 * slots: a continuous pipeline runs three jobs (a layer each, a slot each at parallelism 1). The
 * TaskManager's managed memory (RocksDB's) is a tenth of its 2 GiB rather than Flink's 40%, so task
 * heap is left for the Iceberg writers, and its network memory is 256 MiB: silver's batch jobs at
 * parallelism 2 shuffle through enough channels to exhaust Flink's 10% next to other jobs.
 */
final class ClusterConfig {
  static final String LOG4J = "log4j.properties";

  private ClusterConfig() {}

  static void write(Path conf, Properties ports) throws IOException {
    Files.createDirectories(conf);
    String opts = String.join(" ", FlinkDistribution.JAVA_17_OPTIONS);
    String yaml =
        """
        # Written by Lakehouse Flow for a local standalone session cluster.
        jobmanager.rpc.address: localhost
        jobmanager.bind-host: localhost
        jobmanager.rpc.port: %s
        jobmanager.memory.process.size: 1024m
        taskmanager.host: localhost
        taskmanager.bind-host: localhost
        taskmanager.memory.process.size: 2048m
        taskmanager.memory.network.min: 256m
        taskmanager.memory.network.max: 256m
        taskmanager.memory.managed.fraction: 0.1
        taskmanager.numberOfTaskSlots: 4
        parallelism.default: 1
        rest.address: localhost
        rest.bind-address: localhost
        rest.port: %s
        cluster.registration.error-delay: 1 s
        env.java.opts.all: "%s"
        """
            .formatted(
                ports.getProperty("jobmanager.rpc.port"), ports.getProperty("rest.port"), opts);
    Files.writeString(conf.resolve("config.yaml"), yaml);
    Files.writeString(
        conf.resolve(LOG4J),
        """
        rootLogger.level = INFO
        rootLogger.appenderRef.file.ref = MainAppender
        appender.main.name = MainAppender
        appender.main.type = File
        appender.main.append = true
        appender.main.fileName = ${sys:log.file}
        appender.main.layout.type = PatternLayout
        appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
        """);
  }
}
