package dev.ordinal.controller.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reconciler over a work queue on worker threads, as client-go controllers' processNextWorkItem
 * loops do: errors requeue the key with exponential backoff (5 ms doubling to 30 s) and are counted
 * ({@link #FAILURES}); no failure of one key ends a worker. A loop started on informers' handlers
 * reports its workers to liveness with those informers.
 */
public final class ControllerLoop {

    /** Failed reconciles, by controller: ordinal.controller.failures{controller="statefulset"}. */
    public static final String FAILURES = "ordinal.controller.failures";

    private static final Logger log = LoggerFactory.getLogger(ControllerLoop.class);
    private static final long BASE_BACKOFF_MILLIS = 5;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    /** How long stopping waits for reconciles in progress. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final WorkQueue queue;
    private final Reconciler reconciler;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Thread[] workers;

    public ControllerLoop(String name, WorkQueue queue, Reconciler reconciler, int workers) {
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
        this.workers = new Thread[workers];
    }

    /**
     * Starts the workers; each first waits for {@code caches} to sync, as client-go controllers'
     * Run waits with WaitForCacheSync before starting theirs: a reconcile on a cache without the
     * whole initial list would take objects that are there for missing. Keys queued meanwhile wait.
     */
    public void start(InformerSynced... caches) {
        List<InformerSynced> synced = List.of(caches);
        for (InformerSynced cache : caches) {
            if (cache instanceof ResourceEventHandlerRegistration registration) {
                registration.informer().addLoop(this);
            } else if (cache instanceof SharedIndexInformer informer) {
                informer.addLoop(this);
            }
        }
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(() -> work(synced), name + "-worker-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /**
     * Shuts the queue down and waits for the workers to finish the keys in hand, as client-go's
     * workers return only between items. A worker is never interrupted: an interrupt in the middle
     * of a write closes the database file's channel under every other writer.
     */
    public void stop() {
        queue.shutDown();
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            for (Thread worker : workers) {
                if (worker != null) {
                    worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The workers that ended although the loop was not stopped, by thread name. */
    List<String> deadWorkers() {
        if (queue.shuttingDown()) {
            return List.of();
        }
        return Arrays.stream(workers).filter(worker -> worker != null && !worker.isAlive())
                .map(Thread::getName).toList();
    }

    private void work(List<InformerSynced> caches) {
        try {
            if (!InformerSynced.waitForCacheSync(queue::shuttingDown, caches)) {
                return;
            }
            String key;
            while ((key = queue.take()) != null) {
                process(key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(String key) {
        try {
            long after = reconciler.reconcile(key);
            failures.remove(key);
            queue.done(key);
            if (after > 0) {
                queue.addAfter(key, after);
            }
        } catch (Exception | StackOverflowError e) {
            Metrics.counter(FAILURES, "controller", name).increment();
            int attempt = failures.merge(key, 1, Integer::sum);
            long backoff = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt, 20));
            log.debug("{}: reconciling {} failed (attempt {}), retrying in {} ms", name, key, attempt, backoff, e);
            queue.done(key);
            queue.addAfter(key, backoff);
        }
    }
}
