package dev.ordinal.kubelet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.pod.PodConditions;

/**
 * Assembles a pod status the way the kubelet's {@code generateAPIPodStatus} and status manager do:
 * the conditions of {@code pkg/kubelet/status/generate.go} (PodReadyToStartContainers,
 * Initialized, Ready, ContainersReady, PodScheduled, after the conditions the kubelet does not
 * own), each keeping its lastTransitionTime while its status holds; the fields in the order of
 * the Go type; and the reason, message and fields the kubelet does not set kept from before.
 */
final class PodStatusGenerator {

    /** The conditions the kubelet owns (upstream's {@code kubetypes.PodConditionByKubelet}). */
    private static final Set<String> KUBELET_CONDITIONS =
            Set.of("PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers");
    /** The fields generated here; any other field of the previous status is carried over. */
    private static final Set<String> GENERATED = Set.of("phase", "conditions", "message", "reason", "hostIP",
            "hostIPs", "podIP", "podIPs", "startTime", "initContainerStatuses", "containerStatuses", "qosClass");

    private PodStatusGenerator() {
    }

    /** What the simulated runtime says about a pod at one moment. */
    record Observed(String phase, boolean sandboxReady, String hostIp, String podIp, String startTime,
                    List<ObjectNode> initContainerStatuses, List<ObjectNode> containerStatuses) {
    }

