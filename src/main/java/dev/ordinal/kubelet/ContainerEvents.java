package dev.ordinal.kubelet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoDuration;

/**
 * The events a kubelet records about a pod's containers, with upstream's reasons and messages
 * (v1.32 kuberuntime and image manager), read from how the simulated status moves on: when a
 * container starts, its image is pulled ({@code Pulling} and {@code Pulled} for pull policy
 * Always; {@code Pulled}, already present, otherwise: the simulated nodes have every image), then
 * {@code Created} and {@code Started}; a crashed container waiting to restart gives a
 * {@code BackOff} warning; a container whose configuration cannot be made (a missing ConfigMap or
 * Secret) a {@code Failed} warning; a pod being deleted has its running containers {@code Killing}.
 */
final class ContainerEvents {

    /** One event about one container of the pod; {@code fieldPath} names the container. */
    record Event(String type, String reason, String fieldPath, String message) {
    }

    private ContainerEvents() {
    }

    /**
     * The events of the step from status {@code before} to status {@code after};
     * {@code pullTime} is how long a pull took (the pod's start delay).
     */
    static List<Event> between(Unstructured pod, JsonNode before, JsonNode after, Duration pullTime) {
        List<Event> events = new ArrayList<>();
        JsonNode spec = pod.json().path("spec");
        for (String kind : List.of("initContainers", "containers")) {
            String statuses = kind.equals("containers") ? "containerStatuses" : "initContainerStatuses";
            for (JsonNode container : spec.path(kind)) {
                String name = container.path("name").asString("");
                String fieldPath = "spec." + kind + "{" + name + "}";
                JsonNode old = find(before.path(statuses), name);
                JsonNode now = find(after.path(statuses), name);
                if (now == null) {
                    continue;
                }
                if (startedAttempt(now) > startedAttempt(old)) {
                    started(container, fieldPath, pullTime, events);
                }
                String configError = configError(now);
                if (configError != null && !configError.equals(configError(old))) {
                    events.add(new Event("Warning", "Failed", fieldPath, "Error: " + configError));
                }
                if (backingOff(now) && !backingOff(old)) {
                    events.add(new Event("Warning", "BackOff", fieldPath, "Back-off restarting failed container "
                            + name + " in pod " + pod.name() + "_" + pod.namespace() + "(" + pod.uid() + ")"));
                }
            }
        }
        return events;
    }

    /** {@code Killing} for each container still running when the pod's deletion stops it. */
    static List<Event> stopping(Unstructured pod) {
        List<Event> events = new ArrayList<>();
        JsonNode status = pod.json().path("status");
        for (String kind : List.of("initContainers", "containers")) {
            String statuses = kind.equals("containers") ? "containerStatuses" : "initContainerStatuses";
            for (JsonNode container : pod.json().path("spec").path(kind)) {
                String name = container.path("name").asString("");
                JsonNode current = find(status.path(statuses), name);
                if (current != null && current.path("state").has("running")) {
                    events.add(new Event("Normal", "Killing", "spec." + kind + "{" + name + "}",
                            "Stopping container " + name));
                }
            }
        }
        return events;
    }

    private static void started(JsonNode container, String fieldPath, Duration pullTime, List<Event> events) {
        String image = container.path("image").asString("");
        String name = container.path("name").asString("");
        if (container.path("imagePullPolicy").asString("").equals("Always")) {
            String took = GoDuration.format(pullTime);
            events.add(new Event("Normal", "Pulling", fieldPath, "Pulling image \"" + image + "\""));
            events.add(new Event("Normal", "Pulled", fieldPath, "Successfully pulled image \"" + image + "\" in "
                    + took + " (" + took + " including waiting). Image size: " + ContainerIds.imageSize(image)
                    + " bytes."));
        } else {
            events.add(new Event("Normal", "Pulled", fieldPath,
                    "Container image \"" + image + "\" already present on machine"));
        }
        events.add(new Event("Normal", "Created", fieldPath, "Created container " + name));
        events.add(new Event("Normal", "Started", fieldPath, "Started container " + name));
    }

    /** The restart count of the container's run that has started, -1 while none has. */
    private static int startedAttempt(JsonNode status) {
        if (status == null) {
            return -1;
        }
        JsonNode state = status.path("state");
        return state.has("running") || state.has("terminated") ? status.path("restartCount").asInt(0) : -1;
    }

    /** The message of a container the kubelet could not configure, null for any other. */
    private static String configError(JsonNode status) {
        JsonNode waiting = status == null ? null : status.path("state").path("waiting");
        return waiting != null && waiting.path("reason").asString("").equals(PodLifecycle.CONFIG_ERROR)
                ? waiting.path("message").asString("") : null;
    }

    private static boolean backingOff(JsonNode status) {
        return status != null
                && status.path("state").path("waiting").path("reason").asString("").equals("CrashLoopBackOff");
    }

    private static JsonNode find(JsonNode statuses, String name) {
        for (JsonNode status : statuses) {
            if (status.path("name").asString("").equals(name)) {
                return status;
            }
        }
        return null;
    }
}
