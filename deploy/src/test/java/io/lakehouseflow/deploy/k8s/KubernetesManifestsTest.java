package io.lakehouseflow.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouseflow.deploy.k8s.ApplicationJars.JobJar;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests in {@code deploy/k8s/}: valid against the Flink Kubernetes operator's
 * own CRD schemas (strict, so a misspelt field fails here and not silently in a cluster), running
 * the jars and entry classes the build makes, with the sample spec, state on object storage and no
 * credential in them.
 */
class KubernetesManifestsTest {
  private static final JobJar PIPELINE = ApplicationJars.PIPELINE;
  private static final JobJar BRONZE = ApplicationJars.BRONZE;
  private static final JobJar SILVER = ApplicationJars.SILVER;
  private static final JobJar GOLD = ApplicationJars.GOLD;
  private static final List<JobJar> ALL_JARS = ApplicationJars.ALL;

  static final String IMAGE = "lakehouse-flow:0.1.0";
  static final String USRLIB = "/opt/flink/usrlib/";
  static final String SPEC_DIRECTORY = "/opt/lakehouse/spec";
  static final String SPEC_FILE = SPEC_DIRECTORY + "/pipeline.yaml";
  static final String DATA_DIR = "s3://lakehouse-flow/lakehouse";
  static final List<String> ARGS =
      List.of("--pipeline", SPEC_FILE, "--mode", "continuous", "--data-dir", DATA_DIR);

  private static final Path K8S = Path.of("k8s");
  private static final Path APPLICATION = K8S.resolve("application.yaml");
  private static final Path SESSION = K8S.resolve("session.yaml");
  private static final Path PIPELINE_SPEC = K8S.resolve("pipeline-spec.yaml");
  private static final Path DOCKERFILE = K8S.resolve("Dockerfile");
  private static final Path FLIGHTS_SPEC = Path.of("../sample-data/flights/pipeline.yaml");

  private static final OperatorCrd DEPLOYMENT = OperatorCrd.flinkDeployment();
  private static final OperatorCrd SESSION_JOB = OperatorCrd.flinkSessionJob();

