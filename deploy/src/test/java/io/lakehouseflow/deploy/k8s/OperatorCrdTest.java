package io.lakehouseflow.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conversion of a CRD's OpenAPI schema into the strict JSON schema the manifests meet. */
class OperatorCrdTest {
  private static final Map<String, Object> QUANTITY =
      Map.of(
          "anyOf",
          List.of(Map.of("type", "integer"), Map.of("type", "string")),
          "x-kubernetes-int-or-string",
          true);

  private static Map<String, Object> object(Map<String, Object> properties) {
    return Map.of("type", "object", "properties", properties);
  }

  @Test
  void anObjectWithPropertiesRejectsAnUnknownFieldAtAnyDepth() {
    Map<String, Object> schema =
        object(Map.of("outer", object(Map.of("inner", Map.of("type", "string")))));

    assertThat(OperatorCrd.problems(schema, Map.of("outer", Map.of("inner", "x")))).isEmpty();
    assertThat(OperatorCrd.problems(schema, Map.of("outer", Map.of("innr", "x"))))
        .containsExactly(
            "/outer: property 'innr' is not defined in the schema and the schema does not allow"
                + " additional properties");
  }

  @Test
  void aMapOfValuesKeepsItsAdditionalPropertiesSchema() {
    Map<String, Object> schema =
        Map.of("type", "object", "additionalProperties", Map.of("type", "string"));

    assertThat(OperatorCrd.problems(schema, Map.of("any.key", "value"))).isEmpty();
    assertThat(OperatorCrd.problems(schema, Map.of("any.key", 1)))
        .containsExactly("/any.key: integer found, string expected");
  }

  @Test
  void preserveUnknownFieldsKeepsTheObjectOpen() {
    Map<String, Object> open =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("known", Map.of("type", "string")),
            "x-kubernetes-preserve-unknown-fields",
            true);

    assertThat(OperatorCrd.problems(open, Map.of("known", "x", "unknown", Map.of("a", 1))))
        .isEmpty();
    assertThat(OperatorCrd.problems(open, Map.of("known", 1)))
        .containsExactly("/known: integer found, string expected");
  }

  @Test
  void intOrStringTakesAnIntegerOrAStringOnly() {
    Map<String, Object> schema = object(Map.of("cpu", QUANTITY));

    assertThat(OperatorCrd.problems(schema, Map.of("cpu", 2))).isEmpty();
    assertThat(OperatorCrd.problems(schema, Map.of("cpu", "500m"))).isEmpty();
    assertThat(OperatorCrd.problems(schema, Map.of("cpu", 0.5)))
        .containsExactly("/cpu: number found, [integer, string] expected");
  }

  @Test
  void anExtensionTheConversionDoesNotKnowFailsInsteadOfPassingUnchecked() {
    Map<String, Object> schema =
        object(Map.of("item", Map.of("type", "object", "x-kubernetes-embedded-resource", true)));

    assertThatThrownBy(() -> OperatorCrd.problems(schema, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot convert x-kubernetes-embedded-resource at schema.item");
  }
}
