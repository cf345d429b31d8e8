package dev.ordinal.machinery.node;

import java.util.Map;
import java.util.Optional;

import dev.ordinal.machinery.pod.SimulationAnnotations;

/**
 * What is wrong with a node's simulated kubelet, set at run time through {@code /ordinal/v1/nodes}
 * or, with the same names, through the node's annotations:
 * <ul>
 *   <li>{@code ordinal.dev/not-ready: "true"}: the kubelet keeps renewing its Lease but reports
 *       Ready=False (KubeletNotReady), as a kubelet whose container network is down does;</li>
 *   <li>{@code ordinal.dev/unreachable: "true"}: the kubelet is cut off: it stops renewing its
 *       Lease, posting the node's status and updating its pods, so the node lifecycle controller
 *       finds it silent after the grace period.</li>
 * </ul>
 * A node with neither is healthy; unreachable wins over not-ready when both are set. The API and
 * the annotations are one state: the API sets and removes the annotations.
 */
public enum NodeFault {

    HEALTHY("healthy"),
    NOT_READY("not-ready"),
    UNREACHABLE("unreachable");

    private final String name;

    NodeFault(String name) {
        this.name = name;
    }

    /** The fault's name, as the API and its annotation spell it. */
    public String faultName() {
        return name;
    }

    /** The annotation that sets the fault; none for healthy. */
    public Optional<String> annotation() {
        return this == HEALTHY ? Optional.empty() : Optional.of(SimulationAnnotations.PREFIX + name);
    }

    /** The fault a node's annotations set. */
    public static NodeFault of(Map<String, String> annotations) {
        if (SimulationAnnotations.isSet(annotations, SimulationAnnotations.PREFIX + UNREACHABLE.name)) {
            return UNREACHABLE;
        }
        if (SimulationAnnotations.isSet(annotations, SimulationAnnotations.PREFIX + NOT_READY.name)) {
            return NOT_READY;
        }
        return HEALTHY;
    }

    /** The fault named {@code name}, as the API takes it. */
    public static Optional<NodeFault> named(String name) {
        for (NodeFault fault : values()) {
            if (fault.name.equals(name)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
