package dev.ordinal.controller.replicaset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * A ReplicaSet's status from the pods it claimed (upstream {@code calculateStatus}): counts of
 * pods, fully labelled, ready and available ones, the generation acted on, and a
 * {@code ReplicaFailure} condition while creating or deleting pods fails.
 */
final class ReplicaSetStatus {

    static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaSetStatus() {
    }

    /**
     * @param pods         the active pods it claimed
     * @param manageError  what creating or deleting pods failed with in this sync, or null
     */
    static ObjectNode calculate(Unstructured replicaSet, List<Unstructured> pods, RuntimeException manageError,
                                Instant now) {
        Map<String, String> templateLabels = new Unstructured(template(replicaSet)).labels();
        int minReadySeconds = replicaSet.at("spec.minReadySeconds").asInt(0);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Unstructured pod : pods) {
            if (pod.labels().entrySet().containsAll(templateLabels.entrySet())) {
                fullyLabeled++;
            }
            if (PodConditions.isReady(pod)) {
                ready++;
                if (PodConditions.isAvailable(pod, minReadySeconds, now)) {
                    available++;
                }
            }
        }
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("replicas", pods.size());
        putIfNotZero(status, "fullyLabeledReplicas", fullyLabeled);
        putIfNotZero(status, "readyReplicas", ready);
        putIfNotZero(status, "availableReplicas", available);
        putIfNotZero(status, "observedGeneration", replicaSet.generation());
        ArrayNode conditions = JsonNodeFactory.instance.arrayNode();
        JsonNode failure = null;
        for (JsonNode condition : replicaSet.at("status.conditions")) {
            if (REPLICA_FAILURE.equals(condition.path("type").asString(""))) {
                failure = condition;
            } else {
                conditions.add(condition.deepCopy());
            }
        }
        if (manageError != null && failure == null) {
            int diff = pods.size() - replicaSet.at("spec.replicas").asInt(1);
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            ObjectNode condition = conditions.addObject();
            condition.put("type", REPLICA_FAILURE);
            condition.put("status", "True");
            condition.put("lastTransitionTime", Timestamps.format(now));
            if (!reason.isEmpty()) {
                condition.put("reason", reason);
            }
            condition.put("message", manageError.getMessage());
        } else if (manageError != null) {
            conditions.add(failure.deepCopy());
        }
        if (!conditions.isEmpty()) {
            status.set("conditions", conditions);
        }
        return status;
    }

    private static ObjectNode template(Unstructured replicaSet) {
        JsonNode template = replicaSet.at("spec.template");
        return template instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    }

    /**
     * A counter Go omits at zero. Put as an int when it fits, as a stored status reads back, so an
     * unchanged status compares equal and is not written again.
     */
    private static void putIfNotZero(ObjectNode status, String field, long value) {
        if (value == (int) value && value != 0) {
            status.put(field, (int) value);
        } else if (value != 0) {
            status.put(field, value);
        }
    }
}
