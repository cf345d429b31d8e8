package dev.ordinal.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import dev.ordinal.registry.rest.GarbageCollectionPolicy;

/**
 * The finalizers a delete leaves for the garbage collector, as upstream's
 * {@code deletionFinalizersForGarbageCollection}: {@code orphan} to orphan the dependents first,
 * {@code foregroundDeletion} to delete them first. An explicit propagation policy wins over such a
 * finalizer already on the object, which wins over the kind's default policy.
 */
public final class DeletionFinalizers {

    /** Upstream's {@code metav1.FinalizerOrphanDependents}. */
    public static final String ORPHAN = "orphan";
    /** Upstream's {@code metav1.FinalizerDeleteDependents}. */
    public static final String FOREGROUND_DELETION = "foregroundDeletion";

    private DeletionFinalizers() {
    }

    /**
     * The finalizers {@code finalizers} become when the object is deleted with
     * {@code propagationPolicy} (Orphan, Background, Foreground, or "" for none); the same list
     * when nothing changes.
     */
    public static List<String> forDeletion(List<String> finalizers, String propagationPolicy,
                                           GarbageCollectionPolicy defaultPolicy) {
        if (defaultPolicy == GarbageCollectionPolicy.UNSUPPORTED) {
            return finalizers;
        }
        List<String> updated = new ArrayList<>();
        for (String finalizer : finalizers) {
            if (!finalizer.equals(ORPHAN) && !finalizer.equals(FOREGROUND_DELETION)) {
                updated.add(finalizer);
            }
        }
        if (shouldOrphan(finalizers, propagationPolicy, defaultPolicy)) {
            updated.add(ORPHAN);
        }
        if (shouldDeleteDependents(finalizers, propagationPolicy)) {
            updated.add(FOREGROUND_DELETION);
        }
        return new HashSet<>(updated).equals(new HashSet<>(finalizers)) ? finalizers : updated;
    }

    private static boolean shouldOrphan(List<String> finalizers, String propagationPolicy,
                                        GarbageCollectionPolicy defaultPolicy) {
        switch (propagationPolicy) {
            case DeleteOptions.ORPHAN:
                return true;
            case DeleteOptions.BACKGROUND, DeleteOptions.FOREGROUND:
                return false;
            default:
                String present = firstGarbageCollectionFinalizer(finalizers);
                return present.isEmpty() ? defaultPolicy == GarbageCollectionPolicy.ORPHAN_DEPENDENTS
                        : present.equals(ORPHAN);
        }
    }

    private static boolean shouldDeleteDependents(List<String> finalizers, String propagationPolicy) {
        return switch (propagationPolicy) {
            case DeleteOptions.FOREGROUND -> true;
            case DeleteOptions.BACKGROUND, DeleteOptions.ORPHAN -> false;
            default -> firstGarbageCollectionFinalizer(finalizers).equals(FOREGROUND_DELETION);
        };
    }

    private static String firstGarbageCollectionFinalizer(List<String> finalizers) {
        for (String finalizer : finalizers) {
            if (finalizer.equals(ORPHAN) || finalizer.equals(FOREGROUND_DELETION)) {
                return finalizer;
            }
        }
        return "";
    }
}
