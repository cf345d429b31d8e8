package dev.ordinal.controller.deployment;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.deployment.DeploymentConditions.AVAILABLE;
import static dev.ordinal.controller.deployment.DeploymentConditions.PROGRESSING;
import static dev.ordinal.controller.deployment.DeploymentConditions.REPLICA_FAILURE;

/**
 * A Deployment's status from its ReplicaSets (upstream {@code calculateStatus} in sync.go) and the
 * progress it shows (upstream progress.go {@code syncRolloutStatus}, {@code DeploymentComplete},
 * {@code DeploymentProgressing}, {@code DeploymentTimedOut}, {@code requeueStuckDeployment}).
 * Pure: the controller writes what these answer.
 */
final class DeploymentStatus {

    /** What {@code progressDeadlineSeconds} reads as "no deadline" (Go's MaxInt32). */
    private static final long NO_DEADLINE = Integer.MAX_VALUE;

    private DeploymentStatus() {
    }

    /**
     * Upstream calculateStatus: replicas, updated and ready ones counted from the sets' statuses,
     * unavailable ones against their specs, the stored conditions with Available set.
     */
    static ObjectNode calculate(List<Unstructured> allReplicaSets, Unstructured newReplicaSet, Unstructured deployment,
                                Instant now) {
        int available = ReplicaSets.availableSum(allReplicaSets);
        int unavailable = Math.max(0, ReplicaSets.specSum(allReplicaSets) - available);
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        putIfNotZero(status, "observedGeneration", deployment.generation());
        putIfNotZero(status, "replicas", ReplicaSets.statusSum(allReplicaSets));
        putIfNotZero(status, "updatedReplicas", newReplicaSet == null ? 0 : ReplicaSets.statusReplicas(newReplicaSet));
        putIfNotZero(status, "readyReplicas", ReplicaSets.readySum(allReplicaSets));
        putIfNotZero(status, "availableReplicas", available);
        putIfNotZero(status, "unavailableReplicas", unavailable);
        JsonNode conditions = deployment.at("status.conditions");
        if (conditions instanceof ArrayNode array && !array.isEmpty()) {
            status.set("conditions", array.deepCopy());
        }
        JsonNode collisionCount = deployment.at("status.collisionCount");
        if (collisionCount.isNumber()) {
            status.put("collisionCount", collisionCount.asInt());
        }
        String time = Timestamps.format(now);
        if (available >= RolloutBounds.replicas(deployment) - RolloutBounds.maxUnavailable(deployment)) {
            DeploymentConditions.set(status, DeploymentConditions.condition(AVAILABLE, "True",
                    DeploymentConditions.MINIMUM_AVAILABLE, "Deployment has minimum availability.", time));
        } else {
            DeploymentConditions.set(status, DeploymentConditions.condition(AVAILABLE, "False",
                    DeploymentConditions.MINIMUM_UNAVAILABLE, "Deployment does not have minimum availability.", time));
        }
        // calculateStatus always sets collisionCount last in Go's field order; keep it there.
        if (status.has("collisionCount")) {
            status.set("collisionCount", status.remove("collisionCount"));
        }
        return status;
    }

    /**
     * The status syncRolloutStatus writes: the calculated one with Progressing estimated while a
     * rollout is under way (complete, progressing, or past its deadline), and the ReplicaFailure
     * of a set copied (the new set's first).
     */
    static ObjectNode rolloutStatus(List<Unstructured> allReplicaSets, Unstructured newReplicaSet,
                                    Unstructured deployment, Instant now) {
        ObjectNode status = calculate(allReplicaSets, newReplicaSet, deployment, now);
        String time = Timestamps.format(now);
        if (!hasProgressDeadline(deployment)) {
            DeploymentConditions.remove(status, PROGRESSING);
        }
        JsonNode current = DeploymentConditions.get(deployment.json().path("status"), PROGRESSING);
        boolean completeBefore = status.path("replicas").asInt(0) == status.path("updatedReplicas").asInt(0)
                && DeploymentConditions.NEW_RS_AVAILABLE.equals(current.path("reason").asString(""));
        if (hasProgressDeadline(deployment) && !completeBefore) {
            String subject = newReplicaSet == null ? "Deployment \"" + deployment.name() + "\""
                    : "ReplicaSet \"" + newReplicaSet.name() + "\"";
            if (complete(deployment, status)) {
                DeploymentConditions.set(status, DeploymentConditions.condition(PROGRESSING, "True",
                        DeploymentConditions.NEW_RS_AVAILABLE, subject + " has successfully progressed.", time));
            } else if (progressing(deployment, status)) {
                ObjectNode condition = DeploymentConditions.condition(PROGRESSING, "True",
                        DeploymentConditions.RS_UPDATED, subject + " is progressing.", time);
                // Progress refreshes lastUpdateTime even with the same reason, so set it by hand.
                if (!current.isMissingNode()) {
                    if ("True".equals(current.path("status").asString(""))) {
                        condition.set("lastTransitionTime", current.path("lastTransitionTime").deepCopy());
                    }
                    DeploymentConditions.remove(status, PROGRESSING);
                }
                DeploymentConditions.set(status, condition);
            } else if (timedOut(deployment, status, now)) {
                DeploymentConditions.set(status, DeploymentConditions.condition(PROGRESSING, "False",
                        DeploymentConditions.TIMED_OUT, subject + " has timed out progressing.", time));
            }
        }
        JsonNode failure = replicaFailure(allReplicaSets, newReplicaSet);
        if (failure != null) {
            ObjectNode condition = DeploymentConditions.condition(REPLICA_FAILURE,
                    failure.path("status").asString(""), failure.path("reason").asString(""),
                    failure.path("message").asString(""), failure.path("lastTransitionTime").asString(""));
            DeploymentConditions.set(status, condition);
        } else {
            DeploymentConditions.remove(status, REPLICA_FAILURE);
        }
        if (status.has("collisionCount")) {
            status.set("collisionCount", status.remove("collisionCount"));
        }
        return status;
    }

