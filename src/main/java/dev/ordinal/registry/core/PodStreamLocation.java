package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;

/**
 * Which container a streaming request on a pod means, checked as upstream's
 * {@code pkg/registry/core/pod/strategy.go} does for exec, attach and log ({@code validateContainer})
 * before it connects to the node; its messages are upstream's.
 */
final class PodStreamLocation {

    private PodStreamLocation() {
    }

    /** The container named, or the pod's only one; a 400 when the name is missing or unknown. */
    static String container(Unstructured pod, String requested) {
        JsonNode spec = pod.json().path("spec");
        List<String> names = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            spec.path(field).forEach(container -> names.add(container.path("name").asString("")));
        }
        if (requested.isEmpty()) {
            JsonNode containers = spec.path("containers");
            if (containers.size() == 1) {
                return containers.get(0).path("name").asString("");
            }
            if (containers.isEmpty()) {
                throw StatusError.badRequest("a container name must be specified for pod " + pod.name());
            }
            throw StatusError.badRequest("a container name must be specified for pod " + pod.name()
                    + ", choose one of: [" + String.join(" ", names) + "]");
        }
        if (!names.contains(requested)) {
            throw StatusError.badRequest("container " + requested + " is not valid for pod " + pod.name());
        }
        return requested;
    }

    static boolean hasHost(Unstructured pod) {
        return !pod.json().path("spec").path("nodeName").asString("").isEmpty();
    }

    /** The status the kubelet reports for a container, regular, init or ephemeral; missing when none. */
    static JsonNode status(Unstructured pod, String container) {
        JsonNode status = pod.json().path("status");
        for (String field : List.of("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses")) {
            for (JsonNode candidate : status.path(field)) {
                if (candidate.path("name").asString("").equals(container)) {
                    return candidate;
                }
            }
        }
        return status.path("containerStatuses").path(-1);
    }
}
