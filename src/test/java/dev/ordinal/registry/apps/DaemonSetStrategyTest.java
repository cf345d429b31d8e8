package dev.ordinal.registry.apps;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.testing.MemoryRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DaemonSets through the generic registry as the server defines them: upstream's defaults,
 * validation messages, template generation and status strategy.
 */
class DaemonSetStrategyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WriteOptions WRITE = WriteOptions.defaults();
    private static final String GENERATION = "deprecated.daemonset.template.generation";

    private final GenericRegistry registry = new MemoryRegistry().registry();
    private final ResourceDefinition daemonSets = new AppsResources().daemonSets();

    private static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JSON.readTree(json));
    }

    /** A DaemonSet {@code agent} selecting app=agent, with more spec fields. */
    private static Unstructured daemonSet(String moreSpec) {
        return object("""
                {"metadata": {"name": "agent"},
                 "spec": {%s"selector": {"matchLabels": {"app": "agent"}},
                  "template": {"metadata": {"labels": {"app": "agent"}},
                   "spec": {"containers": [{"name": "agent", "image": "busybox"}]}}}}
                """.formatted(moreSpec));
    }

    private Unstructured create(Unstructured daemonSet) {
        return registry.create(daemonSets, "default", daemonSet, WRITE);
    }

    private String invalid(Unstructured daemonSet) {
        try {
            create(daemonSet);
        } catch (StatusError e) {
            assertThat(e.code()).isEqualTo(422);
            return e.getMessage();
        }
        throw new AssertionError("created " + daemonSet);
    }

    @Test
    void aNewDaemonSetGetsUpstreamDefaultsAndTemplateGenerationOne() {
        Unstructured created = create(daemonSet(""));

        assertThat(created.at("spec.updateStrategy").toString())
                .isEqualTo("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1,\"maxSurge\":0}}");
        assertThat(created.at("spec.revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(created.at("spec.template.spec.restartPolicy").asString()).isEqualTo("Always");
        assertThat(created.annotations()).containsEntry(GENERATION, "1");
        assertThat(created.generation()).isEqualTo(1);
        assertThat(created.json().path("status").toString()).isEqualTo(
                "{\"currentNumberScheduled\":0,\"numberMisscheduled\":0,\"desiredNumberScheduled\":0,\"numberReady\":0}");
    }

    @Test
    void onDeleteGetsNoRollingUpdateBounds() {
        Unstructured created = create(daemonSet("\"updateStrategy\": {\"type\": \"OnDelete\"},"));

        assertThat(created.at("spec.updateStrategy").toString()).isEqualTo("{\"type\":\"OnDelete\"}");
    }

    @Test
    void onlyATemplateChangeMovesTheTemplateGeneration() {
        create(daemonSet(""));
        Unstructured stored = registry.get(daemonSets, "default", "agent");
        Unstructured changed = stored.deepCopy();
        ((ObjectNode) changed.at("spec")).put("minReadySeconds", 5);
        changed.metadata().withObject("annotations").put(GENERATION, "7");
        Unstructured written = registry.update(daemonSets, "default", "agent", changed, null, WRITE);
        assertThat(written.annotations()).containsEntry(GENERATION, "1");
        assertThat(written.generation()).isEqualTo(2);

        Unstructured newImage = written.deepCopy();
        ((ObjectNode) newImage.at("spec.template.spec.containers").get(0)).put("image", "busybox:2");
        written = registry.update(daemonSets, "default", "agent", newImage, null, WRITE);
        assertThat(written.annotations()).containsEntry(GENERATION, "2");
        assertThat(written.generation()).isEqualTo(3);
    }

    @Test
    void surgeAndUnavailableMayNotBothBeSetNorBothZero() {
        assertThat(invalid(daemonSet("\"updateStrategy\": {\"rollingUpdate\": {\"maxSurge\": 1}},"))).isEqualTo(
                "DaemonSet.apps \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "
                        + "intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero");
        assertThat(invalid(daemonSet(
                "\"updateStrategy\": {\"rollingUpdate\": {\"maxSurge\": 0, \"maxUnavailable\": \"0%\"}},")))
                .isEqualTo("DaemonSet.apps \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: "
                        + "Required value: cannot be 0 when maxSurge is 0");
        assertThat(invalid(daemonSet(
                "\"updateStrategy\": {\"rollingUpdate\": {\"maxSurge\": \"150%\", \"maxUnavailable\": 0}},")))
                .isEqualTo("DaemonSet.apps \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: "
                        + "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: "
                        + "must not be greater than 100%");
    }

    @Test
    void anUnknownStrategyTypeIsNotSupported() {
        assertThat(invalid(daemonSet("\"updateStrategy\": {\"type\": \"Sometimes\"},"))).isEqualTo(
                "DaemonSet.apps \"agent\" is invalid: spec.updateStrategy: Unsupported value: "
                        + "apps.DaemonSetUpdateStrategy{Type:\"Sometimes\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: "
                        + "supported values: \"RollingUpdate\", \"OnDelete\"");
    }

    @Test
    void selectorAndTemplateRulesUseTheDaemonSetWording() {
        Unstructured empty = daemonSet("");
        ((ObjectNode) empty.at("spec")).putObject("selector");
        assertThat(invalid(empty)).isEqualTo("DaemonSet.apps \"agent\" is invalid: spec.selector: Invalid value: "
                + "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: "
                + "empty selector is invalid for daemonset");

        Unstructured deadline = daemonSet("");
        ((ObjectNode) deadline.at("spec.template.spec")).put("activeDeadlineSeconds", 10).put("restartPolicy", "Never");
        assertThat(invalid(deadline)).isEqualTo("DaemonSet.apps \"agent\" is invalid: ["
                + "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\", "
                + "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported]");

        Unstructured mismatch = daemonSet("");
        ((ObjectNode) mismatch.at("spec")).remove("selector");
        assertThat(invalid(mismatch)).isEqualTo("DaemonSet.apps \"agent\" is invalid: spec.template.metadata.labels: "
                + "Invalid value: map[string]string{\"app\":\"agent\"}: `selector` does not match template `labels`");
    }

    @Test
    void theSelectorIsImmutable() {
        Unstructured stored = create(daemonSet(""));
        Unstructured changed = stored.deepCopy();
        ((ObjectNode) changed.at("spec.selector")).putObject("matchLabels").put("app", "other");
        ((ObjectNode) changed.at("spec.template.metadata")).putObject("labels").put("app", "other");

        assertThatThrownBy(() -> registry.update(daemonSets, "default", "agent", changed, null, WRITE))
                .hasMessageEndingWith("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string"
                        + "{\"app\":\"other\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
    }

    @Test
    void aStatusWriteKeepsTheSpecAndNeverLowersTheCollisionCount() {
        Unstructured stored = create(daemonSet(""));
        Unstructured statusWrite = stored.deepCopy();
        ((ObjectNode) statusWrite.at("spec")).put("minReadySeconds", 9);
        ((ObjectNode) statusWrite.at("status")).put("desiredNumberScheduled", 3).put("collisionCount", 2);
        Unstructured written = registry.update(daemonSets, "default", "agent", statusWrite, Subresource.STATUS, WRITE);
        assertThat(written.at("status.desiredNumberScheduled").asInt()).isEqualTo(3);
        assertThat(written.at("spec.minReadySeconds").isMissingNode()).isTrue();

        ((ObjectNode) written.at("status")).put("collisionCount", 1).put("numberReady", -1);
        assertThatThrownBy(() -> registry.update(daemonSets, "default", "agent", written, Subresource.STATUS, WRITE))
                .hasMessage("DaemonSet.apps \"agent\" is invalid: [status.numberReady: Invalid value: -1: must be "
                        + "greater than or equal to 0, status.collisionCount: Invalid value: 1: cannot be decremented]");
    }
}
