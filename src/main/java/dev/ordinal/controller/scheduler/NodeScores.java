package dev.ordinal.controller.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/**
 * The Score plugins of the default profile that matter here, each normalised to 0..100 and
 * weighted as upstream weighs them: TaintToleration (3, fewer untolerated PreferNoSchedule
 * taints), NodeAffinity (2, preferred terms), PodTopologySpread (2, fewer pods of the same
 * controller, as its system default constraints spread them), NodeResourcesFit (1, least
 * allocated cpu and memory) and NodeResourcesBalancedAllocation (1).
 */
final class NodeScores {

    private static final long MAX_SCORE = 100;

    private NodeScores() {
    }

    /** The names of the highest-scoring nodes; upstream picks one of them at random. */
    static List<String> best(Unstructured pod, List<NodeInfo> nodes) {
        JsonNode spec = pod.json().path("spec");
        long[] taints = normalize(nodes, n -> Taints.intolerablePreferNoSchedule(
                n.node().json().path("spec").path("taints"), spec.path("tolerations")), true);
        long[] affinity = normalize(nodes, n -> NodeAffinity.preferredScore(spec, n.node()), false);
        String owner = PodInfo.controllerUidOf(pod);
        long[] spread = normalize(nodes, n -> owner.isEmpty() ? 0 : n.podsOfController(pod.namespace(), owner), true);
        Resources request = PodRequests.nonZero(spec);
        long top = Long.MIN_VALUE;
        List<String> best = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeInfo node = nodes.get(i);
            long score = 3 * taints[i] + 2 * affinity[i] + 2 * spread[i] + leastAllocated(node, request)
                    + balanced(node, request);
            if (score > top) {
                top = score;
                best.clear();
            }
            if (score == top) {
                best.add(node.name());
            }
        }
        return best;
    }

    /** Mean over cpu and memory of the share left free once the pod is placed. */
    static long leastAllocated(NodeInfo node, Resources request) {
        return (free(node.allocatable().milliCpu(), node.nonZeroRequested().milliCpu() + request.milliCpu())
                + free(node.allocatable().memory(), node.nonZeroRequested().memory() + request.memory())) / 2;
    }

    /** How evenly cpu and memory would be used: 100 when in the same proportion. */
    static long balanced(NodeInfo node, Resources request) {
        double cpu = fraction(node.requested().milliCpu() + request.milliCpu(), node.allocatable().milliCpu());
        double memory = fraction(node.requested().memory() + request.memory(), node.allocatable().memory());
        return (long) ((1 - Math.abs(cpu - memory) / 2) * MAX_SCORE);
    }

    private static long free(long capacity, long requested) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_SCORE / capacity;
    }

    private static double fraction(long requested, long capacity) {
        return capacity == 0 ? 1 : Math.min(1, (double) requested / capacity);
    }

    /** Upstream's DefaultNormalizeScore: scaled so the highest is 100, or reversed. */
    private static long[] normalize(List<NodeInfo> nodes, ToLongFunction<NodeInfo> raw, boolean reverse) {
        long[] scores = nodes.stream().mapToLong(raw).toArray();
        long max = 0;
        for (long score : scores) {
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? MAX_SCORE : 0;
            } else {
                long scaled = scores[i] * MAX_SCORE / max;
                scores[i] = reverse ? MAX_SCORE - scaled : scaled;
            }
        }
        return scores;
    }
}