    /** The ReplicaFailure condition of the new set, else of any set (upstream getReplicaFailures). */
    private static JsonNode replicaFailure(List<Unstructured> allReplicaSets, Unstructured newReplicaSet) {
        if (newReplicaSet != null) {
            JsonNode failure = DeploymentConditions.get(newReplicaSet.json().path("status"), REPLICA_FAILURE);
            if (!failure.isMissingNode()) {
                return failure;
            }
        }
        for (Unstructured replicaSet : allReplicaSets) {
            if (replicaSet == null) {
                continue;
            }
            JsonNode failure = DeploymentConditions.get(replicaSet.json().path("status"), REPLICA_FAILURE);
            if (!failure.isMissingNode()) {
                return failure;
            }
        }
        return null;
    }

    static boolean hasProgressDeadline(Unstructured deployment) {
        JsonNode deadline = deployment.at("spec.progressDeadlineSeconds");
        return deadline.isNumber() && deadline.asLong() != NO_DEADLINE;
    }

    /** Upstream DeploymentComplete: every replica updated and available, and the latest spec observed. */
    static boolean complete(Unstructured deployment, JsonNode status) {
        int replicas = RolloutBounds.replicas(deployment);
        return status.path("updatedReplicas").asInt(0) == replicas
                && status.path("replicas").asInt(0) == replicas
                && status.path("availableReplicas").asInt(0) == replicas
                && status.path("observedGeneration").asLong(0) >= deployment.generation();
    }

    /**
     * Upstream DeploymentProgressing: against the stored status, more updated, fewer old, more
     * ready or more available replicas.
     */
    static boolean progressing(Unstructured deployment, JsonNode status) {
        JsonNode old = deployment.json().path("status");
        int oldOld = old.path("replicas").asInt(0) - old.path("updatedReplicas").asInt(0);
        int newOld = status.path("replicas").asInt(0) - status.path("updatedReplicas").asInt(0);
        return status.path("updatedReplicas").asInt(0) > old.path("updatedReplicas").asInt(0)
                || newOld < oldOld
                || status.path("readyReplicas").asInt(0) > old.path("readyReplicas").asInt(0)
                || status.path("availableReplicas").asInt(0) > old.path("availableReplicas").asInt(0);
    }

    /**
     * Upstream DeploymentTimedOut: Progressing last updated longer than the deadline ago, never
     * after success, always once timed out.
     */
    static boolean timedOut(Unstructured deployment, JsonNode status, Instant now) {
        if (!hasProgressDeadline(deployment)) {
            return false;
        }
        JsonNode condition = DeploymentConditions.get(status, PROGRESSING);
        if (condition.isMissingNode()) {
            return false;
        }
        String reason = condition.path("reason").asString("");
        if (DeploymentConditions.NEW_RS_AVAILABLE.equals(reason)) {
            return false;
        }
        if (DeploymentConditions.TIMED_OUT.equals(reason)) {
            return true;
        }
        Instant from = JsonFields.time(condition.path("lastUpdateTime"));
        return from != null && from.plusSeconds(deployment.at("spec.progressDeadlineSeconds").asLong()).isBefore(now);
    }

    /**
     * Upstream requeueStuckDeployment: how many milliseconds until the deadline of a rollout still
     * under way should be checked (a second later, against clock skew), or -1 for no need. Under a
     * second to go, upstream requeues at once through its rate limiter; a second stands in for it.
     */
    static long requeueAfterMillis(Unstructured deployment, JsonNode newStatus, Instant now) {
        JsonNode current = DeploymentConditions.get(deployment.json().path("status"), PROGRESSING);
        if (!hasProgressDeadline(deployment) || current.isMissingNode()) {
            return -1;
        }
        if (complete(deployment, newStatus) || DeploymentConditions.TIMED_OUT.equals(current.path("reason").asString(""))) {
            return -1;
        }
        Instant lastUpdate = JsonFields.time(current.path("lastUpdateTime"));
        if (lastUpdate == null) {
            return -1;
        }
        long after = lastUpdate.plusSeconds(deployment.at("spec.progressDeadlineSeconds").asLong()).toEpochMilli()
                - now.toEpochMilli();
        return after < 1000 ? 1000 : after + 1000;
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
