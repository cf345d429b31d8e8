package dev.ordinal.registry.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;

class StatefulSetValidationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
            + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String MISMATCH =
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: "
                    + "`selector` does not match template `labels`";

    private final StatefulSetStrategy strategy = new StatefulSetStrategy(JSON);

    @Nested
    class OnCreate {

        @Test
        void acceptsAValidSet() {
            assertThat(errors(web(""))).isEmpty();
        }

        /** The apiserver does not validate the template as a pod; pod creation fails later instead. */
        @Test
        void acceptsATemplateThatCouldNotMakeAPod() {
            assertThat(errors("""
                    {"spec": {"selector": {"matchLabels": {"app": "web"}},
                      "template": {"metadata": {"labels": {"app": "web"}},
                       "spec": {"containers": [{"name": "Not A Name", "image": ""}], "volumes": [{"name": ""}]}},
                      "volumeClaimTemplates": [{"metadata": {"name": "Bad Name"}}],
                      "revisionHistoryLimit": -1}}
                    """)).isEmpty();
        }

        @Test
        void countsMustNotBeNegative() {
            assertThat(errors(web("""
                    "replicas": -1, "minReadySeconds": -2, "ordinals": {"start": -3},
                    "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": -4}}
                    """))).containsExactly(
                    "spec.updateStrategy.rollingUpdate.partition: Invalid value: -4: must be greater than or equal to 0",
                    "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                    "spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0",
                    "spec.ordinals.start: Invalid value: -3: must be greater than or equal to 0");
        }

        @Test
        void podManagementPolicy() {
            assertThat(errors(web("\"podManagementPolicy\": \"Sometimes\""))).containsExactly(
                    "spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'");
        }

        @Test
        void updateStrategyType() {
            assertThat(errors(web("\"updateStrategy\": {\"type\": \"Recreate\"}"))).containsExactly(
                    "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Recreate\", "
                            + "RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: "
                            + "must be 'RollingUpdate' or 'OnDelete'");
        }

        @Test
        void rollingUpdateBlockOnlyForRollingUpdate() {
            assertThat(errors(web("\"updateStrategy\": {\"type\": \"OnDelete\", \"rollingUpdate\": {\"partition\": 2}}")))
                    .containsExactly("spec.updateStrategy.rollingUpdate: Invalid value: "
                            + "apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:(*intstr.IntOrString)(nil)}: "
                            + "only allowed for updateStrategy 'RollingUpdate'");
        }

        @Test
        void retentionPolicies() {
            assertThat(errors(web("""
                    "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Keep", "whenScaled": "delete"}
                    """))).containsExactly(
                    "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": "
                            + "supported values: \"Retain\", \"Delete\"",
                    "spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: \"delete\": "
                            + "supported values: \"Retain\", \"Delete\"");
        }

        /** A missing selector selects nothing, so the template's labels cannot match it either. */
        @Test
        void selectorIsRequired() {
            assertThat(errors("""
                    {"spec": {"template": {"metadata": {"labels": {"app": "web"}}}}}
                    """)).containsExactly("spec.selector: Required value", MISMATCH);
        }

        @Test
        void selectorMustMatchTheTemplateLabels() {
            assertThat(errors("""
                    {"spec": {"selector": {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]},
                      "template": {"metadata": {"labels": {"app": "web"}}}}}
                    """)).containsExactly(MISMATCH);
        }

        @Test
        void templateWithoutLabelsPrintsANilMap() {
            assertThat(errors("""
                    {"spec": {"selector": {"matchLabels": {"app": "web"}}}}
                    """)).containsExactly("spec.template.metadata.labels: Invalid value: map[string]string(nil): "
                    + "`selector` does not match template `labels`");
        }

        @Test
        void selectorMustNotBeEmpty() {
            assertThat(errors("""
                    {"spec": {"selector": {"matchLabels": {}}, "template": {"metadata": {"labels": {"app": "web"}}}}}
                    """)).containsExactly("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, "
                    + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset");
        }

        /** An unusable selector is reported twice, and the template is not checked against it. */
        @Test
        void selectorMustBeValid() {
            assertThat(errors("""
                    {"spec": {"selector": {"matchExpressions": [{"key": "tier", "operator": "Gt", "values": ["1"]}]},
                      "template": {"metadata": {"labels": {"app": "web"}}}}}
                    """)).containsExactly(
                    "spec.selector.matchExpressions[0].operator: Invalid value: \"Gt\": not a valid selector operator",
                    "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                            + "MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{"
                            + "Key:\"tier\", Operator:\"Gt\", Values:[]string{\"1\"}}}}");
        }

        @Test
        void selectorLabelValuesAreStrict() {
            assertThat(errors("""
                    {"spec": {"selector": {"matchLabels": {"app": "web"},
                       "matchExpressions": [{"key": "tier", "operator": "In", "values": ["front end"]}]},
                      "template": {"metadata": {"labels": {"app": "web"}}}}}
                    """)).first().asString()
                    .startsWith("spec.selector.matchExpressions[0].values[0]: Invalid value: \"front end\": "
                            + "a valid label must be an empty string");
        }

        /** Upstream reports template labels and annotations without the metadata segment in the path. */
        @Test
        void templateLabelsAndAnnotations() {
            assertThat(errors("""
                    {"spec": {"selector": {"matchLabels": {"app": "web"}},
                      "template": {"metadata": {"labels": {"app": "web", "-tier": "front"},
                       "annotations": {"bad key": "x"}}}}}
                    """)).containsExactly(
                    "spec.template.labels: Invalid value: \"-tier\": " + NAME_PART,
                    "spec.template.annotations: Invalid value: \"bad key\": " + NAME_PART);
        }

        @Test
        void restartPolicyMustBeAlways() {
            assertThat(errors(web("", "\"restartPolicy\": \"Never\""))).containsExactly(
                    "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
        }

        @Test
        void noActiveDeadline() {
            assertThat(errors(web("", "\"activeDeadlineSeconds\": 30"))).containsExactly(
                    "spec.template.spec.activeDeadlineSeconds: Forbidden: "
                            + "activeDeadlineSeconds in StatefulSet is not Supported");
        }

        @Test
        void errorsComeInUpstreamOrder() {
            assertThat(errors("""
                    {"spec": {"replicas": -1, "podManagementPolicy": "x", "template": {"spec": {"restartPolicy": "Never"}}}}
                    """)).containsExactly(
                    "spec.podManagementPolicy: Invalid value: \"x\": must be 'OrderedReady' or 'Parallel'",
                    "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                    "spec.selector: Required value",
                    "spec.template.metadata.labels: Invalid value: map[string]string(nil): "
                            + "`selector` does not match template `labels`",
                    "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"web.v1", "Web", "a-very-long-name-that-does-not-fit-into-a-dns-label-of-63-chars-x"})
        void nameMustBeADnsLabel(String name) {
            assertThat(strategy.nameRule().check(name, false)).isNotEmpty();
        }

        @Test
        void aBodyGoCannotDecodeIsABadRequest() {
            Unstructured statefulSet = object("{\"spec\": {\"replicas\": \"three\"}}");
            strategy.applyDefaults(statefulSet);

            assertThatThrownBy(() -> strategy.validate(statefulSet))
                    .isInstanceOfSatisfying(StatusError.class, e -> assertThat(e.code()).isEqualTo(400))
                    .hasMessageStartingWith("StatefulSet in version \"v1\" cannot be handled as a StatefulSet: ");
        }
    }

    @Nested
    class OnUpdate {

        private final Unstructured stored = created(web("\"revisionHistoryLimit\": 5"));

        @Test
        void mayChangeTheMutableFields() {
            assertThat(updateErrors(web("""
                    "revisionHistoryLimit": 5, "replicas": 5, "minReadySeconds": 10, "ordinals": {"start": 2},
                    "updateStrategy": {"type": "OnDelete"},
                    "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete", "whenScaled": "Delete"}
                    """, "\"containers\": [{\"name\": \"web\", \"image\": \"nginx:1.27\"}]"))).isEmpty();
        }

        @Test
        void mayNotChangeAnyOtherSpecField() {
            assertThat(updateErrors(web("\"revisionHistoryLimit\": 5, \"serviceName\": \"other\""))).containsExactly(
                    "spec: Forbidden: " + StatefulSetValidation.IMMUTABLE_SPEC);
        }

        @Test
        void revisionHistoryLimitIsImmutableInV132() {
            assertThat(updateErrors(web("\"revisionHistoryLimit\": 6"))).containsExactly(
                    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                            + "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                            + "'minReadySeconds' are forbidden");
        }

        /** Defaulting runs on the update body: left out, a field defaults back to its stored value, or not. */
        @Test
        void omittedFieldsAreDefaultedFirst() {
            assertThat(updateErrors(web("""
                    "revisionHistoryLimit": 5, "podManagementPolicy": null
                    """))).isEmpty();
            assertThat(updateErrors(web(""))).containsExactly("spec: Forbidden: " + StatefulSetValidation.IMMUTABLE_SPEC);
        }

        /** Upstream compares semantically: an empty list equals a missing one. */
        @Test
        void anEmptyListEqualsAMissingOne() {
            assertThat(updateErrors("""
                    {"spec": {"revisionHistoryLimit": 5, "serviceName": "web", "volumeClaimTemplates": [],
                      "selector": {"matchLabels": {"app": "web"}, "matchExpressions": []},
                      "template": {"metadata": {"labels": {"app": "web"}},
                       "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
                    """)).isEmpty();
        }

        @Test
        void theNewSpecIsValidatedToo() {
            assertThat(updateErrors(web("\"revisionHistoryLimit\": 5, \"replicas\": -1, \"serviceName\": \"x\"")))
                    .containsExactly("spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                            "spec: Forbidden: " + StatefulSetValidation.IMMUTABLE_SPEC);
        }

        private List<String> updateErrors(String body) {
            Unstructured update = object(body);
            strategy.applyDefaults(update);
            strategy.prepareForUpdate(update, stored);
            return strings(strategy.validateUpdate(update, stored));
        }
    }

    @Nested
    class OnStatusUpdate {

        private final Unstructured stored = withStatus(created(web("")), """
                {"replicas": 3, "readyReplicas": 3, "availableReplicas": 3, "collisionCount": 2}
                """);

        @Test
        void acceptsConsistentCounts() {
            assertThat(statusErrors("""
                    {"observedGeneration": 1, "replicas": 3, "readyReplicas": 2, "currentReplicas": 3,
                     "updatedReplicas": 1, "availableReplicas": 2, "collisionCount": 2}
                    """)).isEmpty();
        }

        @Test
        void countsMustNotBeNegative() {
            assertThat(statusErrors("""
                    {"observedGeneration": -1, "replicas": 0, "readyReplicas": -1, "currentReplicas": -2,
                     "updatedReplicas": -3, "availableReplicas": -4, "collisionCount": -5}
                    """)).containsExactly(
                    "status.readyReplicas: Invalid value: -1: must be greater than or equal to 0",
                    "status.currentReplicas: Invalid value: -2: must be greater than or equal to 0",
                    "status.updatedReplicas: Invalid value: -3: must be greater than or equal to 0",
                    "status.availableReplicas: Invalid value: -4: must be greater than or equal to 0",
                    "status.observedGeneration: Invalid value: -1: must be greater than or equal to 0",
                    "status.collisionCount: Invalid value: -5: must be greater than or equal to 0",
                    "status.collisionCount: Invalid value: -5: cannot be decremented");
        }

        @Test
        void countsMustNotExceedReplicas() {
            assertThat(statusErrors("""
                    {"replicas": 1, "readyReplicas": 2, "currentReplicas": 3, "updatedReplicas": 4,
                     "availableReplicas": 5, "collisionCount": 2}
                    """)).containsExactly(
                    "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
                    "status.currentReplicas: Invalid value: 3: cannot be greater than status.replicas",
                    "status.updatedReplicas: Invalid value: 4: cannot be greater than status.replicas",
                    "status.availableReplicas: Invalid value: 5: cannot be greater than status.replicas",
                    "status.availableReplicas: Invalid value: 5: cannot be greater than status.readyReplicas");
        }

        @Test
        void collisionCountOnlyGrows() {
            assertThat(statusErrors("{\"replicas\": 3, \"collisionCount\": 3}")).isEmpty();
            assertThat(statusErrors("{\"replicas\": 3, \"collisionCount\": 1}"))
                    .containsExactly("status.collisionCount: Invalid value: 1: cannot be decremented");
            assertThat(statusErrors("{\"replicas\": 3}"))
                    .containsExactly("status.collisionCount: Invalid value: 0: cannot be decremented");
        }

        private List<String> statusErrors(String status) {
            return strings(strategy.validateStatusUpdate(withStatus(stored.deepCopy(), status), stored));
        }

        private static Unstructured withStatus(Unstructured statefulSet, String status) {
            statefulSet.json().set("status", JSON.readTree(status));
            return statefulSet;
        }
    }

    /** A valid set named web, with spec fields and template spec fields added (or, last, replacing). */
    private static String web(String specFields, String templateSpecFields) {
        String containers = templateSpecFields.contains("\"containers\"") ? ""
                : "\"containers\": [{\"name\": \"web\", \"image\": \"nginx\"}]" + (templateSpecFields.isEmpty() ? "" : ", ");
        return """
                {"metadata": {"name": "web"},
                 "spec": {"selector": {"matchLabels": {"app": "web"}}, "serviceName": "web",
                  "template": {"metadata": {"labels": {"app": "web"}}, "spec": {%s%s}}%s}}
                """.formatted(containers, templateSpecFields, specFields.isBlank() ? "" : ", " + specFields.strip());
    }

    private static String web(String specFields) {
        return web(specFields, "");
    }

    private List<String> errors(String body) {
        return strings(strategy.validate(created(body)));
    }

    private Unstructured created(String body) {
        Unstructured statefulSet = object(body);
        strategy.applyDefaults(statefulSet);
        strategy.prepareForCreate(statefulSet);
        return statefulSet;
    }

    private static Unstructured object(String body) {
        return new Unstructured((ObjectNode) JSON.readTree(body));
    }

    private static List<String> strings(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).toList();
    }
}
