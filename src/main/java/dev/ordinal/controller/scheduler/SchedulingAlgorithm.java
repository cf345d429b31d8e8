package dev.ordinal.controller.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.SimulationAnnotations;

/**
 * One scheduling cycle for one pod, as kube-scheduler's default profile runs it, with its
 * messages: PreFilter (node names from required node affinity), Filter per node in the plugins'
 * order (NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit; the first that
 * rejects a node gives its reasons), then Score on the nodes left. When no node is left the
 * failure reads as upstream's FitError, with what DefaultPreemption would say about each node;
 * this scheduler never preempts.
 */
final class SchedulingAlgorithm {

    static final String NO_NODES = "no nodes available to schedule pods";
    static final String UNSCHEDULABLE_NODE = "node(s) were unschedulable";
    static final String AFFINITY_MISMATCH = "node(s) didn't match Pod's node affinity/selector";
    static final String AFFINITY_CONFLICT = "pod affinity terms conflict";
    static final String FILTERED_BY_AFFINITY = "node(s) didn't satisfy plugin(s) [NodeAffinity]";
    static final String MARKED_UNSCHEDULABLE = "pod is marked unschedulable by annotation "
            + SimulationAnnotations.UNSCHEDULABLE;
    private static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    private static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    private static final JsonNode UNSCHEDULABLE_TAINT = JsonNodeFactory.instance.objectNode()
            .put("key", "node.kubernetes.io/unschedulable").put("effect", "NoSchedule");

    /** The outcome: the best nodes (ties, by name) or, when none fits, the FitError message. */
    record Result(List<String> bestNodes, String failure) {
        boolean scheduled() {
            return failure == null;
        }
    }

    /** Why a node was rejected; unresolvable when evicting pods could not make room. */
    record Rejection(List<String> reasons, boolean unresolvable) {
    }

    private SchedulingAlgorithm() {
    }

    static Result schedule(Unstructured pod, List<NodeInfo> nodes) {
        if (nodes.isEmpty()) {
            return new Result(List.of(), NO_NODES);
        }
        JsonNode spec = pod.json().path("spec");
        if (SimulationAnnotations.isSet(pod.annotations(), SimulationAnnotations.UNSCHEDULABLE)) {
            return new Result(List.of(), preFilterFailure(spec, nodes.size(), MARKED_UNSCHEDULABLE));
        }
        Set<String> allowed = NodeAffinity.nodeNames(spec);
        if (allowed != null && allowed.isEmpty()) {
            return new Result(List.of(), preFilterFailure(spec, nodes.size(), AFFINITY_CONFLICT));
        }
        Map<String, Rejection> rejections = new LinkedHashMap<>();
        List<NodeInfo> feasible = new ArrayList<>();
        for (NodeInfo node : nodes) {
            Rejection rejection = allowed != null && !allowed.contains(node.name())
                    ? new Rejection(List.of(FILTERED_BY_AFFINITY), true) : filter(spec, node);
            if (rejection == null) {
                feasible.add(node);
            } else {
                rejections.put(node.name(), rejection);
            }
        }
        if (feasible.isEmpty()) {
            List<String> reasons = new ArrayList<>();
            rejections.values().forEach(r -> reasons.addAll(r.reasons()));
            List<String> preemption = rejections.values().stream()
                    .map(r -> r.unresolvable() ? NOT_HELPFUL : NO_VICTIMS).toList();
            return new Result(List.of(), available(nodes.size(), histogram(reasons)) + " "
                    + postFilter(spec, nodes.size(), preemption));
        }
        return new Result(NodeScores.best(pod, feasible), null);
    }

    /** The Filter plugins on one node; null when the node fits. */
    static Rejection filter(JsonNode spec, NodeInfo node) {
        JsonNode nodeSpec = node.node().json().path("spec");
        JsonNode tolerations = spec.path("tolerations");
        if (nodeSpec.path("unschedulable").asBoolean(false) && !Taints.tolerated(UNSCHEDULABLE_TAINT, tolerations)) {
            return new Rejection(List.of(UNSCHEDULABLE_NODE), true);
        }
        JsonNode taint = Taints.untolerated(nodeSpec.path("taints"), tolerations);
        if (taint != null) {
            return new Rejection(List.of("node(s) had untolerated taint {" + taint.path("key").asString("") + ": "
                    + taint.path("value").asString("") + "}"), true);
        }
        if (!NodeAffinity.matches(spec, node.node())) {
            return new Rejection(List.of(AFFINITY_MISMATCH), true);
        }
        return fit(spec, node);
    }

    /** NodeResourcesFit: pod count, then each requested resource against what is left. */
    static Rejection fit(JsonNode spec, NodeInfo node) {
        List<String> reasons = new ArrayList<>();
        boolean unresolvable = false;
        if (node.pods().size() + 1 > node.allowedPods()) {
            reasons.add("Too many pods");
        }
        Resources request = PodRequests.of(spec);
        Resources allocatable = node.allocatable();
        Resources requested = node.requested();
        if (!request.isZero()) {
            if (request.milliCpu() > 0 && request.milliCpu() > allocatable.milliCpu() - requested.milliCpu()) {
                reasons.add("Insufficient cpu");
                unresolvable |= request.milliCpu() > allocatable.milliCpu();
            }
            if (request.memory() > 0 && request.memory() > allocatable.memory() - requested.memory()) {
                reasons.add("Insufficient memory");
                unresolvable |= request.memory() > allocatable.memory();
            }
            if (request.ephemeralStorage() > 0
                    && request.ephemeralStorage() > allocatable.ephemeralStorage() - requested.ephemeralStorage()) {
                reasons.add("Insufficient ephemeral-storage");
                unresolvable |= request.ephemeralStorage() > allocatable.ephemeralStorage();
            }
            for (Map.Entry<String, Long> scalar : request.scalars().entrySet()) {
                String name = scalar.getKey();
                long amount = scalar.getValue();
                if (amount > 0 && amount > allocatable.scalar(name) - requested.scalar(name)) {
                    reasons.add("Insufficient " + name);
                    unresolvable |= amount > allocatable.scalar(name);
                }
            }
        }
        return reasons.isEmpty() ? null : new Rejection(reasons, unresolvable);
    }

    /** A PreFilter rejection holds for every node, which preemption cannot help. */
    private static String preFilterFailure(JsonNode spec, int nodes, String message) {
        return available(nodes, message) + " " + postFilter(spec, nodes, Collections.nCopies(nodes, NOT_HELPFUL));
    }

    /** DefaultPreemption's PostFilter message. */
    private static String postFilter(JsonNode spec, int nodes, List<String> preemption) {
        if (spec.path("preemptionPolicy").asString("").equals("Never")) {
            return "preemption: not eligible due to preemptionPolicy=Never.";
        }
        return "preemption: " + available(nodes, histogram(preemption));
    }

    private static String available(int nodes, String reasons) {
        return "0/" + nodes + " nodes are available: " + reasons + ".";
    }

    /** Upstream's sorted reason histogram: {@code 1 Insufficient cpu, 2 node(s) ...}. */
    private static String histogram(List<String> reasons) {
        Map<String, Integer> counts = new TreeMap<>();
        reasons.forEach(reason -> counts.merge(reason, 1, Integer::sum));
        return String.join(", ", counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .sorted(Comparator.naturalOrder()).toList());
    }
}
