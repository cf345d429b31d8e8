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
 * Deployments and ReplicaSets through the generic registry as the server defines them: upstream's
 * defaults, validation messages, generation rules and status strategy.
 */
class DeploymentStrategyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WriteOptions WRITE = WriteOptions.defaults();

    private final GenericRegistry registry = new MemoryRegistry().registry();
    private final ResourceDefinition deployments = new AppsResources().deployments(registry);
    private final ResourceDefinition replicaSets = new AppsResources().replicaSets(registry);

    private static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JSON.readTree(json));
    }

    /** A Deployment {@code web} selecting app=web, with more spec fields. */
    private static Unstructured deployment(String moreSpec) {
        return object("""
                {"metadata": {"name": "web"},
                 "spec": {%s"selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                   "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
                """.formatted(moreSpec));
    }

    private Unstructured create(Unstructured deployment) {
        return registry.create(deployments, "default", deployment, WRITE);
    }

    private String invalid(ResourceDefinition definition, Unstructured object) {
        try {
            registry.create(definition, "default", object, WRITE);
        } catch (StatusError e) {
            assertThat(e.code()).isEqualTo(422);
            return e.getMessage();
        }
        throw new AssertionError("created " + object);
    }

    @Test
    void aNewDeploymentGetsUpstreamDefaults() {
        Unstructured created = create(deployment(""));

        assertThat(created.at("spec.replicas").asInt()).isEqualTo(1);
        assertThat(created.at("spec.strategy").toString())
                .isEqualTo("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}}");
        assertThat(created.at("spec.revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(created.at("spec.progressDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(created.at("spec.template.spec.restartPolicy").asString()).isEqualTo("Always");
        assertThat(created.generation()).isEqualTo(1);
        assertThat(created.json().path("status").isEmpty()).isTrue();
    }

    @Test
    void recreateGetsNoRollingUpdateBounds() {
        Unstructured created = create(deployment("\"strategy\": {\"type\": \"Recreate\"},"));

        assertThat(created.at("spec.strategy").toString()).isEqualTo("{\"type\":\"Recreate\"}");
    }

    @Test
    void aSelectorMustMatchTheTemplate() {
        Unstructured mismatched = deployment("");
        mismatched.json().withObject("spec").withObject("selector").withObject("matchLabels").put("app", "api");

        assertThat(invalid(deployments, mismatched)).isEqualTo("Deployment.apps \"web\" is invalid: "
                + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: "
                + "`selector` does not match template `labels`");
    }

    @Test
    void aMissingSelectorIsRequiredAndMatchesNoTemplate() {
        Unstructured unselected = deployment("");
        unselected.json().withObject("spec").remove("selector");

        assertThat(invalid(deployments, unselected)).isEqualTo("Deployment.apps \"web\" is invalid: ["
                + "spec.selector: Required value, spec.template.metadata.labels: Invalid value: "
                + "map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`]");
    }

    @Test
    void rollingUpdateBoundsAreChecked() {
        assertThat(invalid(deployments, deployment(
                "\"strategy\": {\"rollingUpdate\": {\"maxSurge\": 0, \"maxUnavailable\": \"0%\"}},")))
                .endsWith("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "
                        + "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0");
        assertThat(invalid(deployments, deployment("\"strategy\": {\"rollingUpdate\": {\"maxUnavailable\": \"101%\"}},")))
                .endsWith("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "
                        + "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"101%\"}: must not be greater than 100%");
        assertThat(invalid(deployments, deployment("\"strategy\": {\"rollingUpdate\": {\"maxSurge\": \"5.5%\"}},")))
                .endsWith("spec.strategy.rollingUpdate.maxSurge: Invalid value: "
                        + "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"5.5%\"}: a valid percent string must be a "
                        + "numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation "
                        + "is '[0-9]+%')");
        assertThat(invalid(deployments, deployment("\"strategy\": {\"rollingUpdate\": {\"maxSurge\": -1}},")))
                .endsWith("spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0");
        // Only maxUnavailable is capped.
        assertThat(create(deployment("\"strategy\": {\"rollingUpdate\": {\"maxSurge\": \"200%\"}},"))
                .at("spec.strategy.rollingUpdate.maxSurge").asString()).isEqualTo("200%");
    }

    @Test
    void recreateTakesNoRollingUpdateAndUnknownTypesAreRefused() {
        assertThat(invalid(deployments, deployment(
                "\"strategy\": {\"type\": \"Recreate\", \"rollingUpdate\": {\"maxSurge\": 1}},")))
                .endsWith("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
        assertThat(invalid(deployments, deployment("\"strategy\": {\"type\": \"BlueGreen\"},")))
                .endsWith("spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", "
                        + "RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", "
                        + "\"RollingUpdate\"");
    }

    @Test
    void theProgressDeadlineMustExceedMinReadySeconds() {
        assertThat(invalid(deployments, deployment("\"minReadySeconds\": 10, \"progressDeadlineSeconds\": 5,")))
                .endsWith("spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds");
    }

    @Test
    void theTemplateIsValidatedAsAPod() {
        Unstructured never = deployment("");
        ObjectNode podSpec = never.json().withObject("spec").withObject("template").withObject("spec");
        podSpec.put("restartPolicy", "Never");
        podSpec.putArray("containers");

        assertThat(invalid(deployments, never))
                .contains("spec.template.spec.containers: Required value")
                .contains("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
    }

    @Test
    void theSelectorIsImmutable() {
        Unstructured stored = create(deployment(""));
        Unstructured changed = stored.deepCopy();
        ObjectNode spec = changed.json().withObject("spec");
        spec.withObject("selector").withObject("matchLabels").put("app", "v2");
        spec.withObject("template").withObject("metadata").withObject("labels").put("app", "v2");

        assertThatThrownBy(() -> registry.update(deployments, "default", "web", changed, null, WRITE))
                .hasMessageEndingWith("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string"
                        + "{\"app\":\"v2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
    }

    @Test
    void annotationsMoveTheGenerationAsSpecDoes() {
        Unstructured stored = create(deployment(""));
        Unstructured labelled = stored.deepCopy();
        labelled.metadata().withObject("labels").put("team", "a");
        labelled = registry.update(deployments, "default", "web", labelled, null, WRITE);
        assertThat(labelled.generation()).isEqualTo(1);

        Unstructured annotated = labelled.deepCopy();
        annotated.metadata().withObject("annotations").put("kubernetes.io/change-cause", "first");
        assertThat(registry.update(deployments, "default", "web", annotated, null, WRITE).generation()).isEqualTo(2);
    }

    @Test
    void aStatusWriteKeepsItsAnnotationsButNotItsSpecOrLabels() {
        Unstructured stored = create(deployment(""));
        Unstructured statusWrite = stored.deepCopy();
        statusWrite.metadata().withObject("annotations").put("deployment.kubernetes.io/revision", "1");
        statusWrite.metadata().withObject("labels").put("team", "a");
        statusWrite.json().withObject("spec").put("replicas", 5);
        statusWrite.json().withObject("status").put("observedGeneration", 1);

        Unstructured written = registry.update(deployments, "default", "web", statusWrite, Subresource.STATUS, WRITE);

        assertThat(written.annotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(written.labels()).doesNotContainKey("team");
        assertThat(written.at("spec.replicas").asInt()).isEqualTo(1);
        assertThat(written.generation()).isEqualTo(1);
    }

    @Test
    void statusCountersAreBoundedAndCollisionCountNeverDecreases() {
        Unstructured stored = create(deployment(""));
        Unstructured statusWrite = stored.deepCopy();
        statusWrite.json().withObject("status").put("replicas", 1).put("readyReplicas", 1)
                .put("availableReplicas", 2).put("collisionCount", 2);
        assertThatThrownBy(() -> registry.update(deployments, "default", "web", statusWrite, Subresource.STATUS, WRITE))
                .hasMessageContaining("status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas")
                .hasMessageContaining("status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas");

        statusWrite.json().withObject("status").put("availableReplicas", 1);
        Unstructured written = registry.update(deployments, "default", "web", statusWrite, Subresource.STATUS, WRITE);
        written.json().withObject("status").put("collisionCount", 1);
        assertThatThrownBy(() -> registry.update(deployments, "default", "web", written, Subresource.STATUS, WRITE))
                .hasMessageEndingWith("status.collisionCount: Invalid value: 1: cannot be decremented");
    }

    @Test
    void aReplicaSetGetsOneReplicaAndRefusesAnEmptySelectorInTheDeploymentsWords() {
        Unstructured replicaSet = object("""
                {"metadata": {"name": "web"},
                 "spec": {"selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                   "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
                """);
        Unstructured created = registry.create(replicaSets, "default", replicaSet.deepCopy(), WRITE);
        assertThat(created.at("spec.replicas").asInt()).isEqualTo(1);
        assertThat(created.at("status").toString()).isEqualTo("{\"replicas\":0}");

        replicaSet.json().withObject("spec").putObject("selector");
        replicaSet.metadata().put("name", "empty");
        assertThat(invalid(replicaSets, replicaSet)).isEqualTo("ReplicaSet.apps \"empty\" is invalid: spec.selector: "
                + "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment");
    }

    @Test
    void aReplicaSetsTemplateMayNotHaveAnActiveDeadline() {
        Unstructured replicaSet = object("""
                {"metadata": {"name": "web"},
                 "spec": {"selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                   "spec": {"activeDeadlineSeconds": 5, "containers": [{"name": "web", "image": "nginx"}]}}}}
                """);
        assertThat(invalid(replicaSets, replicaSet)).endsWith("spec.template.spec.activeDeadlineSeconds: "
                + "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported");
    }

    @Test
    void aSelectorGoCannotDecodeIsABadRequest() {
        Unstructured undecodable = deployment("");
        undecodable.json().withObject("spec").withObject("selector").putArray("matchLabels").add("app");

        assertThatThrownBy(() -> create(undecodable)).isInstanceOfSatisfying(StatusError.class,
                e -> assertThat(e.code()).isEqualTo(400))
                .hasMessageStartingWith("Deployment in version \"v1\" cannot be handled as a Deployment: ");
    }
}
