package dev.ordinal.controller.runtime;

/** Brings one object (by key) to its desired state; the controller's algorithm. */
@FunctionalInterface
public interface Reconciler {

    /**
     * Reconciles {@code key}. Returns how long to wait before looking again, in milliseconds,
     * or 0 when nothing is pending; throwing requeues the key with backoff.
     */
    long reconcile(String key) throws Exception;
}
