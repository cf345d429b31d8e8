package dev.ordinal.controller.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * A DaemonSet's status (upstream {@code updateDaemonSetStatus}), counted in nodes and judged on
 * the oldest pod of each node: desired where the pod should run, current where it should and does,
 * misscheduled where it does but should not, ready, available (minReadySeconds) and updated
 * (current revision) among the desired ones.
 */
final class DaemonSetStatus {

    private DaemonSetStatus() {
    }

    /** The status to write, observing the set's generation; collisionCount and conditions stay as they are. */
    static ObjectNode calculate(Unstructured daemonSet, List<Unstructured> nodes,
                                Map<String, List<Unstructured>> nodeToPods, String hash, Instant now) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        Long generation = DaemonPods.templateGeneration(daemonSet);
        int minReadySeconds = daemonSet.at("spec.minReadySeconds").asInt(0);
        for (Unstructured node : nodes) {
            boolean shouldRun = NodeFit.of(daemonSet, node).shouldRun();
            List<Unstructured> pods = nodeToPods.getOrDefault(node.name(), List.of());
            if (!shouldRun) {
                misscheduled += pods.isEmpty() ? 0 : 1;
                continue;
            }
            desired++;
            if (pods.isEmpty()) {
                continue;
            }
            current++;
            List<Unstructured> sorted = new ArrayList<>(pods);
            sorted.sort(DaemonPods.OLDEST_FIRST);
            Unstructured oldest = sorted.get(0);
            if (PodConditions.isReady(oldest)) {
                ready++;
                if (PodConditions.isAvailable(oldest, minReadySeconds, now)) {
                    available++;
                }
            }
            if (DaemonPods.isUpdated(oldest, hash, generation)) {
                updated++;
            }
        }
        JsonNode stored = daemonSet.json().path("status");
        ObjectNode status = stored.isObject() ? (ObjectNode) stored.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        status.put("currentNumberScheduled", current);
        status.put("numberMisscheduled", misscheduled);
        status.put("desiredNumberScheduled", desired);
        status.put("numberReady", ready);
        status.put("observedGeneration", daemonSet.generation());
        putOmittingZero(status, "updatedNumberScheduled", updated);
        putOmittingZero(status, "numberAvailable", available);
        putOmittingZero(status, "numberUnavailable", desired - available);
        return status;
    }

    /** Go omits these counters at 0. */
    private static void putOmittingZero(ObjectNode status, String field, int value) {
        if (value == 0) {
            status.remove(field);
        } else {
            status.put(field, value);
        }
    }
}
