package dev.ordinal.kubelet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The v1 ContainerStatus of a simulated container in each of its states, with the fields and field
 * order the kubelet writes: before the runtime knows the container only its name, spec image,
 * waiting reason and zero counts; once created the qualified image, image and container IDs and
 * the volume mounts as well.
 */
final class ContainerStatuses {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ContainerStatuses() {
    }

    /** A container the runtime has not created yet (ContainerCreating, PodInitializing). */
    static ObjectNode waiting(JsonNode container, String reason) {
        return waiting(container, reason, null);
    }

    /** A container the kubelet could not create, and says why (CreateContainerConfigError). */
    static ObjectNode waiting(JsonNode container, String reason, String message) {
        ObjectNode status = JSON.objectNode();
        status.put("name", container.path("name").asString(""));
        ObjectNode waiting = status.putObject("state").putObject("waiting").put("reason", reason);
        if (message != null) {
            waiting.put("message", message);
        }
        status.putObject("lastState");
        status.put("ready", false);
        status.put("restartCount", 0);
        status.put("image", container.path("image").asString(""));
        status.put("imageID", "");
        status.put("started", false);
        return status;
    }

    static ObjectNode running(JsonNode container, String podUid, int restartCount, String startedAt,
                              JsonNode lastState, boolean ready, boolean started) {
        ObjectNode state = JSON.objectNode();
        state.putObject("running").put("startedAt", startedAt);
        return created(container, restartCount, state, lastState, ready, started,
                ContainerIds.containerId(podUid, name(container), restartCount));
    }

    static ObjectNode terminated(JsonNode container, String podUid, int restartCount, int exitCode, String reason,
                                 String startedAt, String finishedAt, JsonNode lastState, boolean ready) {
        String containerId = ContainerIds.containerId(podUid, name(container), restartCount);
        ObjectNode state = JSON.objectNode();
        state.set("terminated", termination(exitCode, reason, startedAt, finishedAt, containerId));
        return created(container, restartCount, state, lastState, ready, false, containerId);
    }

    /**
     * A container waiting out the crash-loop back-off: the status still names the container that
     * exited, whose termination is the lastState.
     */
    static ObjectNode backingOff(JsonNode container, int restartCount, JsonNode termination, String message) {
        ObjectNode state = JSON.objectNode();
        state.putObject("waiting").put("reason", "CrashLoopBackOff").put("message", message);
        ObjectNode lastState = JSON.objectNode();
        lastState.set("terminated", termination.deepCopy());
        return created(container, restartCount, state, lastState, false, false,
                termination.path("containerID").asString(""));
    }

    /** A v1 ContainerStateTerminated, fields in Go order. */
    static ObjectNode termination(int exitCode, String reason, String startedAt, String finishedAt,
                                  String containerId) {
        ObjectNode terminated = JSON.objectNode();
        terminated.put("exitCode", exitCode);
        terminated.put("reason", reason);
        terminated.put("startedAt", startedAt);
        terminated.put("finishedAt", finishedAt);
        terminated.put("containerID", containerId);
        return terminated;
    }

    private static ObjectNode created(JsonNode container, int restartCount, ObjectNode state,
                                      JsonNode lastState, boolean ready, boolean started, String containerId) {
        ObjectNode status = JSON.objectNode();
        status.put("name", name(container));
        status.set("state", state);
        status.set("lastState", lastState == null ? JSON.objectNode() : lastState.deepCopy());
        status.put("ready", ready);
        status.put("restartCount", restartCount);
        String image = container.path("image").asString("");
        status.put("image", ContainerIds.image(image));
        status.put("imageID", ContainerIds.imageId(image));
        status.put("containerID", containerId);
        status.put("started", started);
        if (!container.path("volumeMounts").isEmpty()) {
            var mounts = status.putArray("volumeMounts");
            for (JsonNode mount : container.path("volumeMounts")) {
                ObjectNode entry = mounts.addObject();
                entry.put("name", mount.path("name").asString(""));
                entry.put("mountPath", mount.path("mountPath").asString(""));
                if (mount.path("readOnly").asBoolean(false)) {
                    entry.put("readOnly", true);
                    entry.put("recursiveReadOnly", "Disabled");
                }
            }
        }
        return status;
    }

    private static String name(JsonNode container) {
        return container.path("name").asString("");
    }
}
