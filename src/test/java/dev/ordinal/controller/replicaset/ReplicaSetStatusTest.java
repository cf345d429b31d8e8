package dev.ordinal.controller.replicaset;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/** A ReplicaSet's status from its pods, and its ReplicaFailure condition. */
class ReplicaSetStatusTest {

    private static final Instant NOW = Instant.parse("2024-01-01T12:00:00Z");

    private static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(json));
    }

    private static Unstructured replicaSet(int replicas, int minReadySeconds, String status) {
        return object("""
                {"metadata": {"name": "web", "generation": 3},
                 "spec": {"replicas": %d, "minReadySeconds": %d,
                  "template": {"metadata": {"labels": {"app": "web", "tier": "front"}}}},
                 "status": %s}""".formatted(replicas, minReadySeconds, status));
    }

    private static Unstructured pod(String labels, String readySince) {
        String conditions = readySince == null ? "[]"
                : "[{\"type\": \"Ready\", \"status\": \"True\", \"lastTransitionTime\": \"" + readySince + "\"}]";
        return object("""
                {"metadata": {"labels": %s}, "status": {"phase": "Running", "conditions": %s}}"""
                .formatted(labels, conditions));
    }

    @Test
    void countsFullyLabelledReadyAndAvailablePods() {
        List<Unstructured> pods = List.of(
                pod("{\"app\": \"web\", \"tier\": \"front\", \"pod-template-hash\": \"x\"}", "2024-01-01T11:00:00Z"),
                pod("{\"app\": \"web\", \"tier\": \"front\"}", "2024-01-01T11:59:55Z"),
                pod("{\"app\": \"web\"}", null));

        ObjectNode status = ReplicaSetStatus.calculate(replicaSet(3, 10, "{\"replicas\": 0}"), pods, null, NOW);

        assertThat(status.toString()).isEqualTo("{\"replicas\":3,\"fullyLabeledReplicas\":2,\"readyReplicas\":2,"
                + "\"availableReplicas\":1,\"observedGeneration\":3}");
    }

    @Test
    void aFailedCreationAddsReplicaFailureOnceAndACleanSyncRemovesIt() {
        StatusError forbidden = StatusError.badRequest("pods \"web-\" is forbidden: quota exceeded");

        ObjectNode failed = ReplicaSetStatus.calculate(replicaSet(2, 0, "{\"replicas\": 0}"), List.of(), forbidden, NOW);
        assertThat(failed.path("conditions").toString()).isEqualTo("[{\"type\":\"ReplicaFailure\",\"status\":\"True\","
                + "\"lastTransitionTime\":\"2024-01-01T12:00:00Z\",\"reason\":\"FailedCreate\","
                + "\"message\":\"pods \\\"web-\\\" is forbidden: quota exceeded\"}]");

        Unstructured stillFailing = replicaSet(2, 0, failed.toString());
        ObjectNode again = ReplicaSetStatus.calculate(stillFailing, List.of(), StatusError.badRequest("other"),
                NOW.plusSeconds(60));
        assertThat(again.path("conditions")).isEqualTo(failed.path("conditions"));

        ObjectNode recovered = ReplicaSetStatus.calculate(stillFailing, List.of(), null, NOW.plusSeconds(60));
        assertThat(recovered.has("conditions")).isFalse();
    }
}
