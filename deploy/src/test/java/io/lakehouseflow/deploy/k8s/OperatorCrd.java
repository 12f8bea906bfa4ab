package io.lakehouseflow.deploy.k8s;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * One custom resource of the Flink Kubernetes operator, as its CRD in flink-kubernetes-operator-api
 * declares it, checked as {@code kubectl apply --validate=strict} would: a field the schema does
 * not declare is an error, not silently dropped.
 */
final class OperatorCrd {
  /** The only version of the operator's resources, and the one the manifests use. */
  static final String VERSION = "v1beta1";

  /**
   * The Flink versions later operator releases accept that the manifests use. Operator 1.10's CRD
   * stops at {@code v1_20}; operator 1.13 accepts {@code v2_1}, the Flink the image runs. Only this
   * is added to 1.10's schema; everything else is checked as 1.10 declares it.
   */
  static final List<String> LATER_FLINK_VERSIONS = List.of("v2_1");

  private static final String KUBERNETES_INT_OR_STRING = "x-kubernetes-int-or-string";
  private static final String KUBERNETES_PRESERVE_UNKNOWN_FIELDS =
      "x-kubernetes-preserve-unknown-fields";

  private final String resource;
  private final String apiVersion;
  private final String kind;
  private final List<String> declaredFlinkVersions;
  private final Schema specSchema;

  private OperatorCrd(
      String resource,
      String apiVersion,
      String kind,
      List<String> declaredFlinkVersions,
      Schema specSchema) {
    this.resource = resource;
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.declaredFlinkVersions = declaredFlinkVersions;
    this.specSchema = specSchema;
  }

  /** The operator's FlinkDeployment resource. */
  static OperatorCrd flinkDeployment() {
    return load("META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml");
  }

  /** The operator's FlinkSessionJob resource. */
  static OperatorCrd flinkSessionJob() {
    return load("META-INF/fabric8/flinksessionjobs.flink.apache.org-v1.yml");
  }

