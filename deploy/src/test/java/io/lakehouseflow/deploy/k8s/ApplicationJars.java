package io.lakehouseflow.deploy.k8s;

import java.util.List;

/**
 * The application jars the build makes ({@code deploy/target/}) and their entry classes, in one
 * place for the tests that check the manifests and the jars. Kept apart from the manifest tests,
 * whose schema validator needs Jackson 3 on the class path, which only surefire's has.
 */
public final class ApplicationJars {
  /** The jar the build makes for a job and the class its main() is in. */
  public record JobJar(String jar, String entryClass) {}

  public static final JobJar PIPELINE =
      new JobJar("lakehouse-pipeline.jar", "io.lakehouseflow.deploy.app.PipelineApplication");
  public static final JobJar BRONZE =
      new JobJar("lakehouse-ingestion.jar", "io.lakehouseflow.ingestion.BronzeApplication");
  public static final JobJar SILVER =
      new JobJar("lakehouse-transforms.jar", "io.lakehouseflow.transforms.SilverApplication");
  public static final JobJar GOLD =
      new JobJar("lakehouse-modeling.jar", "io.lakehouseflow.modeling.GoldApplication");
  public static final List<JobJar> ALL = List.of(PIPELINE, BRONZE, SILVER, GOLD);

  private ApplicationJars() {}
}
