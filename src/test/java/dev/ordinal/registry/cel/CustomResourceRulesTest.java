package dev.ordinal.registry.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.FieldError;

class CustomResourceRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The CronTab schema of upstream's documentation, with rules of every kind. */
    private static final String CRONTAB = """
            {"type": "object", "properties": {
              "spec": {"type": "object",
                "x-kubernetes-validations": [
                  {"rule": "self.replicas <= 5 || (has(self.color) && self.color == 'red')",
                   "message": "replicas above 5 require red"},
                  {"rule": "self.image == oldSelf.image", "message": "image is immutable", "reason": "FieldValueForbidden",
                   "fieldPath": ".image"},
                  {"rule": "!has(self.minReplicas) || self.minReplicas <= self.replicas",
                   "messageExpression": "'minReplicas (' + string(self.minReplicas) + ') exceeds replicas'"},
                  {"rule": "!oldSelf.hasValue() || !has(oldSelf.value().color) || has(self.color)",
                   "optionalOldSelf": true, "message": "color cannot be unset"}
                ],
                "properties": {
                  "image": {"type": "string"},
                  "replicas": {"type": "integer"},
                  "minReplicas": {"type": "integer"},
                  "color": {"type": "string"},
                  "labels": {"type": "object", "additionalProperties": {"type": "string"},
                    "x-kubernetes-validations": [{"rule": "self.all(k, k.size() < 10)", "fieldPath": "['app']"}]},
                  "ports": {"type": "array", "maxItems": 10, "x-kubernetes-list-type": "map",
                    "x-kubernetes-list-map-keys": ["name"],
                    "items": {"type": "object", "required": ["name"],
                      "x-kubernetes-validations": [{"rule": "self.port == oldSelf.port", "message": "port is immutable"}],
                      "properties": {"name": {"type": "string"}, "port": {"type": "integer"}}}},
                  "tags": {"type": "array", "maxItems": 5, "items": {"type": "string", "maxLength": 20,
                    "x-kubernetes-validations": [{"rule": "self != 'forbidden'", "reason": "FieldValueRequired",
                      "message": "tag not allowed"}]}}
                }},
              "status": {"type": "object", "properties": {"phase": {"type": "string",
                "x-kubernetes-validations": [{"rule": "self in ['Ready', 'Pending']"}]}}}
            },
            "x-kubernetes-validations": [{"rule": "self.metadata.name.startsWith('ct')", "message": "name must start with ct"}]}
            """;

    private static JSONSchemaProps schema(String json) {
        return JSON.readValue(json, JSONSchemaProps.class);
    }

    private static JsonNode object(String spec) {
        return JSON.readTree("{\"apiVersion\": \"stable.example.com/v1\", \"kind\": \"CronTab\", "
                + "\"metadata\": {\"name\": \"ct1\"}, \"spec\": " + spec + "}");
    }

    private static List<String> messages(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).toList();
    }

    private final CustomResourceRules rules = CustomResourceRules.compile(schema(CRONTAB));

    @Test
    void aValidObjectPassesEveryRule() {
        assertThat(rules.compilationErrors("spec.validation.openAPIV3Schema")).isEmpty();
        assertThat(rules.hasRules()).isTrue();
        assertThat(rules.validate(object("{\"image\": \"nginx\", \"replicas\": 3}"), null)).isEmpty();
    }

    @Test
    void aFailedRuleIsReportedAtItsNodeWithTheSchemaTypeAsBadValue() {
        assertThat(messages(rules.validate(object("{\"image\": \"nginx\", \"replicas\": 7}"), null)))
                .containsExactly("spec: Invalid value: \"object\": replicas above 5 require red");
    }

    @Test
    void theRootSeesApiVersionKindAndName() {
        JsonNode object = JSON.readTree("{\"apiVersion\": \"stable.example.com/v1\", \"kind\": \"CronTab\", "
                + "\"metadata\": {\"name\": \"web\"}, \"spec\": {\"image\": \"nginx\", \"replicas\": 1}}");
        assertThat(messages(rules.validate(object, null)))
                .containsExactly(": Invalid value: \"object\": name must start with ct");
    }

    @Test
    void messageExpressionGivesTheMessage() {
        assertThat(messages(rules.validate(object("{\"image\": \"nginx\", \"replicas\": 2, \"minReplicas\": 4}"), null)))
                .containsExactly("spec: Invalid value: \"object\": minReplicas (4) exceeds replicas");
    }

    @Test
    void transitionRulesRunOnlyOnUpdateAndUseReasonAndFieldPath() {
        JsonNode old = object("{\"image\": \"nginx\", \"replicas\": 1}");
        JsonNode changed = object("{\"image\": \"httpd\", \"replicas\": 1}");
        assertThat(rules.validate(changed, null)).isEmpty();
        assertThat(messages(rules.validate(changed, old)))
                .containsExactly("spec.image: Forbidden: image is immutable");
    }

    @Test
    void optionalOldSelfRunsOnCreateToo() {
        JsonNode old = object("{\"image\": \"nginx\", \"replicas\": 1, \"color\": \"red\"}");
        JsonNode unset = object("{\"image\": \"nginx\", \"replicas\": 1}");
        assertThat(rules.validate(unset, null)).isEmpty();
        assertThat(messages(rules.validate(unset, old)))
                .containsExactly("spec: Invalid value: \"object\": color cannot be unset");
    }

    @Test
    void mapListItemsAreCorrelatedByKeyNotByIndex() {
        JsonNode old = object("{\"image\": \"nginx\", \"replicas\": 1, "
                + "\"ports\": [{\"name\": \"http\", \"port\": 80}, {\"name\": \"metrics\", \"port\": 9090}]}");
        JsonNode reordered = object("{\"image\": \"nginx\", \"replicas\": 1, "
                + "\"ports\": [{\"name\": \"metrics\", \"port\": 9090}, {\"name\": \"http\", \"port\": 80}, "
                + "{\"name\": \"new\", \"port\": 1}]}");
        assertThat(rules.validate(reordered, old)).isEmpty();
        JsonNode changed = object("{\"image\": \"nginx\", \"replicas\": 1, "
                + "\"ports\": [{\"name\": \"metrics\", \"port\": 9091}, {\"name\": \"http\", \"port\": 80}]}");
        assertThat(messages(rules.validate(changed, old)))
                .containsExactly("spec.ports[0]: Invalid value: \"object\": port is immutable");
    }

    @Test
    void rulesRunPerListItemAndPerMapValueWithTheirPaths() {
        assertThat(messages(rules.validate(object("{\"image\": \"nginx\", \"replicas\": 1, "
                + "\"tags\": [\"ok\", \"forbidden\"], \"labels\": {\"averyverylongkey\": \"x\"}}"), null)))
                .containsExactly("spec.labels[app]: Invalid value: \"object\": failed rule: self.all(k, k.size() < 10)",
                        "spec.tags[1]: Required value: tag not allowed");
    }

    @Test
    void absentAndNullValuesAreNotValidated() {
        assertThat(rules.validate(JSON.readTree("{\"metadata\": {\"name\": \"ct1\"}, \"spec\": null}"), null)).isEmpty();
        assertThat(messages(rules.validate(JSON.readTree("{\"metadata\": {\"name\": \"ct1\"}, "
                + "\"status\": {\"phase\": \"Broken\"}}"), null)))
                .containsExactly("status.phase: Invalid value: \"string\": failed rule: self in ['Ready', 'Pending']");
    }

    @Test
    void runtimeErrorsNameTheRule() {
        CustomResourceRules missing = CustomResourceRules.compile(schema("""
                {"type": "object", "properties": {"spec": {"type": "object",
                  "properties": {"color": {"type": "string"}},
                  "x-kubernetes-validations": [{"rule": "self.color == 'red'", "message": "must be red"}]}}}
                """));
        assertThat(messages(missing.validate(JSON.readTree("{\"spec\": {}}"), null)))
                .containsExactly("spec: Invalid value: \"object\": no such key: color evaluating rule: must be red");
    }

    @Test
    void badRulesAreRefusedWithUpstreamsMessages() {
        CustomResourceRules bad = CustomResourceRules.compile(schema("""
                {"type": "object", "properties": {"spec": {"type": "object",
                  "properties": {"replicas": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string",
                    "x-kubernetes-validations": [{"rule": "self == oldSelf"}]}}},
                  "x-kubernetes-validations": [
                    {"rule": "self.replicas"},
                    {"rule": "self.nope > 1"},
                    {"rule": "self.replicas > 1", "reason": "Bad"},
                    {"rule": "self.replicas > 1", "messageExpression": "self.replicas"},
                    {"rule": "self.replicas > 1", "optionalOldSelf": true},
                    {"rule": "self.replicas > 1", "fieldPath": ".nope"},
                    {"rule": ""}
                  ]}}}
                """));
        String at = "spec.validation.openAPIV3Schema.properties[spec]";
        assertThat(messages(bad.compilationErrors("spec.validation.openAPIV3Schema"))).containsExactly(
                at + ".x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.replicas\", "
                        + "Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), "
                        + "FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: cel expression must evaluate to a bool",
                at + ".x-kubernetes-validations[1].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.nope > 1\", "
                        + "Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), "
                        + "FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:5: "
                        + "undefined field 'nope'\n | self.nope > 1\n | ....^",
                at + ".x-kubernetes-validations[2].reason: Unsupported value: \"Bad\": supported values: "
                        + "\"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\"",
                at + ".x-kubernetes-validations[3].messageExpression: Invalid value: apiextensions.ValidationRule{"
                        + "Rule:\"self.replicas > 1\", Message:\"\", MessageExpression:\"self.replicas\", "
                        + "Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: "
                        + "must evaluate to a string",
                at + ".x-kubernetes-validations[4].optionalOldSelf: Invalid value: true: may not be set if oldSelf is "
                        + "not used in rule",
                at + ".x-kubernetes-validations[5].fieldPath: Invalid value: \".nope\": fieldPath must be a valid path",
                at + ".x-kubernetes-validations[6].rule: Required value: rule is not specified",
                at + ".properties[tags].items.x-kubernetes-validations[0].rule: Invalid value: \"self == oldSelf\": "
                        + "oldSelf cannot be used on the uncorrelatable portion of the schema within " + at
                        + ".properties[tags]");
    }

    @Test
    void rulesWhoseEstimatedCostIsTooHighAreRefused() {
        CustomResourceRules unbounded = CustomResourceRules.compile(schema("""
                {"type": "object", "properties": {"spec": {"type": "object",
                  "properties": {"names": {"type": "array", "items": {"type": "string"}}},
                  "x-kubernetes-validations": [{"rule": "self.names.all(a, self.names.all(b, a == b))"}]}}}
                """));
        assertThat(messages(unbounded.compilationErrors("spec.validation.openAPIV3Schema"))).contains(
                "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Forbidden: estimated "
                        + "rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding "
                        + "maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)");
        CustomResourceRules bounded = CustomResourceRules.compile(schema("""
                {"type": "object", "properties": {"spec": {"type": "object",
                  "properties": {"names": {"type": "array", "maxItems": 100, "items": {"type": "string"}}},
                  "x-kubernetes-validations": [{"rule": "self.names.all(a, self.names.all(b, a == b))"}]}}}
                """));
        assertThat(bounded.compilationErrors("spec.validation.openAPIV3Schema")).isEmpty();
    }

    @Test
    void theRequestBudgetStopsEvaluation() {
        CustomResourceRules loop = CustomResourceRules.compile(schema("""
                {"type": "object", "properties": {"spec": {"type": "object",
                  "properties": {"names": {"type": "array", "maxItems": 100, "items": {"type": "string"}}},
                  "x-kubernetes-validations": [{"rule": "self.names.all(a, self.names.all(b, a.size() > 0))"},
                    {"rule": "false", "message": "never reached"}]}}}
                """));
        StringBuilder names = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            names.append(i == 0 ? "" : ",").append("\"n").append(i).append('"');
        }
        JsonNode object = JSON.readTree("{\"spec\": {\"names\": " + names + "]}}");
        assertThat(messages(loop.validate(object, null, new CostBudget(50_000), false))).containsExactly(
                "spec: Invalid value: \"object\": validation failed due to running out of cost budget, "
                        + "no further validation rules will be run");
        assertThat(messages(loop.validate(object, null))).containsExactly(
                "spec: Invalid value: \"object\": never reached");
    }

    @Test
    void propertyNamesAreEscapedAsUpstreamEscapesThem() {
        CustomResourceRules escaped = CustomResourceRules.compile(schema("""
                {"type": "object", "properties": {"spec": {"type": "object",
                  "properties": {"max-surge": {"type": "integer"}, "namespace": {"type": "string"},
                    "a.b": {"type": "string"}, "x__y": {"type": "string"}},
                  "x-kubernetes-validations": [{"rule":
                    "self.max__dash__surge < 3 && self.__namespace__ == 'ns' && self.a__dot__b == 'c' && self.x__underscores__y == 'z'"}]}}}
                """));
        assertThat(escaped.compilationErrors("s")).isEmpty();
        assertThat(escaped.validate(JSON.readTree(
                "{\"spec\": {\"max-surge\": 1, \"namespace\": \"ns\", \"a.b\": \"c\", \"x__y\": \"z\"}}"), null)).isEmpty();
    }

    @Test
    void anUpdateWarnsOfRulesFailingOnUnchangedValuesUnlessTheyUseOldSelf() {
        JsonNode old = object("{\"image\": \"nginx\", \"replicas\": 7, \"tags\": [\"forbidden\"]}");
        List<String> warnings = new java.util.ArrayList<>();
        try (var scope = dev.ordinal.machinery.Warnings.recordTo(warnings::add)) {
            assertThat(rules.validate(object("{\"image\": \"nginx\", \"replicas\": 7, \"tags\": [\"forbidden\"]}"),
                    old, CostBudget.perRequest(), true).stream().map(FieldError::toString))
                    // items of a list that is not a list-type map never correlate with old ones
                    .containsExactly("spec.tags[0]: Required value: tag not allowed");
            assertThat(messages(rules.validate(object("{\"image\": \"other\", \"replicas\": 7, "
                    + "\"tags\": [\"forbidden\"]}"), old, CostBudget.perRequest(), true))).containsExactly(
                    "spec: Invalid value: \"object\": replicas above 5 require red",
                    "spec.image: Forbidden: image is immutable",
                    "spec.tags[0]: Required value: tag not allowed");
        }
        assertThat(warnings).containsExactly("spec: Invalid value: \"object\": replicas above 5 require red");
        assertThat(messages(rules.validate(object("{\"image\": \"nginx\", \"replicas\": 7}"), old,
                CostBudget.perRequest(), false))).containsExactly(
                "spec: Invalid value: \"object\": replicas above 5 require red");
    }
}
