package dev.ordinal.controller.statefulset;

import java.time.Instant;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * The pod states the StatefulSet controller decides on (upstream stateful_set_utils.go and
 * {@code pkg/api/v1/pod} IsPodAvailable), over {@link PodConditions#isReady}.
 */
public final class PodHealth {

    private PodHealth() {
    }

    /** Created and kept by the API server: it has a phase, Pending at least. */
    public static boolean isCreated(Unstructured pod) {
        return !phase(pod).isEmpty();
    }

    public static boolean isPending(Unstructured pod) {
        return "Pending".equals(phase(pod));
    }

    public static boolean isFailed(Unstructured pod) {
        return "Failed".equals(phase(pod));
    }

    public static boolean isSucceeded(Unstructured pod) {
        return "Succeeded".equals(phase(pod));
    }

    /** Being deleted: it has a deletionTimestamp. */
    public static boolean isTerminating(Unstructured pod) {
        return pod.isBeingDeleted();
    }

    /** Phase Running with condition Ready=True. */
    public static boolean isRunningAndReady(Unstructured pod) {
        return "Running".equals(phase(pod)) && PodConditions.isReady(pod);
    }

    /** Running and ready, and not being deleted. */
    public static boolean isHealthy(Unstructured pod) {
        return isRunningAndReady(pod) && !isTerminating(pod);
    }

    /**
     * Ready for longer than {@code minReadySeconds} at {@code now} (upstream IsPodAvailable, which
     * reads the Ready condition only): with 0 every ready pod is available.
     */
    public static boolean isRunningAndAvailable(Unstructured pod, int minReadySeconds, Instant now) {
        return PodConditions.isAvailable(pod, minReadySeconds, now);
    }

    private static String phase(Unstructured pod) {
        return pod.at("status.phase").asString("");
    }
}
