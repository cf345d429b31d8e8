package dev.ordinal.controller.scheduler;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/**
 * A pod as the scheduler counts it on its node, with what scheduling reads of it worked out once
 * when it enters the cache rather than on every scheduling cycle (upstream's
 * {@code framework.PodInfo}): its requests, the non-zero requests scoring uses, and the UID of its
 * controller, which topology spreading compares.
 */
record PodInfo(Unstructured pod, Resources requested, Resources nonZeroRequested, String controllerUid) {

    static PodInfo of(Unstructured pod) {
        JsonNode spec = pod.json().path("spec");
        return new PodInfo(pod, PodRequests.of(spec), PodRequests.nonZero(spec), controllerUidOf(pod));
    }

    String namespace() {
        return pod.namespace();
    }

    /** The UID of the pod's controller reference, empty without one. */
    static String controllerUidOf(Unstructured pod) {
        for (JsonNode owner : pod.json().path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return owner.path("uid").asString("");
            }
        }
        return "";
    }
}
