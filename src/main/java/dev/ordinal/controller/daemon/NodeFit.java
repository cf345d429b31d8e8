package dev.ordinal.controller.daemon;

import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.scheduler.NodeAffinity;
import dev.ordinal.controller.scheduler.Taints;
import dev.ordinal.machinery.Unstructured;

/**
 * Whether a node should run a set's daemon pod, and whether a pod already there may stay
 * (upstream {@code NodeShouldRunDaemonPod}): the prospective pod, with the daemon tolerations,
 * must fit the node's name, its nodeSelector and required node affinity must match the node (both
 * false otherwise), and no NoSchedule or NoExecute taint may go untolerated; a running pod stays
 * unless a NoExecute taint goes untolerated. The checks are the scheduler's own predicates; like
 * upstream, resources are left to the scheduler.
 */
record NodeFit(boolean shouldRun, boolean shouldContinueRunning) {

    private static final NodeFit NEITHER = new NodeFit(false, false);
    private static final Set<String> NO_EXECUTE = Set.of("NoExecute");

    static NodeFit of(Unstructured daemonSet, Unstructured node) {
        JsonNode templateSpec = daemonSet.at("spec.template.spec");
        ObjectNode podSpec = templateSpec.isObject() ? (ObjectNode) templateSpec.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        String nodeName = podSpec.path("nodeName").asString("");
        if (!nodeName.isEmpty() && !nodeName.equals(node.name())) {
            return NEITHER;
        }
        DaemonPods.addDaemonTolerations(podSpec);
        if (!NodeAffinity.matches(podSpec, node)) {
            return NEITHER;
        }
        JsonNode taints = node.at("spec.taints");
        JsonNode tolerations = podSpec.path("tolerations");
        if (Taints.untolerated(taints, tolerations) != null) {
            return new NodeFit(false, Taints.untolerated(taints, tolerations, NO_EXECUTE) == null);
        }
        return new NodeFit(true, true);
    }
}
