package dev.ordinal.machinery;

/**
 * Receives the events of a watch. Called with the store's write lock held, so it must only hand
 * the event over (enqueue), never block or write back.
 */
@FunctionalInterface
public interface WatchListener {

    void onEvent(WatchEvent event);
}
