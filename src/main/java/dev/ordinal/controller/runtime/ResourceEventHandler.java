package dev.ordinal.controller.runtime;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.ordinal.machinery.Unstructured;

/**
 * Reacts to the changes a {@link SharedIndexInformer} sees, as client-go's ResourceEventHandler:
 * every method is called on the informer's one dispatcher thread, in the order of the changes, and
 * must not block (the usual reaction is queueing a key). Each method does nothing unless
 * overridden, so a handler names only the changes it cares about.
 */
public interface ResourceEventHandler {

    /**
     * An object the cache did not hold. {@code isInInitialList} is true for the objects of the
     * informer's first list, and for the cached objects a handler added late is told about.
     */
    default void onAdd(Unstructured obj, boolean isInInitialList) {
    }

    /**
     * A cached object changed, or was listed again after a relist. A periodic resync hands every
     * cached object over again as {@code onUpdate(obj, obj)}: the very same instance twice.
     */
    default void onUpdate(Unstructured oldObj, Unstructured newObj) {
    }

    /**
     * A cached object is gone. {@code obj} is its final state as the watch saw it (an
     * {@link Unstructured}), or a {@link DeletedFinalStateUnknown} when the deletion happened while
     * no watch ran and a relist found the object missing; {@link DeletedFinalStateUnknown#lastKnown}
     * unwraps either.
     */
    default void onDelete(Object obj) {
    }

    /**
     * A handler that does the same for every add, update and delete, with the object as it is now
     * (the new one of an update, the last known state of a delete), as the many upstream handlers
     * whose three functions all enqueue the object's key.
     */
    static ResourceEventHandler forEveryChange(Consumer<Unstructured> action) {
        return forChangesAndDeletions(action, action);
    }

    /**
     * A handler that keeps something of its own current: {@code changed} with the object as it is
     * now after an add or update, {@code deleted} with the last known state after a delete.
     */
    static ResourceEventHandler forChangesAndDeletions(Consumer<Unstructured> changed,
                                                       Consumer<Unstructured> deleted) {
        return forChanges((current, previous) -> changed.accept(current), deleted);
    }

    /**
     * A handler that looks at what changed: {@code changed} with the object as it is now and as it
     * was before an update (null after an add), {@code deleted} with the last known state.
     */
    static ResourceEventHandler forChanges(BiConsumer<Unstructured, Unstructured> changed,
                                           Consumer<Unstructured> deleted) {
        return new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured obj, boolean isInInitialList) {
                changed.accept(obj, null);
            }

            @Override
            public void onUpdate(Unstructured oldObj, Unstructured newObj) {
                changed.accept(newObj, oldObj);
            }

            @Override
            public void onDelete(Object obj) {
                deleted.accept(DeletedFinalStateUnknown.lastKnown(obj));
            }
        };
    }
}
