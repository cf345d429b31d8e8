package dev.ordinal.registry.admissionregistration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;

class AdmissionPolicyStrategiesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ValidatingAdmissionPolicyStrategy policies = new ValidatingAdmissionPolicyStrategy();
    private final ValidatingAdmissionPolicyBindingStrategy bindings = new ValidatingAdmissionPolicyBindingStrategy();

    private static Unstructured object(String spec) {
        return new Unstructured((ObjectNode) JSON.readTree("{\"metadata\": {\"name\": \"p\"}, \"spec\": " + spec + "}"));
    }

    private List<String> policyErrors(String spec) {
        Unstructured policy = object(spec);
        policies.applyDefaults(policy);
        return policies.validate(policy).stream().map(FieldError::toString).toList();
    }

    private List<String> bindingErrors(String spec) {
        return bindings.validate(object(spec)).stream().map(FieldError::toString).toList();
    }

    private static final String MATCH = "\"matchConstraints\": {\"resourceRules\": [{\"apiGroups\": [\"apps\"], "
            + "\"apiVersions\": [\"v1\"], \"operations\": [\"CREATE\"], \"resources\": [\"statefulsets\"]}]}";

    @Test
    void policiesGetUpstreamsDefaults() {
        Unstructured policy = object("{" + MATCH + ", \"validations\": [{\"expression\": \"true\"}]}");
        policies.applyDefaults(policy);
        assertThat(policy.at("spec.failurePolicy").asString()).isEqualTo("Fail");
        assertThat(policy.at("spec.matchConstraints.matchPolicy").asString()).isEqualTo("Equivalent");
        assertThat(policy.at("spec.matchConstraints.namespaceSelector").isObject()).isTrue();
        assertThat(policy.at("spec.matchConstraints").path("resourceRules").get(0).path("scope").asString())
                .isEqualTo("*");
        assertThat(policies.validate(policy)).isEmpty();
    }

    @Test
    void policiesAreRefusedWithUpstreamsMessages() {
        assertThat(policyErrors("{" + MATCH + "}")).containsExactly(
                "spec.validations: Required value: validations or auditAnnotations must contain at least one item",
                "spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item");
        assertThat(policyErrors("{\"validations\": [{\"expression\": \"true\"}]}"))
                .containsExactly("spec.matchConstraints: Required value");
        assertThat(policyErrors("{" + MATCH + ", \"validations\": [{\"expression\": \"object.spec.paused\"}, "
                + "{\"expression\": \"\"}, {\"expression\": \"object.spec.replicas <= \"}, "
                + "{\"expression\": \"true\", \"reason\": \"Conflict\", \"messageExpression\": \"1\"}]}"))
                .containsExactly(
                        "spec.validations[0].expression: Invalid value: \"object.spec.paused\": must evaluate to bool but got dyn",
                        "spec.validations[1].expression: Required value: expression is not specified",
                        "spec.validations[2].expression: Invalid value: \"object.spec.replicas <= \": compilation failed: "
                                + "ERROR: <input>:1:25: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', "
                                + "'.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, "
                                + "IDENTIFIER}\n | object.spec.replicas <= \n | ........................^",
                        "spec.validations[3].messageExpression: Invalid value: \"1\": must evaluate to string but got int",
                        "spec.validations[3].reason: Unsupported value: \"Conflict\": supported values: \"Forbidden\", "
                                + "\"Invalid\", \"RequestEntityTooLarge\"");
    }

    @Test
    void bindingsAreRefusedWithUpstreamsMessages() {
        assertThat(bindingErrors("{\"policyName\": \"p\", \"validationActions\": [\"Deny\", \"Warn\"]}")).containsExactly(
                "spec.validationActions: Invalid value: []admissionregistration.ValidationAction{\"Deny\", \"Warn\"}: "
                        + "must not contain both Deny and Warn (repeating the same validation failure information in "
                        + "the API response and headers serves no purpose)");
        assertThat(bindingErrors("{\"policyName\": \"p\"}")).containsExactly(
                "spec.validationActions: Required value: at least one validation action is required");
        assertThat(bindingErrors("{\"policyName\": \"p\", \"validationActions\": [\"Deny\"], "
                + "\"paramRef\": {\"name\": \"limits\"}}"))
                .containsExactly("spec.paramRef.parameterNotFoundAction: Required value");
        assertThat(bindingErrors("{\"policyName\": \"p\", \"validationActions\": [\"Deny\"], "
                + "\"paramRef\": {\"parameterNotFoundAction\": \"Allow\"}}"))
                .containsExactly("spec.paramRef: Required value: one of name or selector must be specified");
        assertThat(bindingErrors("{\"policyName\": \"p\", \"validationActions\": [\"Deny\"], "
                + "\"paramRef\": {\"name\": \"a\", \"selector\": {}, \"parameterNotFoundAction\": \"Allow\"}}"))
                .containsExactly("spec.paramRef.name: Forbidden: name and selector are mutually exclusive");
    }
}
