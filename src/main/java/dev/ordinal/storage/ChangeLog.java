package dev.ordinal.storage;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.machinery.WatchListener;

/**
 * The recent changes in memory, and the watches that follow them: the counterpart of upstream's
 * watch cache. It holds the same window as the persisted change log, so a watch from any
 * resourceVersion in that window replays from memory; older ones are expired. Not thread-safe on
 * its own: {@link IndexedObjectStore} calls it with its write lock held.
 */
final class ChangeLog {

    private final int capacity;
    private final ArrayDeque<WatchEvent> recent = new ArrayDeque<>();
    private final List<Registration> watches = new CopyOnWriteArrayList<>();
    /** Every change at or below this revision has left the window. */
    private long compactedRevision;

    ChangeLog(int capacity, long compactedRevision) {
        this.capacity = capacity;
        this.compactedRevision = compactedRevision;
    }

    void append(WatchEvent event) {
        recent.addLast(event);
        while (recent.size() > capacity) {
            compactedRevision = recent.removeFirst().resourceVersion();
        }
        for (Registration watch : watches) {
            if (watch.wants(event)) {
                watch.listener.onEvent(event);
            }
        }
    }

    long compactedRevision() {
        return compactedRevision;
    }

    /** Replays the retained changes after {@code revision} to the listener, then follows new ones. */
    Registration watch(GroupResource resource, String namespace, long revision, WatchListener listener) {
        if (revision < compactedRevision) {
            throw new ResourceVersionExpiredException(revision, compactedRevision);
        }
        Registration registration = new Registration(resource, namespace, listener);
        Iterator<WatchEvent> it = recent.descendingIterator();
        ArrayDeque<WatchEvent> replay = new ArrayDeque<>();
        while (it.hasNext()) {
            WatchEvent event = it.next();
            if (event.resourceVersion() <= revision) {
                break;
            }
            if (registration.wants(event)) {
                replay.addFirst(event);
            }
        }
        replay.forEach(listener::onEvent);
        watches.add(registration);
        return registration;
    }

    /** Follows new changes only. */
    Registration follow(GroupResource resource, String namespace, WatchListener listener) {
        Registration registration = new Registration(resource, namespace, listener);
        watches.add(registration);
        return registration;
    }

    /**
     * Forgets every change up to {@code revision} and closes every watch, telling its listener: a
     * watch cannot go on across a reset, as one cannot across an etcd compaction of what it has
     * not seen yet.
     */
    void reset(long revision) {
        recent.clear();
        compactedRevision = revision;
        List<Registration> closed = List.copyOf(watches);
        watches.clear();
        closed.forEach(watch -> watch.listener.onClose());
    }

    void cancel(Registration registration) {
        watches.remove(registration);
    }

    int watchCount() {
        return watches.size();
    }

    /** A watch on one resource, in one namespace or (null) in all. */
    static final class Registration {
        private final GroupResource resource;
        private final String namespace;
        private final WatchListener listener;

        private Registration(GroupResource resource, String namespace, WatchListener listener) {
            this.resource = resource;
            this.namespace = namespace;
            this.listener = listener;
        }

        private boolean wants(WatchEvent event) {
            return event.resource().equals(resource) && (namespace == null || namespace.equals(event.namespace()));
        }
    }
}
