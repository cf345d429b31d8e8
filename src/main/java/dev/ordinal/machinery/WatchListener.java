package dev.ordinal.machinery;

/**
 * Receives the events of a watch. Called with the store's write lock held, so it must only hand
 * the event over (enqueue), never block or write back.
 */
@FunctionalInterface
public interface WatchListener {

    void onEvent(WatchEvent event);

    /**
     * The watch ended from the store's side and sends nothing more (a server reset, say, closes
     * every watch as a 410 would); the watcher lists again to catch up, as client-go's reflector
     * does when its watch channel closes. Same rules as {@link #onEvent}: only hand it over.
     */
    default void onClose() {
    }
}
