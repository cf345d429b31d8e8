package dev.ordinal.controller.scheduler;

import java.util.List;

import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/**
 * A node as the scheduler weighs it (upstream's {@code framework.NodeInfo}): the node, the pods
 * bound to it and what they request, against what the node has allocatable.
 */
record NodeInfo(Unstructured node, List<Unstructured> pods, Resources allocatable, long allowedPods,
                Resources requested, Resources nonZeroRequested) {

    static NodeInfo of(Unstructured node, List<Unstructured> pods) {
        JsonNode allocatable = node.json().path("status").path("allocatable");
        Resources requested = Resources.NONE;
        Resources nonZero = Resources.NONE;
        for (Unstructured pod : pods) {
            requested = requested.plus(PodRequests.of(pod.json().path("spec")));
            nonZero = nonZero.plus(PodRequests.nonZero(pod.json().path("spec")));
        }
        long allowedPods;
        try {
            allowedPods = new Quantity(allocatable.path("pods").asString("0"))
                    .getNumericalAmount().longValue();
        } catch (ArithmeticException | IllegalArgumentException e) {
            allowedPods = 0;
        }
        return new NodeInfo(node, List.copyOf(pods), Resources.of(allocatable), allowedPods, requested, nonZero);
    }

    String name() {
        return node.name();
    }
}
