package dev.ordinal.controller.runtime;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.machinery.WatchListener;

/**
 * Lists and watches one resource and hands what it sees to its informer as {@link Delta}s, as
 * client-go's reflector: when the watch ends it lists and watches again, and the new list replaces
 * the cache, so deletions missed meanwhile surface as tombstones. Each list-and-watch is numbered;
 * deltas of a watch that was replaced are stale. Runs on its informer's dispatcher thread.
 */
final class Reflector {

    private static final Logger log = LoggerFactory.getLogger(Reflector.class);
    /** client-go's reflector backs off from 800 ms to 30 s while listing fails. */
    private static final long INITIAL_BACKOFF_MILLIS = 800;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final Runnable NO_WATCH = () -> {
    };

    private final String name;
    private final ListerWatcher listerWatcher;
    private final Consumer<Delta> deltas;
    private volatile int watch;
    private Runnable stopWatch = NO_WATCH;

    Reflector(String name, ListerWatcher listerWatcher, Consumer<Delta> deltas) {
        this.name = name;
        this.listerWatcher = listerWatcher;
        this.deltas = deltas;
    }

    /**
     * Stops the current watch and lists and watches anew, retrying with backoff while that fails,
     * until it succeeds or {@code stopped} holds (client-go's ListAndWatch under BackoffUntil).
     */
    void listAndWatch(BooleanSupplier stopped) throws InterruptedException {
        long backoff = INITIAL_BACKOFF_MILLIS;
        while (!stopped.getAsBoolean()) {
            try {
                restart();
                return;
            } catch (RuntimeException e) {
                log.warn("{}: list and watch failed, retrying in {} ms", name, backoff, e);
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private synchronized void restart() {
        stopWatch.run();
        stopWatch = NO_WATCH;
        int current = ++watch;
        stopWatch = listerWatcher.listAndWatch(
                (items, resourceVersion) -> deltas.accept(new Delta.Listed(current, items, resourceVersion)),
                new WatchListener() {
                    @Override
                    public void onEvent(WatchEvent event) {
                        deltas.accept(new Delta.Changed(current, event));
                    }

                    @Override
                    public void onClose() {
                        deltas.accept(new Delta.WatchEnded(current));
                    }
                });
    }

    /** Whether a delta of this watch is current, not left over from a watch since replaced. */
    boolean isCurrent(int watch) {
        return watch == this.watch;
    }

    /**
     * Stops the watch as if it had broken: whatever it would have sent is lost, and the informer
     * lists again. Lets a test see a relist find deletions it never heard of.
     */
    synchronized void dropWatch() {
        stopWatch.run();
        stopWatch = NO_WATCH;
        deltas.accept(new Delta.WatchEnded(watch));
    }

    synchronized void stop() {
        stopWatch.run();
        stopWatch = NO_WATCH;
    }
}
