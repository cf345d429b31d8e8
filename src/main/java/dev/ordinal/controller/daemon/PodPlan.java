package dev.ordinal.controller.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * What one sync of a DaemonSet is to do with its pods, decided without side effects: the nodes
 * that need a new pod, the pods to delete, and the terminal pods found on nodes where a pod should
 * keep running (which the controller deletes, the failed ones with a backoff per node).
 */
record PodPlan(List<String> nodesNeedingPods, List<Unstructured> podsToDelete, List<Unstructured> failedPods,
               List<Unstructured> succeededPods) {

    static PodPlan of(List<String> nodesNeedingPods, List<Unstructured> podsToDelete) {
        return new PodPlan(nodesNeedingPods, podsToDelete, List.of(), List.of());
    }

    boolean isEmpty() {
        return nodesNeedingPods.isEmpty() && podsToDelete.isEmpty() && failedPods.isEmpty() && succeededPods.isEmpty();
    }

    /**
     * Upstream {@code manage} with {@code podsShouldBeOnNode} for every node: a node that should
     * run the pod and has none needs one; on a node where pods may keep running, terminal pods go,
     * and of the running ones only the oldest stays (or, while surging, the oldest new and the
     * oldest old one, the old one until the new one is available); on a node where they may not,
     * every pod goes. Unscheduled pods meant for nodes that no longer exist go too.
     *
     * @param nodeToPods the set's pods by the node they are meant for; pods being deleted that are
     *                   also terminal are left out
     */
    static PodPlan manage(Unstructured daemonSet, List<Unstructured> nodes, Map<String, List<Unstructured>> nodeToPods,
                          String hash, Instant now) {
        List<String> create = new ArrayList<>();
        List<Unstructured> delete = new ArrayList<>();
        List<Unstructured> failed = new ArrayList<>();
        List<Unstructured> succeeded = new ArrayList<>();
        boolean surge = UpdateBudget.allowsSurge(daemonSet);
        int minReadySeconds = daemonSet.at("spec.minReadySeconds").asInt(0);
        for (Unstructured node : nodes) {
            NodeFit fit = NodeFit.of(daemonSet, node);
            List<Unstructured> pods = nodeToPods.get(node.name());
            if (fit.shouldRun() && pods == null) {
                create.add(node.name());
            } else if (fit.shouldContinueRunning()) {
                List<Unstructured> running = new ArrayList<>();
                for (Unstructured pod : pods == null ? List.<Unstructured>of() : pods) {
                    if (pod.isBeingDeleted()) {
                        continue;
                    }
                    switch (pod.at("status.phase").asString("")) {
                        case "Failed" -> failed.add(pod);
                        case "Succeeded" -> succeeded.add(pod);
                        default -> running.add(pod);
                    }
                }
                running.sort(DaemonPods.OLDEST_FIRST);
                if (!surge) {
                    delete.addAll(running.subList(Math.min(1, running.size()), running.size()));
                } else if (running.isEmpty() && fit.shouldRun()) {
                    // A sync that raced with the pods' own deletion: the node needs one again.
                    create.add(node.name());
                } else if (running.size() > 1) {
                    delete.addAll(surplusWhileSurging(running, hash, minReadySeconds, now));
                }
            } else if (pods != null) {
                pods.stream().filter(pod -> !pod.isBeingDeleted()).forEach(delete::add);
            }
        }
        Set<String> existing = nodes.stream().map(Unstructured::name).collect(Collectors.toSet());
        nodeToPods.forEach((nodeName, pods) -> {
            if (!existing.contains(nodeName)) {
                pods.stream().filter(pod -> DaemonPods.nodeName(pod).isEmpty()).forEach(delete::add);
            }
        });
        return new PodPlan(create, delete, failed, succeeded);
    }

    /**
     * While surging a node keeps its oldest pod of the current revision and its oldest older pod;
     * the older one goes once it is not ready or the new one is available.
     *
     * @param running the node's running pods, oldest first
     */
    private static List<Unstructured> surplusWhileSurging(List<Unstructured> running, String hash, int minReadySeconds,
                                                          Instant now) {
        List<Unstructured> surplus = new ArrayList<>();
        Unstructured oldestNew = null;
        Unstructured oldestOld = null;
        for (Unstructured pod : running) {
            if (hash.equals(pod.labels().get(DaemonPods.HASH_LABEL))) {
                if (oldestNew == null) {
                    oldestNew = pod;
                    continue;
                }
            } else if (oldestOld == null) {
                oldestOld = pod;
                continue;
            }
            surplus.add(pod);
        }
        if (oldestNew != null && oldestOld != null && (!PodConditions.isReady(oldestOld)
                || PodConditions.isAvailable(oldestNew, minReadySeconds, now))) {
            surplus.add(oldestOld);
        }
        return surplus;
    }
}
