package dev.ordinal.registry.apiextensions;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/** A custom resource's CEL rules as its strategy runs them on create, update and status writes. */
class CustomResourceRulesValidationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CustomResourceStrategy strategy = new CustomResourceStrategy("WebApp", CustomResourceVersion.of(
            JSON.readTree("""
                    {"name": "v1", "subresources": {"status": {}}, "schema": {"openAPIV3Schema": {"type": "object",
                      "properties": {
                        "spec": {"type": "object",
                          "x-kubernetes-validations": [{"rule": "self.replicas >= oldSelf.replicas",
                            "message": "replicas may not shrink"}],
                          "properties": {"replicas": {"type": "integer", "maximum": 10,
                              "x-kubernetes-validations": [{"rule": "self != 7", "messageExpression":
                                "'replicas ' + string(self) + ' is unlucky'"}]},
                            "size": {"type": "string", "enum": ["S", "M"]}}},
                        "status": {"type": "object",
                          "x-kubernetes-validations": [{"rule": "self.ready <= 10", "reason": "FieldValueForbidden"}],
                          "properties": {"ready": {"type": "integer"}}}}}}}
                    """)), false);

    private static Unstructured webApp(String spec, String status) {
        return new Unstructured((ObjectNode) JSON.readTree("{\"apiVersion\": \"example.com/v1\", \"kind\": \"WebApp\", "
                + "\"metadata\": {\"name\": \"x\"}, \"spec\": " + spec + ", \"status\": " + status + "}"));
    }

    private static List<String> texts(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).toList();
    }

    @Test
    void aCreateRunsTheRulesAfterTheValueValidations() {
        assertThat(texts(strategy.validate(webApp("{\"replicas\": 7}", "{\"ready\": 1}")))).containsExactly(
                "spec.replicas: Invalid value: \"integer\": replicas 7 is unlucky");
        // A maximum is no blocking error: the rules still run. The transition rule needs an old object.
        assertThat(texts(strategy.validate(webApp("{\"replicas\": 11}", "{\"ready\": 1}")))).containsExactly(
                "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10");
    }

    @Test
    void aBlockingErrorLeavesTheRulesUnchecked() {
        assertThat(texts(strategy.validate(webApp("{\"replicas\": 7, \"size\": \"XL\"}", "{\"ready\": 1}")))).containsExactly(
                "spec.size: Unsupported value: \"XL\": supported values: \"S\", \"M\"",
                "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; "
                        + "correct the existing errors to complete validation");
    }

    @Test
    void anUpdateGivesTransitionRulesTheOldObject() {
        assertThat(texts(strategy.validateUpdate(webApp("{\"replicas\": 2}", "{\"ready\": 1}"), webApp("{\"replicas\": 3}", "{\"ready\": 1}"))))
                .containsExactly("spec: Invalid value: \"object\": replicas may not shrink");
        assertThat(strategy.validateUpdate(webApp("{\"replicas\": 4}", "{\"ready\": 1}"), webApp("{\"replicas\": 3}", "{\"ready\": 1}")))
                .isEmpty();
    }

    @Test
    void aStatusWriteRunsTheRulesOfTheWholeObject() {
        assertThat(texts(strategy.validateStatusUpdate(webApp("{\"replicas\": 3}", "{\"ready\": 11}"),
                webApp("{\"replicas\": 3}", "{\"ready\": 1}")))).containsExactly(
                "status: Forbidden: failed rule: self.ready <= 10");
    }
}