    static ObjectNode generate(JsonNode pod, Observed observed, String now) {
        JsonNode spec = pod.path("spec");
        JsonNode old = pod.path("status");
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("phase", observed.phase());
        ArrayNode conditions = status.putArray("conditions");
        for (JsonNode condition : old.path("conditions")) {
            if (!KUBELET_CONDITIONS.contains(condition.path("type").asString(""))) {
                conditions.add(condition.deepCopy());
            }
        }
        conditions.add(condition(old, "PodReadyToStartContainers", observed.sandboxReady() ? "True" : "False", "", "",
                now));
        List<ObjectNode> all = new ArrayList<>(observed.initContainerStatuses());
        all.addAll(observed.containerStatuses());
        conditions.add(initialized(spec, old, observed.phase(), all, now));
        ObjectNode containersReady = containersReady(spec, old, observed.phase(), all, now);
        conditions.add(ready(spec, old, conditions, containersReady, now));
        conditions.add(containersReady);
        conditions.add(condition(old, "PodScheduled", "True", "", "", now));
        if (observed.phase().equals(old.path("phase").asString(""))) {
            copy(old, status, "message");
            copy(old, status, "reason");
        }
        copy(old, status, "nominatedNodeName");
        status.put("hostIP", observed.hostIp());
        status.putArray("hostIPs").addObject().put("ip", observed.hostIp());
        if (!observed.podIp().isEmpty()) {
            status.put("podIP", observed.podIp());
            status.putArray("podIPs").addObject().put("ip", observed.podIp());
        }
        status.put("startTime", observed.startTime());
        if (!observed.initContainerStatuses().isEmpty()) {
            status.putArray("initContainerStatuses").addAll(observed.initContainerStatuses());
        }
        status.putArray("containerStatuses").addAll(observed.containerStatuses());
        // Set by the API server when the pod was created; the kubelet keeps it.
        copy(old, status, "qosClass");
        old.properties().forEach(field -> {
            if (!GENERATED.contains(field.getKey()) && !status.has(field.getKey())) {
                status.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return status;
    }

    /** GeneratePodInitializedCondition. */
    private static ObjectNode initialized(JsonNode spec, JsonNode old, String phase, List<ObjectNode> statuses,
                                          String now) {
        List<String> unknown = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        for (JsonNode container : spec.path("initContainers")) {
            String name = container.path("name").asString("");
            JsonNode status = find(statuses, name);
            if (status == null) {
                unknown.add(name);
            } else if (isSidecar(container) ? !status.path("started").asBoolean(false)
                    : !status.path("ready").asBoolean(false)) {
                incomplete.add(name);
            }
        }
        if (phase.equals("Succeeded") && unknown.isEmpty()) {
            return condition(old, "Initialized", "True", "PodCompleted", "", now);
        }
        if (anyRegularContainerStarted(spec, statuses)) {
            return condition(old, "Initialized", "True", "", "", now);
        }
        String message = messages("containers with unknown status: ", unknown, "containers with incomplete status: ",
                incomplete);
        if (!message.isEmpty()) {
            return condition(old, "Initialized", "False", "ContainersNotInitialized", message, now);
        }
        return condition(old, "Initialized", "True", "", "", now);
    }

    /** GenerateContainersReadyCondition: sidecars and containers all ready. */
    private static ObjectNode containersReady(JsonNode spec, JsonNode old, String phase, List<ObjectNode> statuses,
                                              String now) {
        List<String> unknown = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        List<JsonNode> containers = new ArrayList<>();
        spec.path("initContainers").forEach(c -> {
            if (isSidecar(c)) {
                containers.add(c);
            }
        });
        spec.path("containers").forEach(containers::add);
        for (JsonNode container : containers) {
            String name = container.path("name").asString("");
            JsonNode status = find(statuses, name);
            if (status == null) {
                unknown.add(name);
            } else if (!status.path("ready").asBoolean(false)) {
                unready.add(name);
            }
        }
        if (phase.equals("Succeeded") && unknown.isEmpty()) {
            return condition(old, "ContainersReady", "False", "PodCompleted", "", now);
        }
        if (phase.equals("Failed")) {
            return condition(old, "ContainersReady", "False", "PodFailed", "", now);
        }
        String message = messages("containers with unknown status: ", unknown, "containers with unready status: ",
                unready);
        if (!message.isEmpty()) {
            return condition(old, "ContainersReady", "False", "ContainersNotReady", message, now);
        }
        return condition(old, "ContainersReady", "True", "", "", now);
    }

    /** GeneratePodReadyCondition: containers ready and every readiness gate's condition True. */
    private static ObjectNode ready(JsonNode spec, JsonNode old, ArrayNode conditions, ObjectNode containersReady,
                                    String now) {
        if (!containersReady.path("status").asString("").equals("True")) {
            return condition(old, "Ready", containersReady.path("status").asString(),
                    containersReady.path("reason").asString(""), containersReady.path("message").asString(""), now);
        }
        List<String> unready = new ArrayList<>();
        for (JsonNode gate : spec.path("readinessGates")) {
            String type = gate.path("conditionType").asString("");
            JsonNode condition = null;
            for (JsonNode candidate : conditions) {
                if (candidate.path("type").asString("").equals(type)) {
                    condition = candidate;
                }
            }
            if (condition == null) {
                unready.add("corresponding condition of pod readiness gate \"" + type + "\" does not exist.");
            } else if (!condition.path("status").asString("").equals("True")) {
                unready.add("the status of pod readiness gate \"" + type + "\" is not \"True\", but "
                        + condition.path("status").asString(""));
            }
        }
        if (!unready.isEmpty()) {
            return condition(old, "Ready", "False", "ReadinessGatesNotReady", String.join(", ", unready), now);
        }
        return condition(old, "Ready", "True", "", "", now);
    }

    private static ObjectNode condition(JsonNode old, String type, String status, String reason, String message,
                                        String now) {
        return PodConditions.condition(type, status, reason, message,
                PodConditions.transitionTime(old, type, status, now));
    }

    /** Upstream's HasAnyRegularContainerStarted: a regular container is running or has run. */
    private static boolean anyRegularContainerStarted(JsonNode spec, List<ObjectNode> statuses) {
        for (JsonNode container : spec.path("containers")) {
            JsonNode status = find(statuses, container.path("name").asString(""));
            if (status != null && (status.path("state").has("running") || status.path("state").has("terminated"))) {
                return true;
            }
        }
        return false;
    }

    static boolean isSidecar(JsonNode initContainer) {
        return initContainer.path("restartPolicy").asString("").equals("Always");
    }

    private static JsonNode find(List<ObjectNode> statuses, String name) {
        for (ObjectNode status : statuses) {
            if (status.path("name").asString("").equals(name)) {
                return status;
            }
        }
        return null;
    }

    /** The messages of generate.go: Go's %s of a string slice is {@code [a b]}. */
    private static String messages(String firstPrefix, List<String> first, String secondPrefix, List<String> second) {
        List<String> messages = new ArrayList<>();
        if (!first.isEmpty()) {
            messages.add(firstPrefix + "[" + String.join(" ", first) + "]");
        }
        if (!second.isEmpty()) {
            messages.add(secondPrefix + "[" + String.join(" ", second) + "]");
        }
        return String.join(", ", messages);
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field).deepCopy());
        }
    }
}