  /**
   * Reads a CRD from the classpath and turns the {@code openAPIV3Schema} of its {@code v1beta1}
   * version into a strict JSON schema of the resource's {@code spec}.
   */
  @SuppressWarnings("unchecked")
  static OperatorCrd load(String resource) {
    Map<String, Object> crd;
    try (InputStream in = OperatorCrd.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot find the CRD "
                + resource
                + " on the test classpath. It comes from the test dependency"
                + " org.apache.flink:flink-kubernetes-operator-api (deploy/pom.xml).");
      }
      crd = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the CRD " + resource, e);
    }
    Map<String, Object> crdSpec = at(crd, resource, "spec");
    String group = (String) crdSpec.get("group");
    String kind = (String) at(crdSpec, resource, "names").get("kind");
    List<Map<String, Object>> versions = (List<Map<String, Object>>) crdSpec.get("versions");
    Map<String, Object> version =
        versions.stream()
            .filter(v -> VERSION.equals(v.get("name")))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot find version " + VERSION + " in the CRD " + resource));
    Map<String, Object> spec =
        at(version, resource, "schema", "openAPIV3Schema", "properties", "spec");

    Map<String, Object> strict = strict(spec, resource + " spec");
    List<String> declared = new ArrayList<>(flinkVersionEnum(strict));
    extendByLaterReleases(strict);
    return new OperatorCrd(
        resource, group + "/" + VERSION, kind, List.copyOf(declared), jsonSchema(strict));
  }

  /**
   * How {@code instance} breaks {@code openApiSchema} made strict as {@link #load} makes a CRD's;
   * empty when it is valid. For testing the conversion on small schemas.
   */
  static List<String> problems(Map<String, Object> openApiSchema, Object instance) {
    return messages("", jsonSchema(strict(openApiSchema, "schema")), instance);
  }

  /** The {@code apiVersion} a manifest of this resource declares. */
  String apiVersion() {
    return apiVersion;
  }

  /** The resource's kind, such as {@code FlinkDeployment}. */
  String kind() {
    return kind;
  }

  /**
   * The {@code flinkVersion} values the CRD itself declares, before any extension; may be empty.
   */
  List<String> declaredFlinkVersions() {
    return declaredFlinkVersions;
  }

  /**
   * Every way {@code document}, one YAML document of a manifest, is not a valid resource of this
   * kind: a wrong apiVersion or kind, no metadata.name, or a spec the schema rejects. Empty when it
   * is valid.
   */
  List<String> problems(Map<String, Object> document) {
    List<String> problems = new ArrayList<>();
    if (!apiVersion.equals(document.get("apiVersion")) || !kind.equals(document.get("kind"))) {
      problems.add(
          "apiVersion/kind is "
              + document.get("apiVersion")
              + "/"
              + document.get("kind")
              + ", expected "
              + apiVersion
              + "/"
              + kind);
    }
    if (!(document.get("metadata") instanceof Map<?, ?> metadata)
        || !(metadata.get("name") instanceof String)) {
      problems.add("metadata.name is missing");
    }
    if (!(document.get("spec") instanceof Map<?, ?> spec)) {
      problems.add("spec is missing");
      return problems;
    }
    problems.addAll(messages("spec", specSchema, spec));
    return problems;
  }

  private static Schema jsonSchema(Map<String, Object> schema) {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
        .getSchema(JsonMapper.builder().build().valueToTree(schema));
  }

  /** The validator's errors, each as {@code <prefix><location>: <message>}. */
  private static List<String> messages(String prefix, Schema schema, Object instance) {
    List<String> messages = new ArrayList<>();
    for (Error error : schema.validate(JsonMapper.builder().build().valueToTree(instance))) {
      messages.add(prefix + error);
    }
    return messages;
  }

  @Override
  public String toString() {
    return kind + " (" + resource + ")";
  }

  /**
   * A copy of an OpenAPI v3 structural schema as a JSON schema that rejects unknown fields: every
   * object schema with {@code properties} and no {@code additionalProperties} gets {@code
   * additionalProperties: false}, as the API server's strict field validation does. Of Kubernetes'
   * extensions, {@code x-kubernetes-int-or-string} becomes "integer or string" and {@code
   * x-kubernetes-preserve-unknown-fields} keeps the node open; any other extension fails, so that a
   * newer CRD using one is not checked wrongly.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> strict(Map<String, Object> schema, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean preserveUnknownFields = false;
    for (Map.Entry<String, Object> entry : schema.entrySet()) {
      String keyword = entry.getKey();
      Object value = entry.getValue();
      if (keyword.equals(KUBERNETES_INT_OR_STRING)) {
        if (Boolean.TRUE.equals(value)) {
          // Replaces the anyOf [integer, string] the generator writes beside it, if any.
          out.put("type", List.of("integer", "string"));
        }
      } else if (keyword.equals(KUBERNETES_PRESERVE_UNKNOWN_FIELDS)) {
        preserveUnknownFields = Boolean.TRUE.equals(value);
      } else if (keyword.startsWith("x-kubernetes-")) {
        throw new IllegalStateException(
            "Cannot convert " + keyword + " at " + path + ": the conversion does not know it.");
      } else if (keyword.equals("properties")) {
        Map<String, Object> properties = new LinkedHashMap<>();
        ((Map<String, Object>) value)
            .forEach(
                (name, property) ->
                    properties.put(
                        name, strict((Map<String, Object>) property, path + "." + name)));
        out.put(keyword, properties);
      } else if (keyword.equals("items") || keyword.equals("not")) {
        out.put(keyword, strict((Map<String, Object>) value, path + "[]"));
      } else if (keyword.equals("additionalProperties") && value instanceof Map<?, ?>) {
        out.put(keyword, strict((Map<String, Object>) value, path + ".*"));
      } else if (keyword.equals("anyOf") || keyword.equals("allOf") || keyword.equals("oneOf")) {
        List<Object> alternatives = new ArrayList<>();
        for (Object alternative : (List<Object>) value) {
          alternatives.add(strict((Map<String, Object>) alternative, path));
        }
        out.put(keyword, alternatives);
      } else {
        out.put(keyword, value);
      }
    }
    if (Boolean.TRUE.equals(schema.get(KUBERNETES_INT_OR_STRING))) {
      out.remove("anyOf");
    }
    if (out.containsKey("properties")
        && !out.containsKey("additionalProperties")
        && !preserveUnknownFields) {
      out.put("additionalProperties", false);
    }
    return out;
  }

  /** Adds {@link #LATER_FLINK_VERSIONS} to the {@code flinkVersion} enum, where there is one. */
  @SuppressWarnings("unchecked")
  private static void extendByLaterReleases(Map<String, Object> spec) {
    Map<String, Object> properties = (Map<String, Object>) spec.get("properties");
    if (properties.get("flinkVersion") instanceof Map<?, ?> flinkVersion) {
      List<Object> versions = new ArrayList<>((List<Object>) flinkVersion.get("enum"));
      for (String later : LATER_FLINK_VERSIONS) {
        if (!versions.contains(later)) {
          versions.add(later);
        }
      }
      ((Map<String, Object>) flinkVersion).put("enum", versions);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> flinkVersionEnum(Map<String, Object> spec) {
    Map<String, Object> properties = (Map<String, Object>) spec.get("properties");
    if (properties.get("flinkVersion") instanceof Map<?, ?> flinkVersion) {
      return (List<String>) flinkVersion.get("enum");
    }
    return List.of();
  }

  /** The mapping at {@code path} below {@code node}, which must exist. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> at(Map<String, Object> node, String resource, String... path) {
    Map<String, Object> current = node;
    for (String key : path) {
      if (!(current.get(key) instanceof Map<?, ?> child)) {
        throw new IllegalStateException(
            "Invalid CRD "
                + resource
                + ": '"
                + key
                + "' is "
                + Objects.toString(current.get(key))
                + ", expected a mapping.");
      }
      current = (Map<String, Object>) child;
    }
    return current;
  }
}
