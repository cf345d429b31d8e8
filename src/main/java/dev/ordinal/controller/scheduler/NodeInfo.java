package dev.ordinal.controller.scheduler;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/**
 * A node as the scheduler weighs it (upstream's {@code framework.NodeInfo}): the node, the pods
 * bound to it and what they request, against what the node has allocatable, and how many of its
 * pods each controller has, which topology spreading asks for every node on every placement.
 */
record NodeInfo(Unstructured node, List<PodInfo> pods, Resources allocatable, long allowedPods,
                Resources requested, Resources nonZeroRequested, Map<String, Long> podsByController) {

    static NodeInfo of(Unstructured node, List<Unstructured> pods) {
        return ofPods(node, pods.stream().map(PodInfo::of).toList());
    }

    static NodeInfo ofPods(Unstructured node, Collection<PodInfo> pods) {
        JsonNode allocatable = node.json().path("status").path("allocatable");
        Resources requested = Resources.NONE;
        Resources nonZero = Resources.NONE;
        Map<String, Long> byController = new HashMap<>();
        for (PodInfo pod : pods) {
            requested = requested.plus(pod.requested());
            nonZero = nonZero.plus(pod.nonZeroRequested());
            if (!pod.controllerUid().isEmpty()) {
                byController.merge(controllerKey(pod.namespace(), pod.controllerUid()), 1L, Long::sum);
            }
        }
        long allowedPods;
        try {
            allowedPods = new Quantity(allocatable.path("pods").asString("0"))
                    .getNumericalAmount().longValue();
        } catch (ArithmeticException | IllegalArgumentException e) {
            allowedPods = 0;
        }
        return new NodeInfo(node, List.copyOf(pods), Resources.of(allocatable), allowedPods, requested, nonZero,
                Map.copyOf(byController));
    }

    /** How many pods on the node the controller with this UID has in the namespace. */
    long podsOfController(String namespace, String controllerUid) {
        return podsByController.getOrDefault(controllerKey(namespace, controllerUid), 0L);
    }

    private static String controllerKey(String namespace, String controllerUid) {
        return namespace + "/" + controllerUid;
    }

    String name() {
        return node.name();
    }
}
