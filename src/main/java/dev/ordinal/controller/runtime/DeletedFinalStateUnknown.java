package dev.ordinal.controller.runtime;

import dev.ordinal.machinery.Unstructured;

/**
 * The tombstone of an object deleted while the informer was not watching, as client-go's
 * DeletedFinalStateUnknown: a relist no longer found it, so its final state is unknown and
 * {@code obj} is the last state the cache held. {@code key} is its cache key.
 */
public record DeletedFinalStateUnknown(String key, Unstructured obj) {

    /**
     * The object an {@link ResourceEventHandler#onDelete} got, unwrapped from its tombstone if it
     * came in one (what upstream handlers do with a type switch on the deleted object).
     */
    public static Unstructured lastKnown(Object deleted) {
        if (deleted instanceof DeletedFinalStateUnknown tombstone) {
            return tombstone.obj();
        }
        return (Unstructured) deleted;
    }
}
