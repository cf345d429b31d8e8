package dev.ordinal.controller.scheduler;

import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/**
 * Which changes may make an unschedulable pod schedulable, so that the scheduler retries only
 * then, as upstream's queueing hints decide: a node added, or one whose labels, taints,
 * schedulability, allocatable or conditions changed (not a mere heartbeat); a bound pod deleted
 * or finished; the pending pod itself changed beyond its status.
 */
final class SchedulingEvents {

    private SchedulingEvents() {
    }

    static boolean nodeMayFitMore(Unstructured previous, Unstructured node) {
        if (previous == null) {
            return true;
        }
        JsonNode before = previous.json();
        JsonNode after = node.json();
        return !previous.labels().equals(node.labels())
                || !before.path("spec").path("taints").equals(after.path("spec").path("taints"))
                || before.path("spec").path("unschedulable").asBoolean(false)
                        != after.path("spec").path("unschedulable").asBoolean(false)
                || !before.path("status").path("allocatable").equals(after.path("status").path("allocatable"))
                || !conditionStatuses(before).equals(conditionStatuses(after));
    }

    /** Whether a bound pod's change gives its node room: it is gone, or has just finished. */
    static boolean freesResources(Unstructured pod, Unstructured previous, boolean gone) {
        if (gone) {
            return isAssigned(pod);
        }
        return isTerminal(pod) && previous != null && !isTerminal(previous);
    }

    /** Whether the pod changed beyond status and bookkeeping (upstream's isPodUpdated). */
    static boolean podChanged(Unstructured previous, Unstructured pod) {
        return !withoutBookkeeping(previous).equals(withoutBookkeeping(pod));
    }

    static boolean isAssigned(Unstructured pod) {
        return !nodeName(pod).isEmpty();
    }

    static boolean isTerminal(Unstructured pod) {
        String phase = pod.json().path("status").path("phase").asString("");
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    static String nodeName(Unstructured pod) {
        return pod.json().path("spec").path("nodeName").asString("");
    }

    private static ObjectNode withoutBookkeeping(Unstructured pod) {
        ObjectNode copy = pod.json().deepCopy();
        copy.remove("status");
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove("resourceVersion");
            metadata.remove("generation");
            metadata.remove("managedFields");
        }
        return copy;
    }

    private static Map<String, String> conditionStatuses(JsonNode node) {
        Map<String, String> statuses = new TreeMap<>();
        for (JsonNode condition : node.path("status").path("conditions")) {
            statuses.put(condition.path("type").asString(""), condition.path("status").asString(""));
        }
        return statuses;
    }
}
