package dev.ordinal.controller.deployment;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Deployment controller's decisions, sync by sync, on ReplicaSets kept by a fake client whose
 * statuses the tests set as the ReplicaSet controller would.
 */
class DeploymentSyncTest {

    private static final Instant NOW = Instant.parse("2024-01-01T12:00:00Z");

    private final FakeDeploymentClient client = new FakeDeploymentClient();
    private final DeploymentSync sync = new DeploymentSync(client, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Unstructured deployment(int replicas, String strategy, String image) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree("""
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "web", "namespace": "default", "uid": "d-uid", "generation": 1,
                  "resourceVersion": "1"},
                 "spec": {"replicas": %d, "selector": {"matchLabels": {"app": "web"}}, "strategy": %s,
                  "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
                  "template": {"metadata": {"labels": {"app": "web"}},
                   "spec": {"containers": [{"name": "web", "image": "%s"}]}}},
                 "status": {}}""".formatted(replicas, strategy, image)));
    }

    private static String rolling(Object surge, Object unavailable) {
        return "{\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": %s, \"maxUnavailable\": %s}}"
                .formatted(surge, unavailable);
    }

    /** One sync over the sets as they are now; answers the Deployment as the controller left it. */
    private Unstructured sync(Unstructured deployment) {
        return sync(deployment, Map.of());
    }

    private Unstructured sync(Unstructured deployment, Map<String, List<Unstructured>> pods) {
        Unstructured copy = deployment.deepCopy();
        sync.sync(copy, client.list(), pods);
        return copy;
    }

    /** The set's status as the ReplicaSet controller would write it once it has {@code replicas} pods. */
    private void observe(String name, int replicas, int available) {
        ObjectNode status = client.replicaSets.get(name).json().putObject("status");
        status.put("replicas", replicas).put("readyReplicas", available).put("availableReplicas", available)
                .put("observedGeneration", 1);
    }

    private Unstructured only() {
        assertThat(client.replicaSets).hasSize(1);
        return client.replicaSets.values().iterator().next();
    }

    private static Unstructured withImage(Unstructured deployment, String image) {
        Unstructured changed = deployment.deepCopy();
        ((ObjectNode) changed.at("spec.template.spec.containers").get(0)).put("image", image);
        changed.setGeneration(deployment.generation() + 1);
        return changed;
    }

    private static int replicas(Unstructured replicaSet) {
        return replicaSet.at("spec.replicas").asInt();
    }

    @Test
    void aNewDeploymentGetsOneReplicaSetAtFullSize() {
        Unstructured deployment = sync(deployment(3, rolling("\"25%\"", "\"25%\""), "nginx:1"));

        Unstructured replicaSet = only();
        String hash = replicaSet.labels().get("pod-template-hash");
        assertThat(hash).matches("[4-9bcdf]{1,10}");
        assertThat(replicaSet.name()).isEqualTo("web-" + hash);
        assertThat(replicas(replicaSet)).isEqualTo(3);
        assertThat(replicaSet.at("spec.selector.matchLabels").toString())
                .isEqualTo("{\"app\":\"web\",\"pod-template-hash\":\"" + hash + "\"}");
        assertThat(replicaSet.at("spec.template.metadata.labels.pod-template-hash").asString()).isEqualTo(hash);
        assertThat(replicaSet.annotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
                .containsEntry("deployment.kubernetes.io/max-replicas", "4");
        assertThat(replicaSet.at("metadata.ownerReferences").get(0).toString()).isEqualTo("{\"apiVersion\":\"apps/v1\","
                + "\"kind\":\"Deployment\",\"name\":\"web\",\"uid\":\"d-uid\",\"controller\":true,\"blockOwnerDeletion\":true}");
        assertThat(client.events).containsExactly("ScalingReplicaSet: Scaled up replica set web-" + hash + " to 3");
        assertThat(deployment.annotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        JsonNode progressing = DeploymentConditions.get(deployment.json().path("status"), "Progressing");
        assertThat(progressing.path("reason").asString()).isEqualTo("NewReplicaSetCreated");
        assertThat(progressing.path("message").asString()).isEqualTo("Created new replica set \"web-" + hash + "\"");
    }

    @Test
    void aCompleteRolloutReportsTheNewReplicaSetAvailable() {
        Unstructured deployment = sync(deployment(3, rolling("\"25%\"", "\"25%\""), "nginx:1"));
        observe(only().name(), 3, 3);

        deployment = sync(deployment);

        JsonNode status = deployment.json().path("status");
        assertThat(status.path("replicas").asInt()).isEqualTo(3);
        assertThat(status.path("updatedReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("availableReplicas").asInt()).isEqualTo(3);
        assertThat(status.has("unavailableReplicas")).isFalse();
        assertThat(DeploymentConditions.get(status, "Available").path("reason").asString())
                .isEqualTo("MinimumReplicasAvailable");
        assertThat(DeploymentConditions.get(status, "Progressing").path("message").asString())
                .isEqualTo("ReplicaSet \"" + only().name() + "\" has successfully progressed.");
    }

    @Test
    void aRollingUpdateStaysWithinSurgeAndUnavailability() {
        Unstructured deployment = sync(deployment(10, rolling(3, 2), "nginx:1"));
        String old = only().name();
        observe(old, 10, 10);

        deployment = sync(withImage(deployment, "nginx:2"));
        String created = client.replicaSets.keySet().stream().filter(name -> !name.equals(old)).findFirst().orElseThrow();
        // Created with the surge, and as many old ones removed as availability allows, in one pass.
        assertThat(replicas(client.replicaSets.get(created))).isEqualTo(3);
        assertThat(replicas(client.replicaSets.get(old))).isEqualTo(8);
        assertThat(client.replicaSets.get(created).annotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(client.events).endsWith("ScalingReplicaSet: Scaled up replica set " + created + " to 3",
                "ScalingReplicaSet: Scaled down replica set " + old + " to 8 from 10");

        observe(old, 8, 8);
        observe(created, 3, 0);
        deployment = sync(deployment);
        assertThat(replicas(client.replicaSets.get(created))).isEqualTo(5);
        assertThat(replicas(client.replicaSets.get(old))).isEqualTo(8);

        observe(created, 5, 0);
        deployment = sync(deployment);
        // 13 pods, 8 available: nothing may move until new pods become available.
        assertThat(replicas(client.replicaSets.get(created))).isEqualTo(5);
        assertThat(replicas(client.replicaSets.get(old))).isEqualTo(8);

        observe(created, 5, 5);
        sync(deployment);
        assertThat(replicas(client.replicaSets.get(old))).isEqualTo(3);
    }

    @Test
    void scalingMidRolloutIsProportional() {
        Unstructured deployment = sync(deployment(10, rolling("\"25%\"", "\"25%\""), "nginx:1"));
        String old = only().name();
        observe(old, 10, 10);
        deployment = sync(withImage(deployment, "nginx:2"));
        String created = client.replicaSets.keySet().stream().filter(name -> !name.equals(old)).findFirst().orElseThrow();
        assertThat(replicas(client.replicaSets.get(created))).isEqualTo(3);
        assertThat(replicas(client.replicaSets.get(old))).isEqualTo(8);
        observe(old, 8, 8);
        observe(created, 3, 0);
        deployment = sync(deployment);
        assertThat(replicas(client.replicaSets.get(created))).isEqualTo(5);
        observe(created, 5, 0);

        Unstructured scaled = deployment.deepCopy();
        scaled.json().withObject("spec").put("replicas", 20);
        scaled.setGeneration(deployment.generation() + 1);
        sync(scaled);

        assertThat(replicas(client.replicaSets.get(old))).isEqualTo(15);
        assertThat(replicas(client.replicaSets.get(created))).isEqualTo(10);
        assertThat(client.replicaSets.get(old).annotations()).containsEntry("deployment.kubernetes.io/desired-replicas", "20")
                .containsEntry("deployment.kubernetes.io/max-replicas", "25");
    }

    @Test
    void recreateWaitsForEveryOldPodToBeGone() {
        Unstructured deployment = sync(deployment(3, "{\"type\": \"Recreate\"}", "nginx:1"));
        String old = only().name();
        observe(old, 3, 3);

        deployment = sync(withImage(deployment, "nginx:2"));
        assertThat(only().name()).isEqualTo(old);
        assertThat(replicas(only())).isZero();

        observe(old, 0, 0);
        Unstructured terminating = new Unstructured((ObjectNode) JsonMapper.shared().readTree("""
                {"metadata": {"name": "web-old-1", "deletionTimestamp": "2024-01-01T11:59:59Z"},
                 "status": {"phase": "Running"}}"""));
        deployment = sync(deployment, Map.of("uid-" + old, List.of(terminating)));
        assertThat(client.replicaSets).hasSize(1);

        sync(deployment, Map.of("uid-" + old, List.of()));
        assertThat(client.replicaSets).hasSize(2);
        String created = client.replicaSets.keySet().stream().filter(name -> !name.equals(old)).findFirst().orElseThrow();
        assertThat(replicas(client.replicaSets.get(created))).isEqualTo(3);
    }

    @Test
    void aPausedDeploymentScalesButDoesNotRollOut() {
        Unstructured deployment = sync(deployment(3, rolling("\"25%\"", "\"25%\""), "nginx:1"));
        observe(only().name(), 3, 3);
        deployment = sync(deployment);

        Unstructured paused = withImage(deployment, "nginx:2");
        paused.json().withObject("spec").put("paused", true).put("replicas", 5);
        paused = sync(paused);

        assertThat(replicas(only())).isEqualTo(5);
        JsonNode progressing = DeploymentConditions.get(paused.json().path("status"), "Progressing");
        assertThat(progressing.path("status").asString()).isEqualTo("Unknown");
        assertThat(progressing.path("reason").asString()).isEqualTo("DeploymentPaused");
        assertThat(progressing.path("message").asString()).isEqualTo("Deployment is paused");
        // The changed template has no ReplicaSet yet, so nothing is up to date.
        assertThat(paused.json().path("status").has("updatedReplicas")).isFalse();

        paused.json().withObject("spec").put("paused", false);
        Unstructured resumed = sync(paused);
        assertThat(client.replicaSets).hasSize(2);
        assertThat(client.statusWrites.stream().map(write -> DeploymentConditions.reason(write.json().path("status"),
                "Progressing"))).contains("DeploymentResumed");
        assertThat(DeploymentConditions.reason(resumed.json().path("status"), "Progressing"))
                .isEqualTo("NewReplicaSetCreated");
    }

    @Test
    void aRolloutWithoutProgressPastItsDeadlineTimesOut() {
        Unstructured deployment = sync(deployment(1, rolling("\"25%\"", "\"25%\""), "nginx:1"));
        ObjectNode progressing = (ObjectNode) DeploymentConditions.get(deployment.json().path("status"), "Progressing");
        progressing.put("lastUpdateTime", "2024-01-01T11:49:00Z");
        deployment.json().withObject("spec").put("progressDeadlineSeconds", 600);

        deployment = sync(deployment);

        JsonNode condition = DeploymentConditions.get(deployment.json().path("status"), "Progressing");
        assertThat(condition.path("status").asString()).isEqualTo("False");
        assertThat(condition.path("reason").asString()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(condition.path("message").asString()).isEqualTo("ReplicaSet \"" + only().name()
                + "\" has timed out progressing.");
    }

    @Test
    void aStuckRolloutIsLookedAtAgainWhenItsDeadlinePasses() {
        Unstructured deployment = sync(deployment(1, rolling("\"25%\"", "\"25%\""), "nginx:1"));
        ObjectNode progressing = (ObjectNode) DeploymentConditions.get(deployment.json().path("status"), "Progressing");
        progressing.put("lastUpdateTime", "2024-01-01T11:55:00Z");

        long after = sync.sync(deployment.deepCopy(), client.list(), Map.of());

        // Five minutes of the deadline are left, plus upstream's second against clock skew.
        assertThat(after).isEqualTo(301_000);
    }

    @Test
    void historyBeyondTheLimitIsDeletedOnceComplete() {
        Unstructured deployment = deployment(2, rolling("\"25%\"", "\"25%\""), "nginx:1");
        deployment.json().withObject("spec").put("revisionHistoryLimit", 1);
        for (int version = 1; version <= 3; version++) {
            deployment = sync(withImage(deployment, "nginx:" + version));
            for (Unstructured replicaSet : client.list()) {
                int replicas = replicas(replicaSet);
                observe(replicaSet.name(), replicas, replicas);
            }
            for (int step = 0; step < 6; step++) {
                deployment = sync(deployment);
                for (Unstructured replicaSet : client.list()) {
                    int replicas = replicas(replicaSet);
                    observe(replicaSet.name(), replicas, replicas);
                }
            }
        }
        deployment = sync(deployment);

        assertThat(client.replicaSets.values().stream().map(rs -> rs.annotations().get("deployment.kubernetes.io/revision")))
                .containsExactlyInAnyOrder("2", "3");
        assertThat(client.events).anyMatch(event -> event.startsWith("deleted web-"));
    }

    @Test
    void theLegacyRollbackAnnotationRestoresThePreviousTemplate() {
        Unstructured deployment = sync(deployment(2, rolling("\"25%\"", "\"25%\""), "nginx:1"));
        observe(only().name(), 2, 2);
        deployment = sync(withImage(deployment, "nginx:2"));
        Unstructured asked = deployment.deepCopy();
        asked.metadata().withObject("annotations").put("deprecated.deployment.rollback.to", "0");

        sync(asked);

        Unstructured updated = client.updates.get(client.updates.size() - 1);
        assertThat(updated.at("spec.template.spec.containers").get(0).path("image").asString()).isEqualTo("nginx:1");
        assertThat(updated.at("spec.template.metadata.labels").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(updated.annotations()).doesNotContainKey("deprecated.deployment.rollback.to")
                .containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(client.events).last().isEqualTo("DeploymentRollback: Rolled back deployment \"web\" to revision 1");

        Unstructured unknown = updated.deepCopy();
        unknown.metadata().withObject("annotations").put("deprecated.deployment.rollback.to", "9");
        sync(unknown);
        assertThat(client.events).last()
                .isEqualTo("Warning DeploymentRollbackRevisionNotFound: Unable to find the revision to rollback to.");
        assertThat(client.updates.get(client.updates.size() - 1).annotations())
                .doesNotContainKey("deprecated.deployment.rollback.to");
    }

    @Test
    void aReplicaSetsFailureToCreatePodsShowsOnTheDeployment() {
        Unstructured deployment = sync(deployment(2, rolling("\"25%\"", "\"25%\""), "nginx:1"));
        String name = only().name();
        observe(name, 0, 0);
        client.replicaSets.get(name).json().withObject("status").putArray("conditions").addObject()
                .put("type", "ReplicaFailure").put("status", "True")
                .put("lastTransitionTime", "2024-01-01T11:59:00Z").put("reason", "FailedCreate")
                .put("message", "pods \"web-\" is forbidden: exceeded quota");

        deployment = sync(deployment);

        JsonNode failure = DeploymentConditions.get(deployment.json().path("status"), "ReplicaFailure");
        assertThat(failure.toString()).isEqualTo("{\"type\":\"ReplicaFailure\",\"status\":\"True\","
                + "\"lastUpdateTime\":\"2024-01-01T11:59:00Z\",\"lastTransitionTime\":\"2024-01-01T11:59:00Z\","
                + "\"reason\":\"FailedCreate\",\"message\":\"pods \\\"web-\\\" is forbidden: exceeded quota\"}");
        assertThat(DeploymentConditions.reason(deployment.json().path("status"), "Available"))
                .isEqualTo("MinimumReplicasUnavailable");

        ((ObjectNode) client.replicaSets.get(name).json().get("status")).remove("conditions");
        deployment = sync(deployment);
        assertThat(DeploymentConditions.get(deployment.json().path("status"), "ReplicaFailure").isMissingNode()).isTrue();
    }
}
