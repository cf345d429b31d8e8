package dev.ordinal.registry.watch;

/**
 * Where a registry watch delivers its events, upstream's result channel of a
 * {@code watch.Interface}. Called with the store's write lock held, in resourceVersion order: it
 * must only hand the event over, never block or write back.
 */
@FunctionalInterface
public interface EventSink {

    void send(Event event);
}
