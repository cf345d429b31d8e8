package dev.ordinal.controller.runtime;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A queue of object keys, as client-go's workqueue: a key queued while waiting is queued once, and
 * a key being processed is not processed twice at once (it is queued again after). Keys can be
 * queued after a delay, for requeues with backoff and for timed work.
 */
public final class WorkQueue {

    private final Set<String> waiting = new LinkedHashSet<>();
    private final Set<String> processing = new java.util.HashSet<>();
    private final Set<String> dirtyWhileProcessing = new java.util.HashSet<>();
    private final ScheduledExecutorService timers;
    private boolean shutDown;

    public WorkQueue(String name) {
        this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-delays");
            thread.setDaemon(true);
            return thread;
        });
    }

    public synchronized void add(String key) {
        if (shutDown) {
            return;
        }
        if (processing.contains(key)) {
            dirtyWhileProcessing.add(key);
            return;
        }
        if (waiting.add(key)) {
            notifyAll();
        }
    }

    /** Queues a key after a delay; nothing once shut down, as client-go's delaying queue. */
    public synchronized void addAfter(String key, long delayMillis) {
        if (shutDown) {
            return;
        }
        if (delayMillis <= 0) {
            add(key);
        } else {
            timers.schedule(() -> add(key), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Blocks for the next key; null once shut down. */
    public synchronized String take() throws InterruptedException {
        while (waiting.isEmpty() && !shutDown) {
            wait();
        }
        if (shutDown) {
            return null;
        }
        String key = waiting.iterator().next();
        waiting.remove(key);
        processing.add(key);
        return key;
    }

    /** Marks a key processed; one queued again meanwhile becomes waiting. */
    public synchronized void done(String key) {
        processing.remove(key);
        if (dirtyWhileProcessing.remove(key)) {
            waiting.add(key);
            notifyAll();
        }
    }

    public synchronized int length() {
        return waiting.size();
    }

    /** Whether {@link #shutDown} was called (client-go's ShuttingDown). */
    public synchronized boolean shuttingDown() {
        return shutDown;
    }

    public synchronized void shutDown() {
        shutDown = true;
        timers.shutdownNow();
        notifyAll();
    }
}
