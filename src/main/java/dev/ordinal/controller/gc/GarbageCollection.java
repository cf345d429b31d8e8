package dev.ordinal.controller.gc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.ordinal.controller.gc.DependencyGraph.Node;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.DeletionFinalizers;

/**
 * The garbage collector's decisions, apart from its writes: upstream's {@code attemptToDeleteItem}
 * and {@code classifyReferences} of {@code pkg/controller/garbagecollector}.
 */
final class GarbageCollection {

    private GarbageCollection() {
    }

    /** What an owner reference points at. */
    enum OwnerState {
        /** The owner exists and is not deleting its dependents. */
        SOLID,
        /** No object of that name and uid exists. */
        DANGLING,
        /** The owner is being deleted in the foreground and waits for its dependents to go. */
        WAITING_FOR_DEPENDENTS_DELETION
    }

    record ClassifiedOwner(OwnerReference reference, OwnerState state) {
    }

    /** What to do with an object that has owners. */
    sealed interface Decision permits Keep, RemoveOwnerReferences, Delete {
    }

    record Keep() implements Decision {
    }

    /** Drop the references to these owner uids; the object stays for its remaining owners. */
    record RemoveOwnerReferences(Set<String> ownerUids) implements Decision {
    }

    /**
     * Delete the object with this propagation policy; first make its own owner references
     * non-blocking when that could close a cycle of foreground deletions.
     */
    record Delete(String propagationPolicy, boolean unblockOwnerReferences) implements Decision {
    }

    /** Classifies a reference by the object found under the owner's name, if any. */
    static OwnerState classify(OwnerReference reference, Optional<Unstructured> owner) {
        if (owner.isEmpty() || !owner.get().uid().equals(reference.uid())) {
            return OwnerState.DANGLING;
        }
        return deletingDependents(owner.get()) ? OwnerState.WAITING_FOR_DEPENDENTS_DELETION : OwnerState.SOLID;
    }

    /**
     * Decides about an object that is not being deleted, from its classified owners and its own
     * dependents: kept while one owner is solid (dropping references to owners that are gone or
     * waiting), deleted in the foreground when an owner waits and it has dependents of its own,
     * deleted as its finalizers ask (Background otherwise) when no owner is left.
     */
    static Decision attemptToDelete(Unstructured item, List<ClassifiedOwner> owners, List<Node> dependents) {
        if (owners.isEmpty()) {
            return new Keep();
        }
        Set<String> solid = uidsIn(owners, OwnerState.SOLID);
        Set<String> dangling = uidsIn(owners, OwnerState.DANGLING);
        Set<String> waiting = uidsIn(owners, OwnerState.WAITING_FOR_DEPENDENTS_DELETION);
        if (!solid.isEmpty()) {
            if (dangling.isEmpty() && waiting.isEmpty()) {
                return new Keep();
            }
            // References to waiting owners go too, or those owners would wait for this object forever.
            Set<String> dropped = new LinkedHashSet<>(dangling);
            dropped.addAll(waiting);
            return new RemoveOwnerReferences(dropped);
        }
        if (!waiting.isEmpty() && !dependents.isEmpty()) {
            boolean cycle = dependents.stream().anyMatch(Node::deletingDependents);
            return new Delete(DeleteOptions.FOREGROUND, cycle);
        }
        List<String> finalizers = item.finalizers();
        if (finalizers.contains(DeletionFinalizers.ORPHAN)) {
            return new Delete(DeleteOptions.ORPHAN, false);
        }
        if (finalizers.contains(DeletionFinalizers.FOREGROUND_DELETION)) {
            return new Delete(DeleteOptions.FOREGROUND, false);
        }
        return new Delete(DeleteOptions.BACKGROUND, false);
    }

    /** The dependents an owner deleted in the foreground still waits for. */
    static List<Node> blockingDependents(String ownerUid, List<Node> dependents) {
        return dependents.stream().filter(dependent -> dependent.blocks(ownerUid)).toList();
    }

    /** Being deleted in the foreground: waiting for the dependents to go first. */
    static boolean deletingDependents(Unstructured object) {
        return object.isBeingDeleted() && object.finalizers().contains(DeletionFinalizers.FOREGROUND_DELETION);
    }

    /** Being deleted with the orphan finalizer: the dependents lose their reference first. */
    static boolean orphaningDependents(Unstructured object) {
        return object.isBeingDeleted() && object.finalizers().contains(DeletionFinalizers.ORPHAN);
    }

    private static Set<String> uidsIn(List<ClassifiedOwner> owners, OwnerState state) {
        Set<String> uids = new LinkedHashSet<>();
        owners.stream().filter(owner -> owner.state() == state).forEach(owner -> uids.add(owner.reference().uid()));
        return uids;
    }
}
