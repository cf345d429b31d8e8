package dev.ordinal.controller;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.machinery.Unstructured;

/**
 * What the controller expects its informer caches to hold before it decides again, after the idea
 * of upstream's ControllerExpectations: the resourceVersion of its own latest write per informer.
 * A sync on a cache that has not seen the controller's last pod creation would create that pod
 * again.
 */
public final class CacheExpectations {

    private final Map<SharedIndexInformer, AtomicLong> expected = new ConcurrentHashMap<>();

    /** Expects {@code informer} to reach {@code resourceVersion}. */
    public void expect(SharedIndexInformer informer, long resourceVersion) {
        expected.computeIfAbsent(informer, i -> new AtomicLong()).accumulateAndGet(resourceVersion, Math::max);
    }

    /** Expects {@code informer} to hold {@code written}, as the registry answered the write. */
    public void expect(SharedIndexInformer informer, Unstructured written) {
        expect(informer, Long.parseLong(written.resourceVersion()));
    }

    /** Whether every informer holds everything expected of it. */
    public boolean satisfied() {
        return expected.entrySet().stream()
                .allMatch(e -> e.getKey().lastSyncResourceVersion() >= e.getValue().get());
    }
}
