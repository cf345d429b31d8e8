package dev.ordinal.controller.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.ordinal.machinery.Unstructured;

/**
 * What each node holds, kept up to date from the informers' events rather than summed again from
 * every pod for each pod placed (upstream's scheduler cache, pkg/scheduler/backend/cache): the
 * nodes, the pods bound to them, and assumed pods, which this scheduler has placed but the
 * informer has yet to show bound, counted on their node meanwhile. Pods are known by UID. A
 * snapshot works out again only the nodes that changed since the one before.
 */
final class SchedulerCache {

    /** By name, so snapshots list nodes in name order. */
    private final Map<String, NodeState> nodes = new TreeMap<>();
    /** Where each pod is counted, by UID. */
    private final Map<String, PodState> pods = new HashMap<>();

    private record PodState(String node, boolean assumed) {
    }

    /** One node and its pods; the node is null while only pods name it (not yet added, or removed). */
    private static final class NodeState {
        private Unstructured node;
        private final Map<String, PodInfo> pods = new LinkedHashMap<>();
        /** The node as the last snapshot showed it; null once it changed. */
        private NodeInfo info;
    }

    synchronized void addOrUpdateNode(Unstructured node) {
        NodeState state = nodes.computeIfAbsent(node.name(), name -> new NodeState());
        state.node = node;
        state.info = null;
    }

    /** A removed node is no longer offered; its pods stay counted until they go (upstream RemoveNode). */
    synchronized void removeNode(String name) {
        NodeState state = nodes.get(name);
        if (state != null) {
            state.node = null;
            state.info = null;
            dropIfEmpty(name, state);
        }
    }

    /**
     * Counts a pod as the informer shows it bound; an assumed pod is confirmed, on the node the
     * informer names should that differ (upstream AddPod and UpdatePod).
     */
    synchronized void addOrUpdatePod(Unstructured pod) {
        place(pod, SchedulingEvents.nodeName(pod), false);
    }

    /** Stops counting a pod: it is gone, or finished and holds nothing any more (upstream RemovePod). */
    synchronized void removePod(Unstructured pod) {
        PodState state = pods.remove(pod.uid());
        if (state != null) {
            unplace(pod.uid(), state.node());
        }
    }

    /** Counts a pod on the node it is being bound to, before the binding shows (upstream AssumePod). */
    synchronized void assumePod(Unstructured pod, String node) {
        if (pods.containsKey(pod.uid())) {
            throw new IllegalStateException("pod " + pod.namespace() + "/" + pod.name() + " (" + pod.uid()
                    + ") is in the cache, so can't be assumed");
        }
        place(pod, node, true);
    }

    /** Undoes an assumption whose binding failed (upstream ForgetPod); a confirmed pod stays. */
    synchronized void forgetPod(Unstructured pod) {
        PodState state = pods.get(pod.uid());
        if (state != null && state.assumed()) {
            pods.remove(pod.uid());
            unplace(pod.uid(), state.node());
        }
    }

    /** Whether the pod was placed by this scheduler and is not yet seen bound; such a pod is not scheduled again. */
    synchronized boolean isAssumed(Unstructured pod) {
        return assumedNode(pod).isPresent();
    }

    /** The node the pod is assumed on, while it is. */
    synchronized Optional<String> assumedNode(Unstructured pod) {
        PodState state = pods.get(pod.uid());
        return state != null && state.assumed() ? Optional.of(state.node()) : Optional.empty();
    }

    /** The nodes there are, by name, with what they hold now. */
    synchronized List<NodeInfo> snapshot() {
        List<NodeInfo> snapshot = new ArrayList<>(nodes.size());
        for (NodeState state : nodes.values()) {
            if (state.node == null) {
                continue;
            }
            if (state.info == null) {
                state.info = NodeInfo.ofPods(state.node, state.pods.values());
            }
            snapshot.add(state.info);
        }
        return snapshot;
    }

    private void place(Unstructured pod, String node, boolean assumed) {
        PodState previous = pods.put(pod.uid(), new PodState(node, assumed));
        if (previous != null) {
            unplace(pod.uid(), previous.node());
        }
        NodeState state = nodes.computeIfAbsent(node, name -> new NodeState());
        state.pods.put(pod.uid(), PodInfo.of(pod));
        state.info = null;
    }

    private void unplace(String uid, String node) {
        NodeState state = nodes.get(node);
        if (state != null && state.pods.remove(uid) != null) {
            state.info = null;
            dropIfEmpty(node, state);
        }
    }

    private void dropIfEmpty(String name, NodeState state) {
        if (state.node == null && state.pods.isEmpty()) {
            nodes.remove(name);
        }
    }
}
