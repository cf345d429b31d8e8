package dev.ordinal.registry.admission;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.cel.AdmissionPolicyEnvironment;
import dev.ordinal.registry.rest.ResourceDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream's match condition matcher: a false wins, then errors follow the failure policy. */
class MatchConditionsTest {

    private static final ResourceDefinition PODS = ResourceDefinition.builder("", "v1", "Pod", "pods").build();

    private static MatchConditions conditions(String json) {
        return MatchConditions.compile(JsonMapper.shared().readTree(json),
                AdmissionPolicyEnvironment.webhookMatchConditions());
    }

    private static AdmissionAttributes createPod(String labels) {
        Unstructured pod = new Unstructured((ObjectNode) JsonMapper.shared().readTree(
                "{\"metadata\": {\"name\": \"web-0\", \"labels\": " + labels + "}}"));
        return new AdmissionAttributes(Operation.CREATE, PODS, "", "default", "web-0", pod, null, false);
    }

    @Test
    void allTrueMatchesAndOneFalseDoesNot() {
        MatchConditions conditions = conditions("""
                [{"name": "create", "expression": "request.operation == 'CREATE'"},
                 {"name": "not-skipped", "expression": "!('skip' in object.metadata.labels)"}]""");
        assertThat(conditions.match(createPod("{}"), true)).isEqualTo(new MatchConditions.Result(true, null));
        assertThat(conditions.match(createPod("{\"skip\": \"yes\"}"), true))
                .isEqualTo(new MatchConditions.Result(false, null));
        assertThat(conditions("[]").match(createPod("{}"), true).matches()).isTrue();
    }

    @Test
    void aFalseConditionWinsOverAnError() {
        MatchConditions conditions = conditions("""
                [{"name": "broken", "expression": "object.spec.nope == 1"},
                 {"name": "never", "expression": "oldObject != null"}]""");
        assertThat(conditions.match(createPod("{}"), true)).isEqualTo(new MatchConditions.Result(false, null));
    }

    @Test
    void errorsFailClosedWithUpstreamsWordsOrSkipUnderIgnore() {
        MatchConditions conditions = conditions("""
                [{"name": "a", "expression": "object.spec.nope == 1"},
                 {"name": "b", "expression": "object.metadata.name == 'web-0'"}]""");
        assertThat(conditions.match(createPod("{}"), true)).isEqualTo(new MatchConditions.Result(false,
                "expression 'object.spec.nope == 1' resulted in error: no such key: spec"));
        assertThat(conditions.match(createPod("{}"), false)).isEqualTo(new MatchConditions.Result(false, null));
        MatchConditions twoErrors = conditions("""
                [{"name": "a", "expression": "object.spec.a"}, {"name": "b", "expression": "object.spec.b"}]""");
        assertThat(twoErrors.match(Map.of("object", Map.of("spec", Map.of())), true).error()).isEqualTo(
                "[expression 'object.spec.a' resulted in error: no such key: a, "
                        + "expression 'object.spec.b' resulted in error: no such key: b]");
    }
}
