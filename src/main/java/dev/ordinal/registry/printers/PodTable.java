package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get pods}: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS
 * GATES. STATUS and RESTARTS follow upstream's {@code printPod} rule by rule, since users read
 * CrashLoopBackOff, Init:1/2, Completed or Terminating from exactly these cells.
 */
public final class PodTable implements TableConvertor {

    /** The status reason the node lifecycle controller gives pods of a node that stopped reporting. */
    private static final String NODE_LOST = "NodeLost";

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Ready", "Ready containers out of the pod's containers, sidecars included."),
            Column.string("Status", "A one-word summary of the pod, from its phase, reason and container states."),
            Column.string("Restarts", "Container restarts in the pod, and how long ago the latest one was."),
            Columns.AGE,
            Column.wide("IP", "The pod's primary IP address."),
            Column.wide("Node", "The node the pod is bound to."),
            Column.wide("Nominated Node", "The node where room is being made for the pod by preemption."),
            Column.wide("Readiness Gates", "Readiness gates whose condition is True, out of those the pod declares."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured pod, Instant now) {
        Summary summary = new Summary(pod);
        JsonNode status = pod.at("status");
        String restarts = summary.restarts != 0 && summary.lastRestart != null
                ? summary.restarts + " (" + Timestamps.since(summary.lastRestart, now) + " ago)"
                : String.valueOf(summary.restarts);
        return List.of(pod.name(),
                summary.ready + "/" + summary.total,
                summary.reason,
                restarts,
                Timestamps.age(pod, now),
                Fields.orNone(podIp(status)),
                Fields.orNone(Fields.text(pod.at("spec.nodeName"))),
                Fields.orNone(Fields.text(status, "nominatedNodeName")),
                readinessGates(pod));
    }

    /** Reading v1, upstream takes status.podIP over podIPs where both are set, and podIP alone where podIPs is empty. */
    private static String podIp(JsonNode status) {
        String podIp = Fields.text(status, "podIP");
        if (!podIp.isEmpty()) {
            return podIp;
        }
        List<JsonNode> podIps = Fields.items(status.path("podIPs"));
        return podIps.isEmpty() ? "" : Fields.text(podIps.get(0), "ip");
    }

    /** {@code true/declared} over the pod's readiness gates, or {@code <none>} where it declares none. */
    private static String readinessGates(Unstructured pod) {
        List<JsonNode> gates = Fields.items(pod.at("spec.readinessGates"));
        if (gates.isEmpty()) {
            return "<none>";
        }
        List<JsonNode> conditions = Fields.items(pod.at("status.conditions"));
        int satisfied = 0;
        for (JsonNode gate : gates) {
            String type = Fields.text(gate, "conditionType");
            for (JsonNode condition : conditions) {
                if (Fields.text(condition, "type").equals(type)) {
                    if (Fields.text(condition, "status").equals("True")) {
                        satisfied++;
                    }
                    break;
                }
            }
        }
        return satisfied + "/" + gates.size();
    }

    /** READY, STATUS and RESTARTS, worked out together as upstream does in one pass. */
    private static final class Summary {
        int ready;
        int total;
        String reason;
        long restarts;
        Instant lastRestart;

