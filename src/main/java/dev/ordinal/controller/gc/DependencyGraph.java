package dev.ordinal.controller.gc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every object the collector watches, by uid, with an index of dependents by owner uid: the
 * counterpart of upstream's GraphBuilder {@code uidToNode}. Owners are indexed by uid only, so a
 * dependent whose owner is gone still shows up under the owner's uid until it goes too.
 */
final class DependencyGraph {

    /** An object as the graph knows it. */
    record Node(ObjectRef ref, String uid, List<OwnerReference> owners, boolean deletingDependents) {

        /** Whether this object's reference to {@code ownerUid} holds back the owner's foreground deletion. */
        boolean blocks(String ownerUid) {
            return owners.stream().anyMatch(owner -> owner.uid().equals(ownerUid) && owner.blockOwnerDeletion());
        }
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Set<String>> dependents = new HashMap<>();

    /** Records the latest state of an object; answers the state it replaces, if any. */
    synchronized Optional<Node> put(Node node) {
        Optional<Node> previous = remove(node.uid());
        nodes.put(node.uid(), node);
        for (OwnerReference owner : node.owners()) {
            dependents.computeIfAbsent(owner.uid(), uid -> new HashSet<>()).add(node.uid());
        }
        return previous;
    }

    synchronized Optional<Node> remove(String uid) {
        Node node = nodes.remove(uid);
        if (node == null) {
            return Optional.empty();
        }
        for (OwnerReference owner : node.owners()) {
            Set<String> of = dependents.get(owner.uid());
            if (of != null && of.remove(uid) && of.isEmpty()) {
                dependents.remove(owner.uid());
            }
        }
        return Optional.of(node);
    }

    synchronized Optional<Node> node(String uid) {
        return Optional.ofNullable(nodes.get(uid));
    }

    /** The objects whose ownerReferences name {@code ownerUid}. */
    synchronized List<Node> dependents(String ownerUid) {
        List<Node> found = new ArrayList<>();
        for (String uid : dependents.getOrDefault(ownerUid, Set.of())) {
            found.add(nodes.get(uid));
        }
        return found;
    }
}
