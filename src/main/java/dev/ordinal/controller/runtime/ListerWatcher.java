package dev.ordinal.controller.runtime;

import java.util.List;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchListener;

/**
 * Where a {@link Reflector} lists and watches one resource, as client-go's ListerWatcher: the
 * factory builds one on the store, tests pass their own.
 */
@FunctionalInterface
interface ListerWatcher {

    /**
     * Lists the current objects and follows every later change, atomically, so that no change is
     * missed or seen twice: {@code listed} gets the objects and the resourceVersion they are current
     * at, then {@code listener} every later change. Both are called under the source's lock and
     * must only hand over. Answers what stops the watch.
     */
    Runnable listAndWatch(Listed listed, WatchListener listener);

    /** Receives a list. */
    @FunctionalInterface
    interface Listed {
        void accept(List<Unstructured> items, long resourceVersion);
    }
}
