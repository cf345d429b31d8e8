package dev.ordinal.controller.nodelifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;

/**
 * The node lifecycle controller's decisions about one node at a moment, as upstream's
 * {@code tryUpdateNodeHealth}, {@code processTaintBaseEviction} and
 * {@code doNoScheduleTaintingPass} make them:
 * <ul>
 *   <li>the node was last heard of at the latest of its Lease's renewTime, its Ready condition's
 *       heartbeat and its creation; silent for longer than the grace period (the node-monitor
 *       grace period, or the startup grace period for a node that never posted a Ready
 *       condition), its conditions become Unknown (NodeStatusUnknown, or NodeStatusNeverUpdated
 *       for one it never posted);</li>
 *   <li>the NoExecute taint follows the Ready condition: not-ready for False, unreachable for
 *       Unknown, none for True;</li>
 *   <li>the NoSchedule taints follow the conditions and spec.unschedulable (cordon).</li>
 * </ul>
 *
 * @param conditions        the node's conditions to write, or null to leave them
 * @param taints            the node's taints to write, or null to leave them
 * @param markPodsNotReady  whether this pass took the node from Ready to Unknown, so its pods' Ready
 *                          conditions go False (upstream's MarkPodsNotReady)
 */
record NodeHealth(ArrayNode conditions, ArrayNode taints, boolean markPodsNotReady) {

    /** Upstream's --node-monitor-grace-period default since 1.32 (40s before). */
    static final Duration MONITOR_GRACE_PERIOD = Duration.ofSeconds(50);
    /** Upstream's --node-startup-grace-period default. */
    static final Duration STARTUP_GRACE_PERIOD = Duration.ofSeconds(60);
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    private static final List<String> CONDITION_TYPES = List.of("Ready", "MemoryPressure", "DiskPressure",
            "PIDPressure");
    /** The NoSchedule taints that stand for a condition (upstream's nodeConditionToTaintKeyStatusMap). */
    private static final Map<String, Map<String, String>> CONDITION_TAINTS = Map.of(
            "Ready", Map.of("False", NOT_READY, "Unknown", UNREACHABLE),
            "MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"),
            "DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"),
            "NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"),
            "PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));
    private static final List<String> NO_SCHEDULE_KEYS = List.of(NOT_READY, UNREACHABLE,
            "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure",
            "node.kubernetes.io/network-unavailable", "node.kubernetes.io/pid-pressure", UNSCHEDULABLE);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static NodeHealth of(Unstructured node, Instant leaseRenewTime, Instant now) {
        JsonNode status = node.json().path("status");
        JsonNode ready = condition(status, "Ready");
        Instant heard = latest(parse(node.metadata().path("creationTimestamp").asString("")), leaseRenewTime,
                ready == null ? null : parse(ready.path("lastHeartbeatTime").asString("")));
        Duration grace = ready == null ? STARTUP_GRACE_PERIOD : MONITOR_GRACE_PERIOD;
        ArrayNode conditions = null;
        boolean wasReady = ready != null && ready.path("status").asString("").equals("True");
        boolean silent = heard != null && now.isAfter(heard.plus(grace));
        if (silent && (ready == null || !ready.path("status").asString("").equals("Unknown"))) {
            conditions = unknown(node, status, Timestamps.format(now));
        }
        JsonNode effective = conditions == null ? status.path("conditions") : conditions;
        ArrayNode taints = taints(node, effective, Timestamps.format(now));
        return new NodeHealth(conditions, taints, conditions != null && wasReady);
    }

    /** Every condition the kubelet posts becomes Unknown; one it never posted appears as Unknown. */
    private static ArrayNode unknown(Unstructured node, JsonNode status, String now) {
        ArrayNode conditions = JSON.arrayNode();
        for (JsonNode condition : status.path("conditions")) {
            conditions.add(condition.deepCopy());
        }
        for (String type : CONDITION_TYPES) {
            ObjectNode condition = null;
            for (JsonNode existing : conditions) {
                if (existing.path("type").asString("").equals(type)) {
                    condition = (ObjectNode) existing;
                }
            }
            if (condition == null) {
                conditions.addObject()
                        .put("type", type)
                        .put("status", "Unknown")
                        .put("lastHeartbeatTime", node.metadata().path("creationTimestamp").asString(""))
                        .put("lastTransitionTime", now)
                        .put("reason", "NodeStatusNeverUpdated")
                        .put("message", "Kubelet never posted node status.");
            } else if (!condition.path("status").asString("").equals("Unknown")) {
                condition.put("status", "Unknown");
                condition.put("reason", "NodeStatusUnknown");
                condition.put("message", "Kubelet stopped posting node status.");
                condition.put("lastTransitionTime", now);
            }
        }
        return conditions;
    }

    /** The node's taints with the node controller's made to match the conditions; null if they already do. */
    private static ArrayNode taints(Unstructured node, JsonNode conditions, String now) {
        JsonNode spec = node.json().path("spec");
        List<String[]> wanted = new ArrayList<>();
        String ready = "";
        for (JsonNode condition : conditions) {
            String type = condition.path("type").asString("");
            String status = condition.path("status").asString("");
            if (type.equals("Ready")) {
                ready = status;
            }
            String key = CONDITION_TAINTS.getOrDefault(type, Map.of()).get(status);
            if (key != null) {
                wanted.add(new String[] {key, "NoSchedule"});
            }
        }
        if (spec.path("unschedulable").asBoolean(false)) {
            wanted.add(new String[] {UNSCHEDULABLE, "NoSchedule"});
        }
        if (ready.equals("False")) {
            wanted.add(new String[] {NOT_READY, "NoExecute"});
        } else if (ready.equals("Unknown")) {
            wanted.add(new String[] {UNREACHABLE, "NoExecute"});
        }
        ArrayNode taints = JSON.arrayNode();
        boolean changed = false;
        for (JsonNode taint : spec.path("taints")) {
            String key = taint.path("key").asString("");
            String effect = taint.path("effect").asString("");
            boolean ours = effect.equals("NoExecute") ? key.equals(NOT_READY) || key.equals(UNREACHABLE)
                    : effect.equals("NoSchedule") && NO_SCHEDULE_KEYS.contains(key);
            if (ours && wanted.stream().noneMatch(w -> w[0].equals(key) && w[1].equals(effect))) {
                changed = true;
                continue;
            }
            taints.add(taint.deepCopy());
        }
        for (String[] taint : wanted) {
            boolean present = false;
            for (JsonNode existing : taints) {
                present |= existing.path("key").asString("").equals(taint[0])
                        && existing.path("effect").asString("").equals(taint[1]);
            }
            if (!present) {
                ObjectNode added = taints.addObject().put("key", taint[0]).put("effect", taint[1]);
                // Upstream stamps the NoExecute taints only: the taint eviction controller counts from them.
                if (taint[1].equals("NoExecute")) {
                    added.put("timeAdded", now);
                }
                changed = true;
            }
        }
        return changed ? taints : null;
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asString("").equals(type)) {
                return condition;
            }
        }
        return null;
    }

    private static Instant latest(Instant... instants) {
        Instant latest = null;
        for (Instant instant : instants) {
            if (instant != null && (latest == null || instant.isAfter(latest))) {
                latest = instant;
            }
        }
        return latest;
    }

    static Instant parse(String time) {
        if (time.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    boolean changesNothing() {
        return conditions == null && taints == null;
    }
}