  private static final Set<String> OBJECT_STORE_SCHEMES = Set.of("s3", "s3a", "gs", "abfss");
  private static final Pattern CREDENTIAL_NAME =
      Pattern.compile(
          "(?i).*(access[-._]?key|secret[-._]?key|secret|password|passwd|token|credential).*");
  private static final Pattern AWS_ACCESS_KEY_ID = Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}");

  /** The manifests name entry classes the build has, each with a main(String[]). */
  @Test
  void everyEntryClassExistsWithAMainMethod() throws Exception {
    for (JobJar job : ALL_JARS) {
      java.lang.reflect.Method main =
          Class.forName(job.entryClass()).getMethod("main", String[].class);
      assertThat(java.lang.reflect.Modifier.isStatic(main.getModifiers()))
          .as("%s.main is static", job.entryClass())
          .isTrue();
    }
  }

  @Test
  void everyDocumentIsValidAgainstTheOperatorsCrds() throws IOException {
    try (Stream<Path> files = Files.list(K8S)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "Dockerfile", "application.yaml", "session.yaml", "pipeline-spec.yaml");
    }
    List<String> problems = new ArrayList<>();
    for (Path file : List.of(APPLICATION, SESSION, PIPELINE_SPEC)) {
      for (Map<String, Object> document : documents(file)) {
        problems.addAll(
            problems(document).stream().map(p -> file + ": " + p).collect(Collectors.toList()));
      }
    }

    assertThat(problems).isEmpty();
    assertThat(kinds(APPLICATION)).containsExactly("FlinkDeployment");
    assertThat(kinds(SESSION))
        .containsExactly(
            "FlinkDeployment", "FlinkSessionJob", "FlinkSessionJob", "FlinkSessionJob");
    assertThat(kinds(PIPELINE_SPEC)).containsExactly("ConfigMap");
  }

  static Stream<Arguments> plantedMistakes() {
    return Stream.of(
        Arguments.of(
            "unknown field spec.jobb",
            APPLICATION,
            (Consumer<Map<String, Object>>) d -> spec(d).put("jobb", map(spec(d), "job")),
            "spec: property 'jobb' is not defined in the schema"),
        Arguments.of(
            "unknown field in the pod template's container",
            APPLICATION,
            (Consumer<Map<String, Object>>) d -> container(d).put("envv", List.of()),
            "spec/podTemplate/spec/containers/0: property 'envv' is not defined"),
        Arguments.of(
            "an integer where flinkConfiguration takes strings",
            APPLICATION,
            (Consumer<Map<String, Object>>)
                d -> map(spec(d), "flinkConfiguration").put("taskmanager.numberOfTaskSlots", 2),
            "spec/flinkConfiguration/taskmanager.numberOfTaskSlots: integer found, string expected"),
        Arguments.of(
            "a string where resource.cpu takes a number",
            APPLICATION,
            (Consumer<Map<String, Object>>)
                d -> map(map(spec(d), "taskManager"), "resource").put("cpu", "one"),
            "spec/taskManager/resource/cpu: string found, number expected"),
        Arguments.of(
            "upgradeMode not in the enum",
            APPLICATION,
            (Consumer<Map<String, Object>>)
                d -> map(spec(d), "job").put("upgradeMode", "last_state"),
            "spec/job/upgradeMode: does not have a value in the enumeration"),
        Arguments.of(
            "a Flink version neither the CRD nor the extension has",
            APPLICATION,
            (Consumer<Map<String, Object>>) d -> spec(d).put("flinkVersion", "v2_2"),
            "spec/flinkVersion: does not have a value in the enumeration"),
        Arguments.of(
            "an apiVersion the operator does not serve",
            APPLICATION,
            (Consumer<Map<String, Object>>) d -> d.put("apiVersion", "flink.apache.org/v1"),
            "apiVersion/kind is flink.apache.org/v1/FlinkDeployment"),
        Arguments.of(
            "unknown field spec.job.jarUri of a session job",
            SESSION,
            (Consumer<Map<String, Object>>)
                d -> {
                  if ("FlinkSessionJob".equals(d.get("kind"))) {
                    map(spec(d), "job").put("jarUri", map(spec(d), "job").get("jarURI"));
                  }
                },
            "spec/job: property 'jarUri' is not defined in the schema"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plantedMistakes")
  void theSchemaRejectsAPlantedMistake(
      String mistake, Path file, Consumer<Map<String, Object>> plant, String named)
      throws IOException {
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> document : documents(file)) {
      plant.accept(document);
      problems.addAll(problems(document));
    }

    assertThat(problems).isNotEmpty().anySatisfy(p -> assertThat(p).contains(named));
  }

  @Test
  void intOrStringFieldsTakeAnIntegerOrAStringAndNothingElse() throws IOException {
    Map<String, Object> deployment = documentsOfKind(APPLICATION, "FlinkDeployment").get(0);
    Map<String, Object> limits = new LinkedHashMap<>(Map.of("cpu", 1, "memory", "2Gi"));
    container(deployment).put("resources", Map.of("limits", limits));
    assertThat(problems(deployment)).isEmpty();

    limits.put("cpu", true);
    assertThat(problems(deployment))
        .containsExactly(
            "spec/podTemplate/spec/containers/0/resources/limits/cpu: boolean found, [integer,"
                + " string] expected");
  }

  @Test
  void theOnlyExtensionOfOperator110IsTheFlinkVersionTheManifestsRun() throws IOException {
    // Operator 1.10's CRD lacks v2_1; when the API dependency moves to a release that has it,
    // this fails: drop OperatorCrd.LATER_FLINK_VERSIONS then.
    assertThat(DEPLOYMENT.declaredFlinkVersions()).endsWith("v1_20").doesNotContain("v2_1");
    assertThat(OperatorCrd.LATER_FLINK_VERSIONS).containsExactly("v2_1");
    for (Path file : List.of(APPLICATION, SESSION)) {
      for (Map<String, Object> deployment : documentsOfKind(file, "FlinkDeployment")) {
        assertThat(spec(deployment).get("flinkVersion")).as(file.toString()).isEqualTo("v2_1");
      }
    }
  }

  @Test
  void eachJobRunsAJarAndEntryClassTheBuildMakes() throws IOException {
    Map<String, Object> application = documentsOfKind(APPLICATION, "FlinkDeployment").get(0);
    Map<String, Object> applicationJob = map(spec(application), "job");
    assertThat(spec(application).get("image")).isEqualTo(IMAGE);
    assertThat(applicationJob.get("jarURI")).isEqualTo("local://" + USRLIB + PIPELINE.jar());
    assertThat(applicationJob.get("entryClass")).isEqualTo(PIPELINE.entryClass());
    assertThat(applicationJob.get("args")).isEqualTo(ARGS);

    Map<String, Object> session = documentsOfKind(SESSION, "FlinkDeployment").get(0);
    assertThat(spec(session).get("image")).isEqualTo(IMAGE);
    assertThat(spec(session)).doesNotContainKey("job");
    List<JobJar> sessionJobs = new ArrayList<>();
    for (Map<String, Object> sessionJob : documentsOfKind(SESSION, "FlinkSessionJob")) {
      Map<String, Object> job = map(spec(sessionJob), "job");
      String jarUri = (String) job.get("jarURI");
      // The operator downloads a session job's jar itself: local:// cannot work there.
      assertThat(jarUri).matches("(https?|s3)://.+/[^/]+\\.jar");
      sessionJobs.add(
          new JobJar(
              jarUri.substring(jarUri.lastIndexOf('/') + 1), (String) job.get("entryClass")));
      assertThat(job.get("args")).as(jarUri).isEqualTo(ARGS);
      assertThat(spec(sessionJob).get("deploymentName")).isEqualTo(name(session));
    }
    assertThat(sessionJobs).containsExactly(BRONZE, SILVER, GOLD);
  }

  @Test
  void theImageIsFlink21WithEveryJarInUsrlib() throws IOException {
    List<String> lines = Files.readAllLines(DOCKERFILE);
    assertThat(lines.stream().filter(l -> l.startsWith("FROM ")))
        .singleElement()
        .satisfies(from -> assertThat(from).matches("FROM flink:2\\.1(\\.\\d+)?-java17"));
    List<String> copied =
        lines.stream().filter(l -> l.startsWith("COPY ")).collect(Collectors.toList());
    for (JobJar jar : ALL_JARS) {
      assertThat(copied)
          .as(jar.jar())
          .anySatisfy(l -> assertThat(l).endsWith(" deploy/target/" + jar.jar() + " " + USRLIB));
    }
    assertThat(copied).hasSize(ALL_JARS.size());
  }

  @Test
  void theConfigMapHoldsTheSampleSpecWhereTheArgsPointTheJobs() throws IOException {
    Map<String, Object> configMap = documents(PIPELINE_SPEC).get(0);
    assertThat(map(configMap, "data").get("pipeline.yaml"))
        .isEqualTo(Files.readString(FLIGHTS_SPEC));
    List<Path> models;
    try (var listed = Files.list(FLIGHTS_SPEC.resolveSibling("models"))) {
      models = listed.sorted().toList();
    }
    assertThat(models).isNotEmpty();
    List<Map<String, Object>> items = new java.util.ArrayList<>();
    items.add(Map.of("key", "pipeline.yaml", "path", "pipeline.yaml"));
    for (Path model : models) {
      String key = model.getFileName().toString();
      assertThat(map(configMap, "data").get(key)).as(key).isEqualTo(Files.readString(model));
      items.add(Map.of("key", key, "path", "models/" + key));
    }

    for (Path file : List.of(APPLICATION, SESSION)) {
      Map<String, Object> podSpec =
          map(map(spec(documentsOfKind(file, "FlinkDeployment").get(0)), "podTemplate"), "spec");
      Map<String, Object> volume = list(podSpec, "volumes").get(0);
      assertThat(map(volume, "configMap").get("name"))
          .as(file.toString())
          .isEqualTo(name(configMap));
      assertThat(list(map(volume, "configMap"), "items"))
          .as("the spec and its SQL models, under models/, in " + file)
          .containsExactlyElementsOf(items);
      Map<String, Object> mount = list(list(podSpec, "containers").get(0), "volumeMounts").get(0);
      assertThat(mount.get("name")).isEqualTo(volume.get("name"));
      assertThat(mount.get("mountPath") + "/pipeline.yaml").isEqualTo(SPEC_FILE);
    }
  }

  @Test
  void stateLivesInObjectStorageAndSurvivesALastStateUpgrade() throws IOException {
    for (Path file : List.of(APPLICATION, SESSION)) {
      Map<String, Object> deployment = documentsOfKind(file, "FlinkDeployment").get(0);
      Map<String, Object> conf = map(spec(deployment), "flinkConfiguration");
      for (String dir :
          List.of(
              "execution.checkpointing.dir",
              "execution.checkpointing.savepoint-dir",
              "high-availability.storageDir")) {
        assertThat((String) conf.get(dir))
            .as(file + " " + dir)
            .matches(
                uri ->
                    OBJECT_STORE_SCHEMES.contains(
                        uri.substring(0, Math.max(0, uri.indexOf("://")))),
                "an object-store URI (" + OBJECT_STORE_SCHEMES + "://...)");
      }
      // The jobs checkpoint to lakehouse.checkpoints-dir, <data-dir>/checkpoints by default.
      assertThat(conf.get("execution.checkpointing.dir")).isEqualTo(DATA_DIR + "/checkpoints");
      assertThat(conf.get("high-availability.type")).isEqualTo("kubernetes");
      assertThat((String) conf.get("env.java.opts.all"))
          .contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
      assertThat(conf.get("taskmanager.numberOfTaskSlots")).isEqualTo("2");
      assertThat(map(map(spec(deployment), "jobManager"), "resource").get("memory"))
          .isEqualTo("1024m");
      assertThat(map(map(spec(deployment), "taskManager"), "resource").get("memory"))
          .isEqualTo("2048m");
    }
    List<Map<String, Object>> jobs = new ArrayList<>();
    jobs.add(map(spec(documentsOfKind(APPLICATION, "FlinkDeployment").get(0)), "job"));
    for (Map<String, Object> sessionJob : documentsOfKind(SESSION, "FlinkSessionJob")) {
      jobs.add(map(spec(sessionJob), "job"));
    }
    assertThat(jobs)
        .hasSize(4)
        .allSatisfy(j -> assertThat(j.get("upgradeMode")).isEqualTo("last-state"));
  }

  @Test
  void noManifestHoldsACredentialValue() throws IOException {
    List<String> credentials = new ArrayList<>();
    for (Path file : List.of(APPLICATION, SESSION, PIPELINE_SPEC)) {
      for (Map<String, Object> document : documents(file)) {
        credentials.addAll(credentialValues(document, file.toString()));
      }
      assertThat(kinds(file)).as(file.toString()).doesNotContain("Secret");
    }
    assertThat(credentials).isEmpty();

    // S3 credentials come from the Secret, by reference.
    for (Path file : List.of(APPLICATION, SESSION)) {
      List<Map<String, Object>> env =
          list(container(documentsOfKind(file, "FlinkDeployment").get(0)), "env");
      assertThat(env)
          .filteredOn(e -> "AWS_SECRET_ACCESS_KEY".equals(e.get("name")))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(map(map(e, "valueFrom"), "secretKeyRef").get("name"))
                      .isEqualTo("lakehouse-s3"));
    }
  }

  @Test
  void theCredentialCheckFindsAPlantedCredential() throws IOException {
    Map<String, Object> deployment = documentsOfKind(APPLICATION, "FlinkDeployment").get(0);
    map(spec(deployment), "flinkConfiguration").put("s3.secret-key", "hunter2");
    list(container(deployment), "env")
        .add(new LinkedHashMap<>(Map.of("name", "AWS_SECRET_ACCESS_KEY", "value", "x")));
    map(spec(deployment), "job")
        .put("args", List.of("--data-dir", "s3://AKIAIOSFODNN7EXAMPLE@bucket/lakehouse"));

    assertThat(credentialValues(deployment, "planted"))
        .hasSize(3)
        .anySatisfy(c -> assertThat(c).contains("s3.secret-key"))
        .anySatisfy(c -> assertThat(c).contains("AWS_SECRET_ACCESS_KEY"))
        .anySatisfy(c -> assertThat(c).contains("access key id"));
  }

  /** What is wrong with one manifest document; empty when it is valid. */
  private static List<String> problems(Map<String, Object> document) {
    Object kind = document.get("kind");
    if (DEPLOYMENT.kind().equals(kind)) {
      return DEPLOYMENT.problems(document);
    }
    if (SESSION_JOB.kind().equals(kind)) {
      return SESSION_JOB.problems(document);
    }
    if ("ConfigMap".equals(kind)) {
      return "v1".equals(document.get("apiVersion"))
              && document.get("metadata") instanceof Map<?, ?> metadata
              && metadata.get("name") instanceof String
              && document.get("data") instanceof Map<?, ?>
          ? List.of()
          : List.of("a ConfigMap needs apiVersion v1, metadata.name and data");
    }
    return List.of("kind " + kind + " is none of FlinkDeployment, FlinkSessionJob, ConfigMap");
  }

  /**
   * Every credential written into {@code node} as a value: a scalar under a key named like one
   * ({@code s3.secret-key}, {@code password}), an env variable named like one with a literal {@code
   * value} instead of {@code valueFrom}, or an AWS access key id anywhere.
   */
  @SuppressWarnings("unchecked")
  private static List<String> credentialValues(Object node, String path) {
    List<String> found = new ArrayList<>();
    if (node instanceof Map<?, ?> map) {
      Object envName = map.get("name");
      if (envName instanceof String name
          && CREDENTIAL_NAME.matcher(name).matches()
          && map.get("value") != null) {
        found.add(path + ": env " + name + " has a literal value");
      }
      for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
        String child = path + "." + entry.getKey();
        Object value = entry.getValue();
        if (!(value instanceof Map<?, ?> || value instanceof List<?>)
            && value != null
            && CREDENTIAL_NAME.matcher(entry.getKey()).matches()) {
          found.add(child + " holds a value");
        }
        found.addAll(credentialValues(value, child));
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        found.addAll(credentialValues(list.get(i), path + "[" + i + "]"));
      }
    } else if (node instanceof String text && AWS_ACCESS_KEY_ID.matcher(text).find()) {
      found.add(path + " holds an AWS access key id");
    }
    return found;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> documents(Path file) throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
        assertThat(document).as(file + " holds only mappings").isInstanceOf(Map.class);
        documents.add((Map<String, Object>) document);
      }
    }
    return documents;
  }

  private static List<Map<String, Object>> documentsOfKind(Path file, String kind)
      throws IOException {
    return documents(file).stream()
        .filter(d -> kind.equals(d.get("kind")))
        .collect(Collectors.toList());
  }

  private static List<Object> kinds(Path file) throws IOException {
    return documents(file).stream().map(d -> d.get("kind")).collect(Collectors.toList());
  }

  private static String name(Map<String, Object> document) {
    return (String) map(document, "metadata").get("name");
  }

  private static Map<String, Object> spec(Map<String, Object> document) {
    return map(document, "spec");
  }

  /** The FlinkDeployment's flink-main-container in its pod template. */
  private static Map<String, Object> container(Map<String, Object> deployment) {
    Map<String, Object> container =
        list(map(map(spec(deployment), "podTemplate"), "spec"), "containers").get(0);
    assertThat(container.get("name")).isEqualTo("flink-main-container");
    return container;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    assertThat(parent.get(key)).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    assertThat(parent.get(key)).as(key).isInstanceOf(List.class);
    return (List<Map<String, Object>>) parent.get(key);
  }
}
