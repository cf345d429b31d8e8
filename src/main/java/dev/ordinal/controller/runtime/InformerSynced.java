package dev.ordinal.controller.runtime;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether a cache, or a handler, has been told of everything the informer's first list held, as
 * client-go's InformerSynced.
 */
@FunctionalInterface
public interface InformerSynced {

    /**
     * How often {@link #waitForCacheSync} looks again: more often than client-go's 100 ms, since
     * every controller waits on it at start-up and the caches of an in-process store sync at once.
     */
    long POLL_MILLIS = 10;

    boolean hasSynced();

    /**
     * Waits until every one has synced, or until {@code stopped} holds, as client-go's
     * cache.WaitForCacheSync; answers whether they all synced.
     */
    static boolean waitForCacheSync(BooleanSupplier stopped, List<? extends InformerSynced> synced)
            throws InterruptedException {
        while (!synced.stream().allMatch(InformerSynced::hasSynced)) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
