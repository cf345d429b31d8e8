package dev.ordinal.controller.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * Upstream {@code rollingUpdate} (pkg/controller/daemon/update.go), decided without side effects.
 * Without surge, old pods are deleted while at most maxUnavailable nodes lack an available pod,
 * and the manage loop recreates them from the current template; old pods that are not available
 * go regardless. With surge, a new pod starts beside the old one on at most maxSurge nodes at a
 * time (at once where the old one is not available), and the old one goes once the new one is.
 * Pods being deleted count for nothing, so an update moves on while nodes are down.
 */
final class RollingUpdate {

    private RollingUpdate() {
    }

    /**
     * @param nodeToPods the set's pods by the node they are meant for; pods being deleted that are
     *                   also terminal are left out
     */
    static PodPlan plan(Unstructured daemonSet, List<Unstructured> nodes, Map<String, List<Unstructured>> nodeToPods,
                        String hash, Instant now) {
        Map<String, List<Unstructured>> byNode = new LinkedHashMap<>(nodeToPods);
        Map<String, NodeFit> fits = new LinkedHashMap<>();
        int desired = 0;
        for (Unstructured node : nodes) {
            NodeFit fit = NodeFit.of(daemonSet, node);
            fits.put(node.name(), fit);
            if (fit.shouldRun()) {
                desired++;
                byNode.putIfAbsent(node.name(), List.of());
            }
        }
        UpdateBudget budget = UpdateBudget.of(daemonSet, desired);
        Facts facts = new Facts(daemonSet, hash, now);
        return budget.maxSurge() == 0 ? withoutSurge(byNode, facts, budget.maxUnavailable())
                : withSurge(byNode, fits, facts, budget.maxSurge(), desired);
    }

    private static PodPlan withoutSurge(Map<String, List<Unstructured>> byNode, Facts facts, int maxUnavailable) {
        int unavailable = 0;
        List<Unstructured> replacements = new ArrayList<>();
        List<Unstructured> candidates = new ArrayList<>();
        for (List<Unstructured> pods : byNode.values()) {
            NewAndOld found = facts.newAndOld(pods);
            if (found == null || found.newPod() == null == (found.oldPod() == null)) {
                // Excess pods, no pod or both: the manage loop sees to this node, which counts as unavailable.
                unavailable++;
            } else if (found.newPod() != null) {
                if (!facts.isAvailable(found.newPod())) {
                    unavailable++;
                }
            } else if (!facts.isAvailable(found.oldPod())) {
                replacements.add(found.oldPod());
                unavailable++;
            } else if (unavailable < maxUnavailable) {
                candidates.add(found.oldPod());
            }
        }
        int remaining = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.size()));
        List<Unstructured> delete = new ArrayList<>(replacements);
        delete.addAll(candidates.subList(0, remaining));
        return PodPlan.of(List.of(), delete);
    }

    private static PodPlan withSurge(Map<String, List<Unstructured>> byNode, Map<String, NodeFit> fits, Facts facts,
                                     int maxSurge, int desired) {
        List<Unstructured> delete = new ArrayList<>();
        List<Unstructured> shouldNotRun = new ArrayList<>();
        List<String> allowedNewNodes = new ArrayList<>();
        List<String> candidateNewNodes = new ArrayList<>();
        int surged = 0;
        int available = 0;
        for (Map.Entry<String, List<Unstructured>> entry : byNode.entrySet()) {
            String nodeName = entry.getKey();
            NewAndOld found = facts.newAndOld(entry.getValue());
            if (found == null) {
                // Excess pods: the manage loop prunes them; the node counts as surged.
                surged++;
                continue;
            }
            Unstructured newPod = found.newPod();
            Unstructured oldPod = found.oldPod();
            if (oldPod != null ? facts.isAvailable(oldPod) : newPod != null && facts.isAvailable(newPod)) {
                available++;
            }
            if (oldPod == null) {
                continue;
            }
            boolean shouldRun = fits.getOrDefault(nodeName, new NodeFit(false, false)).shouldRun();
            if (newPod == null && !facts.isAvailable(oldPod)) {
                if (shouldRun) {
                    allowedNewNodes.add(nodeName);
                } else {
                    delete.add(oldPod);
                }
            } else if (newPod == null) {
                if (!shouldRun) {
                    shouldNotRun.add(oldPod);
                } else if (surged < maxSurge) {
                    candidateNewNodes.add(nodeName);
                }
            } else if (!facts.isAvailable(newPod)) {
                surged++;
            } else {
                delete.add(oldPod);
            }
        }
        // With surge the owner expects every node served: a pod on a node that no longer qualifies
        // goes only once as many pods are available elsewhere.
        int deletable = Math.min(available - desired, shouldNotRun.size());
        for (int i = 0; i < deletable; i++) {
            delete.add(shouldNotRun.get(i));
        }
        int remaining = Math.max(0, Math.min(maxSurge - surged, candidateNewNodes.size()));
        List<String> create = new ArrayList<>(allowedNewNodes);
        create.addAll(candidateNewNodes.subList(0, remaining));
        return PodPlan.of(create, delete);
    }

    /** A node's one new and one old pod not being deleted, either possibly null. */
    private record NewAndOld(Unstructured newPod, Unstructured oldPod) {
    }

    /** What the update needs to know of the set to judge a pod. */
    private record Facts(String hash, Long generation, int minReadySeconds, Instant now) {

        Facts(Unstructured daemonSet, String hash, Instant now) {
            this(hash, DaemonPods.templateGeneration(daemonSet), daemonSet.at("spec.minReadySeconds").asInt(0), now);
        }

        boolean isAvailable(Unstructured pod) {
            return PodConditions.isAvailable(pod, minReadySeconds, now);
        }

        /** Upstream {@code findUpdatedPodsOnNode}: null when the node has more than one new or old pod. */
        NewAndOld newAndOld(List<Unstructured> pods) {
            Unstructured newPod = null;
            Unstructured oldPod = null;
            for (Unstructured pod : pods) {
                if (pod.isBeingDeleted()) {
                    continue;
                }
                if (DaemonPods.isUpdated(pod, hash, generation)) {
                    if (newPod != null) {
                        return null;
                    }
                    newPod = pod;
                } else {
                    if (oldPod != null) {
                        return null;
                    }
                    oldPod = pod;
                }
            }
            return new NewAndOld(newPod, oldPod);
        }
    }
}
