package dev.ordinal.machinery.pod;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.Unstructured;

/**
 * Pod conditions as upstream's {@code podutil.UpdatePodCondition} writes them: a condition
 * replaces the one of its type, keeps that one's lastTransitionTime while its status stays the
 * same, and carries {@code lastProbeTime: null} as the Go type serialises it.
 */
public final class PodConditions {

    private PodConditions() {
    }

    /** A condition in the field order of the Go type; empty reason and message are left out. */
    public static ObjectNode condition(String type, String status, String reason, String message,
                                       String lastTransitionTime) {
        ObjectNode condition = JsonNodeFactory.instance.objectNode();
        condition.put("type", type);
        condition.put("status", status);
        condition.putNull("lastProbeTime");
        condition.put("lastTransitionTime", lastTransitionTime);
        if (!reason.isEmpty()) {
            condition.put("reason", reason);
        }
        if (!message.isEmpty()) {
            condition.put("message", message);
        }
        return condition;
    }

    /** The condition of {@code type} in a pod status, or a missing node (upstream {@code GetPodCondition}). */
    public static JsonNode find(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asString("").equals(type)) {
                return condition;
            }
        }
        return MissingNode.getInstance();
    }

    /** The pod's Ready condition is True (upstream {@code podutil.IsPodReady}). */
    public static boolean isReady(Unstructured pod) {
        return find(pod.json().path("status"), "Ready").path("status").asString("").equals("True");
    }

    /**
     * Ready for longer than {@code minReadySeconds} at {@code now} (upstream {@code podutil.IsPodAvailable},
     * which reads the Ready condition only): with 0 every ready pod is available.
     */
    public static boolean isAvailable(Unstructured pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        Instant readySince = JsonFields.time(find(pod.json().path("status"), "Ready").path("lastTransitionTime"));
        return readySince != null && readySince.plusSeconds(minReadySeconds).isBefore(now);
    }

    /**
     * The lastTransitionTime a condition of {@code type} with {@code status} gets: the previous
     * one's while the status is unchanged, else {@code now}.
     */
    public static String transitionTime(JsonNode previousStatus, String type, String status, String now) {
        JsonNode previous = find(previousStatus, type);
        if (previous.path("status").asString("").equals(status) && previous.hasNonNull("lastTransitionTime")) {
            return previous.get("lastTransitionTime").asString();
        }
        return now;
    }

    /** Sets a condition in {@code status}, replacing the one of its type or appending it. */
    public static void update(ObjectNode status, String type, String conditionStatus, String reason,
                              String message, String now) {
        ObjectNode condition = condition(type, conditionStatus, reason, message,
                transitionTime(status, type, conditionStatus, now));
        ArrayNode conditions = status.withArray("conditions");
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).path("type").asString("").equals(type)) {
                conditions.set(i, condition);
                return;
            }
        }
        conditions.add(condition);
    }
}
