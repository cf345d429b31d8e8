package dev.ordinal.controller.replicaset;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoInt;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * Which pods a ReplicaSet deletes first when it has too many (upstream {@code getPodsToDelete}
 * over {@code controller.ActivePodsWithRanks}, with PodDeletionCost and LogarithmicScaleDown on, as
 * in v1.32). Earlier in the order means deleted sooner:
 * <ol>
 *   <li>not yet scheduled before scheduled;</li>
 *   <li>Pending before Unknown before Running;</li>
 *   <li>not Ready before Ready;</li>
 *   <li>lower {@code controller.kubernetes.io/pod-deletion-cost} before higher;</li>
 *   <li>more active related pods on the same node before fewer (related: the pods of every
 *       ReplicaSet of the same owner);</li>
 *   <li>both Ready: Ready for less time before more, in powers of two of nanoseconds, the same
 *       power decided by UID;</li>
 *   <li>more container restarts before fewer;</li>
 *   <li>newer before older, in powers of two as for readiness, the same power decided by UID.</li>
 * </ol>
 */
final class PodDeletionOrder {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private PodDeletionOrder() {
    }

    /** The {@code count} pods of {@code pods} to delete first; no ranking when all go. */
    static List<Unstructured> podsToDelete(List<Unstructured> pods, List<Unstructured> relatedPods, int count,
                                           Instant now) {
        if (count >= pods.size()) {
            return List.copyOf(pods);
        }
        Map<String, Integer> activeOnNode = new HashMap<>();
        for (Unstructured pod : relatedPods) {
            if (isActive(pod)) {
                activeOnNode.merge(nodeName(pod), 1, Integer::sum);
            }
        }
        List<Ranked> ranked = new ArrayList<>();
        for (Unstructured pod : pods) {
            ranked.add(new Ranked(pod, activeOnNode.getOrDefault(nodeName(pod), 0)));
        }
        ranked.sort(order(now));
        return ranked.subList(0, count).stream().map(Ranked::pod).toList();
    }

    /** Neither terminated nor being deleted (upstream {@code IsPodActive}). */
    static boolean isActive(Unstructured pod) {
        String phase = pod.at("status.phase").asString("");
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && !pod.isBeingDeleted();
    }

    /** A pod with its rank: the number of active related pods on its node. */
    record Ranked(Unstructured pod, int rank) {
    }

    static Comparator<Ranked> order(Instant now) {
        return (a, b) -> compare(a, b, now);
    }

    private static int compare(Ranked a, Ranked b, Instant now) {
        Unstructured i = a.pod();
        Unstructured j = b.pod();
        String nodeI = nodeName(i);
        String nodeJ = nodeName(j);
        if (!nodeI.equals(nodeJ) && (nodeI.isEmpty() || nodeJ.isEmpty())) {
            return nodeI.isEmpty() ? -1 : 1;
        }
        int phase = Integer.compare(phaseOrdinal(i), phaseOrdinal(j));
        if (phase != 0) {
            return phase;
        }
        boolean readyI = PodConditions.isReady(i);
        boolean readyJ = PodConditions.isReady(j);
        if (readyI != readyJ) {
            return readyI ? 1 : -1;
        }
        int cost = Integer.compare(deletionCost(i), deletionCost(j));
        if (cost != 0) {
            return cost;
        }
        if (a.rank() != b.rank()) {
            return Integer.compare(b.rank(), a.rank());
        }
        if (readyI) {
            Instant readyTimeI = readyTime(i);
            Instant readyTimeJ = readyTime(j);
            if (!Objects.equals(readyTimeI, readyTimeJ)) {
                return newerFirst(i, j, readyTimeI, readyTimeJ, now);
            }
        }
        int restarts = Integer.compare(maxRestarts(j), maxRestarts(i));
        if (restarts != 0) {
            return restarts;
        }
        Instant createdI = JsonFields.time(i.metadata().path("creationTimestamp"));
        Instant createdJ = JsonFields.time(j.metadata().path("creationTimestamp"));
        if (!Objects.equals(createdI, createdJ)) {
            return newerFirst(i, j, createdI, createdJ, now);
        }
        return 0;
    }

    /**
     * Upstream's comparison of two different times: a missing one first, else the later one, in
     * powers of two of the time since (a tie there decided by UID).
     */
    private static int newerFirst(Unstructured i, Unstructured j, Instant timeI, Instant timeJ, Instant now) {
        if (timeI == null || timeJ == null) {
            return timeI == null ? -1 : 1;
        }
        long rankDiff = log2Rank(timeI, now) - log2Rank(timeJ, now);
        if (rankDiff == 0) {
            return i.uid().compareTo(j.uid());
        }
        return rankDiff < 0 ? -1 : 1;
    }

    /** Upstream {@code logarithmicRankDiff}'s rank of one time: log2 of the nanoseconds since, or -1. */
    private static long log2Rank(Instant time, Instant now) {
        long nanos = Duration.between(time, now).toNanos();
        return nanos > 0 ? 63 - Long.numberOfLeadingZeros(nanos) : -1;
    }

    private static int phaseOrdinal(Unstructured pod) {
        return switch (pod.at("status.phase").asString("")) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }

    /** The annotation's int32, 0 when absent or not one (upstream ignores the parse error). */
    static int deletionCost(Unstructured pod) {
        Long cost = GoInt.parse(pod.annotations().getOrDefault(DELETION_COST, ""));
        return cost == null || cost != cost.intValue() ? 0 : cost.intValue();
    }

    private static Instant readyTime(Unstructured pod) {
        JsonNode ready = PodConditions.find(pod.json().path("status"), "Ready");
        return JsonFields.time(ready.path("lastTransitionTime"));
    }

    private static int maxRestarts(Unstructured pod) {
        int max = 0;
        for (JsonNode status : pod.at("status.containerStatuses")) {
            max = Math.max(max, status.path("restartCount").asInt(0));
        }
        return max;
    }

    private static String nodeName(Unstructured pod) {
        return pod.at("spec.nodeName").asString("");
    }
}
