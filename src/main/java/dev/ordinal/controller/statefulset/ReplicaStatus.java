package dev.ordinal.controller.statefulset;

import java.time.Instant;
import java.util.Collection;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/**
 * A StatefulSet's status as the controller computes it (upstream computeReplicaStatus,
 * updateStatus, completeRollingUpdate and inconsistentStatus). The controller writes it whole, so
 * conditions a client put into the status do not survive the next write.
 */
final class ReplicaStatus {

    long observedGeneration;
    int replicas;
    int readyReplicas;
    int availableReplicas;
    int currentReplicas;
    int updatedReplicas;
    String currentRevision = "";
    String updateRevision = "";
    int collisionCount;

    /** The status stored in {@code set}. */
    static ReplicaStatus of(Unstructured set) {
        JsonNode status = set.json().path("status");
        ReplicaStatus stored = new ReplicaStatus();
        stored.observedGeneration = status.path("observedGeneration").asLong(0);
        stored.replicas = status.path("replicas").asInt(0);
        stored.readyReplicas = status.path("readyReplicas").asInt(0);
        stored.availableReplicas = status.path("availableReplicas").asInt(0);
        stored.currentReplicas = status.path("currentReplicas").asInt(0);
        stored.updatedReplicas = status.path("updatedReplicas").asInt(0);
        stored.currentRevision = status.path("currentRevision").asString("");
        stored.updateRevision = status.path("updateRevision").asString("");
        stored.collisionCount = status.path("collisionCount").asInt(0);
        return stored;
    }

    /**
     * Counts the pods: every created one, the Running and Ready ones (terminating included), those
     * available for minReadySeconds, and the non-terminating ones at the current and update revisions.
     */
    @SafeVarargs
    final void count(int minReadySeconds, Instant now, Collection<Unstructured>... podLists) {
        replicas = 0;
        readyReplicas = 0;
        availableReplicas = 0;
        currentReplicas = 0;
        updatedReplicas = 0;
        for (Collection<Unstructured> pods : podLists) {
            for (Unstructured pod : pods) {
                if (PodHealth.isCreated(pod)) {
                    replicas++;
                }
                if (PodHealth.isRunningAndReady(pod)) {
                    readyReplicas++;
                    if (PodHealth.isRunningAndAvailable(pod, minReadySeconds, now)) {
                        availableReplicas++;
                    }
                }
                if (PodHealth.isCreated(pod) && !PodHealth.isTerminating(pod)) {
                    String revision = PodIdentity.revision(pod);
                    if (revision.equals(currentRevision)) {
                        currentReplicas++;
                    }
                    if (revision.equals(updateRevision)) {
                        updatedReplicas++;
                    }
                }
            }
        }
    }

    /**
     * Ends a rolling update once every wanted replica exists, is ready and runs the update
     * revision: the update revision becomes the current one. Only for RollingUpdate, so an
     * OnDelete set keeps its old currentRevision (v1.32).
     */
    void completeRollingUpdate(Unstructured set) {
        int wanted = StatefulSetSpec.replicas(set);
        if (StatefulSetSpec.isRollingUpdate(set) && updatedReplicas == wanted && readyReplicas == wanted
                && replicas == wanted) {
            currentReplicas = updatedReplicas;
            currentRevision = updateRevision;
        }
    }

    /** Whether this status says something the stored one does not, so it has to be written. */
    boolean differsFrom(ReplicaStatus stored) {
        return observedGeneration > stored.observedGeneration
                || replicas != stored.replicas
                || currentReplicas != stored.currentReplicas
                || readyReplicas != stored.readyReplicas
                || updatedReplicas != stored.updatedReplicas
                || !currentRevision.equals(stored.currentRevision)
                || availableReplicas != stored.availableReplicas
                || !updateRevision.equals(stored.updateRevision);
    }

    /**
     * The apps/v1 StatefulSetStatus: {@code replicas} and {@code availableReplicas} always, the
     * other counters and revisions only when set, {@code collisionCount} always (the controller
     * always sets the pointer).
     */
    ObjectNode toJson() {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        if (observedGeneration != 0) {
            status.put("observedGeneration", observedGeneration);
        }
        status.put("replicas", replicas);
        putIfSet(status, "readyReplicas", readyReplicas);
        putIfSet(status, "currentReplicas", currentReplicas);
        putIfSet(status, "updatedReplicas", updatedReplicas);
        if (!currentRevision.isEmpty()) {
            status.put("currentRevision", currentRevision);
        }
        if (!updateRevision.isEmpty()) {
            status.put("updateRevision", updateRevision);
        }
        status.put("collisionCount", collisionCount);
        status.put("availableReplicas", availableReplicas);
        return status;
    }

    private static void putIfSet(ObjectNode status, String field, int value) {
        if (value != 0) {
            status.put(field, value);
        }
    }
}