        Summary(Unstructured pod) {
            JsonNode status = pod.at("status");
            String phase = Fields.text(status, "phase");
            String statusReason = Fields.text(status, "reason");
            reason = statusReason.isEmpty() ? phase : statusReason;
            for (JsonNode condition : Fields.items(status.path("conditions"))) {
                if (Fields.text(condition, "type").equals("PodScheduled")
                        && Fields.text(condition, "reason").equals("SchedulingGated")) {
                    reason = "SchedulingGated";
                }
            }

            List<JsonNode> initContainers = Fields.items(pod.at("spec.initContainers"));
            Set<String> sidecars = new HashSet<>();
            for (JsonNode container : initContainers) {
                // An init container with restartPolicy Always is a sidecar: it runs beside the
                // main containers and counts towards READY.
                if (Fields.text(container, "restartPolicy").equals("Always")) {
                    sidecars.add(Fields.text(container, "name"));
                }
            }
            total = Fields.count(pod.at("spec.containers")) + sidecars.size();

            long sidecarRestarts = 0;
            Instant lastSidecarRestart = null;
            boolean initializing = false;
            List<JsonNode> initStatuses = Fields.items(status.path("initContainerStatuses"));
            for (int i = 0; i < initStatuses.size(); i++) {
                JsonNode container = initStatuses.get(i);
                boolean sidecar = sidecars.contains(Fields.text(container, "name"));
                long restartCount = Fields.number(container.path("restartCount"));
                Instant finished = lastTermination(container);
                restarts += restartCount;
                lastRestart = later(lastRestart, finished);
                if (sidecar) {
                    sidecarRestarts += restartCount;
                    lastSidecarRestart = later(lastSidecarRestart, finished);
                }
                JsonNode terminated = container.path("state").path("terminated");
                JsonNode waiting = container.path("state").path("waiting");
                if (terminated.isObject() && Fields.number(terminated.path("exitCode")) == 0) {
                    continue;
                }
                if (sidecar && Fields.isTrue(container.path("started"))) {
                    if (Fields.isTrue(container.path("ready"))) {
                        ready++;
                    }
                    continue;
                }
                if (terminated.isObject()) {
                    reason = "Init:" + terminationReason(terminated);
                } else if (waiting.isObject() && !Fields.text(waiting, "reason").isEmpty()
                        && !Fields.text(waiting, "reason").equals("PodInitializing")) {
                    reason = "Init:" + Fields.text(waiting, "reason");
                } else {
                    reason = "Init:" + i + "/" + initContainers.size();
                }
                initializing = true;
                break;
            }

            if (!initializing || isInitialized(status)) {
                restarts = sidecarRestarts;
                lastRestart = lastSidecarRestart;
                boolean hasRunning = false;
                List<JsonNode> containers = Fields.items(status.path("containerStatuses"));
                // Backwards, so that the first container's state is the one that shows.
                for (int i = containers.size() - 1; i >= 0; i--) {
                    JsonNode container = containers.get(i);
                    restarts += Fields.number(container.path("restartCount"));
                    lastRestart = later(lastRestart, lastTermination(container));
                    JsonNode waiting = container.path("state").path("waiting");
                    JsonNode terminated = container.path("state").path("terminated");
                    if (waiting.isObject() && !Fields.text(waiting, "reason").isEmpty()) {
                        reason = Fields.text(waiting, "reason");
                    } else if (terminated.isObject()) {
                        reason = terminationReason(terminated);
                    } else if (Fields.isTrue(container.path("ready"))
                            && container.path("state").path("running").isObject()) {
                        hasRunning = true;
                        ready++;
                    }
                }
                // A pod whose last container to be read completed, while another still runs.
                if (reason.equals("Completed") && hasRunning) {
                    reason = hasReadyCondition(status) ? "Running" : "NotReady";
                }
            }

            if (pod.isBeingDeleted() && statusReason.equals(NODE_LOST)) {
                reason = "Unknown";
            } else if (pod.isBeingDeleted() && !phase.equals("Failed") && !phase.equals("Succeeded")) {
                reason = "Terminating";
            }
        }

        /** A terminated state's reason, else its signal, else its exit code. */
        private static String terminationReason(JsonNode terminated) {
            String reason = Fields.text(terminated, "reason");
            if (!reason.isEmpty()) {
                return reason;
            }
            long signal = Fields.number(terminated.path("signal"));
            return signal != 0 ? "Signal:" + signal : "ExitCode:" + Fields.number(terminated.path("exitCode"));
        }

        private static Instant lastTermination(JsonNode container) {
            JsonNode terminated = container.path("lastState").path("terminated");
            return terminated.isObject() ? JsonFields.time(terminated.path("finishedAt")) : null;
        }

        private static Instant later(Instant current, Instant candidate) {
            return candidate != null && (current == null || current.isBefore(candidate)) ? candidate : current;
        }

        /** Whether the first Initialized condition is True. */
        private static boolean isInitialized(JsonNode status) {
            for (JsonNode condition : Fields.items(status.path("conditions"))) {
                if (Fields.text(condition, "type").equals("Initialized")) {
                    return Fields.text(condition, "status").equals("True");
                }
            }
            return false;
        }

        /** Whether any Ready condition is True. */
        private static boolean hasReadyCondition(JsonNode status) {
            for (JsonNode condition : Fields.items(status.path("conditions"))) {
                if (Fields.text(condition, "type").equals("Ready")
                        && Fields.text(condition, "status").equals("True")) {
                    return true;
                }
            }
            return false;
        }
    }
}
