package dev.ordinal.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.machinery.WatchListener;

/**
 * What both stores share: the committed objects in memory, the change log and its watches, and the
 * write lock. A store differs only in what it does with a commit ({@link #persist}) and what it
 * starts from ({@link Restored}).
 *
 * <p>Each write runs under the lock: it takes the next global resourceVersion, persists the object
 * and its change-log entry, and only then updates the in-memory state and tells the watches. So
 * resourceVersions strictly increase in commit order, a write that failed to persist changes
 * nothing, and every watch sees changes in resourceVersion order. Reads are served from memory
 * without the lock.
 */
abstract class IndexedObjectStore implements ObjectStore {

    private final JsonMapper mapper;
    private final boolean mutationDetector;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Orders the snapshot operations among themselves; a restore takes the write lock within it. */
    private final Object snapshotLock = new Object();
    private final Map<GroupResource, NavigableMap<String, StoredObject>> objects = new ConcurrentHashMap<>();
    private final ChangeLog changeLog;
    private volatile long revision;

    protected IndexedObjectStore(JsonMapper mapper, StorageProperties properties, Restored restored) {
        this.mapper = mapper;
        this.mutationDetector = properties.mutationDetector();
        restored.objects().forEach((resource, bodies) -> bodies.forEach(json -> {
            Unstructured object = parse(json);
            index(resource).put(key(object.namespace(), object.name()), new StoredObject(object, json));
        }));
        List<Change> changes = restored.changes();
        long compacted = changes.isEmpty() ? restored.revision() : changes.get(0).resourceVersion() - 1;
        this.changeLog = new ChangeLog(properties.changeLogRetention(), compacted);
        for (Change change : changes) {
            changeLog.append(new WatchEvent(change.type(), change.resource(), changed(change), null,
                    change.resourceVersion()));
        }
        this.revision = restored.revision();
    }

    /**
     * Makes a commit durable, with the write lock held and before the in-memory state changes; if
     * it throws, the write fails and the store stays as it was.
     */
    protected abstract void persist(Change change);

    /**
     * Returns once the commit of {@code resourceVersion} can no longer be lost, called without the
     * write lock before a write is answered. A commit is visible to readers and watches as soon as
     * {@link #persist} returns, before it is durable: they can see a change that a host crash in the
     * next milliseconds would lose, but no write that depends on it is answered before it is durable.
     */
    protected void awaitDurable(long resourceVersion) {
    }

    /**
     * Makes a reset durable: every object and every retained change is gone. Runs with the write
     * lock held, inside the transaction {@link #inTransaction} opened around the reset.
     */
    protected abstract void persistReset();

    /** Keeps a snapshot's objects under its name, in place of any of that name, durably. */
    protected abstract void persistSnapshot(NamedSnapshot snapshot, List<SnapshotEntry> entries);

    /** The objects of the snapshot of that name, if there is one. */
    protected abstract Optional<List<SnapshotEntry>> readSnapshot(String name);

    /** The snapshots kept, by name. */
    protected abstract List<NamedSnapshot> readSnapshots();

    /** Forgets the snapshot of that name, durably; false when there was none. */
    protected abstract boolean removeSnapshot(String name);

    /**
     * Runs the writes of a reset as one unit: a store whose commits are transactions makes them one
     * transaction, so a crash keeps either the state before the reset or the boot state.
     */
    protected void inTransaction(Runnable writes) {
        writes.run();
    }

    /**
     * The object a retained change wrote: the restored current object when the change is its latest
     * (so the two share one tree, as they do before a restart), otherwise parsed from the log.
     */
    private Unstructured changed(Change change) {
        StoredObject current = index(change.resource()).get(key(change.namespace(), change.name()));
        if (current != null && current.object().resourceVersion().equals(Long.toString(change.resourceVersion()))) {
            return current.object();
        }
        return parse(change.json());
    }

    @Override
    public long currentRevision() {
        return revision;
    }

    @Override
    public Optional<Unstructured> get(GroupResource resource, String namespace, String name) {
        StoredObject stored = index(resource).get(key(namespace, name));
        return Optional.ofNullable(stored).map(s -> s.object().deepCopy());
    }

    @Override
    public Optional<StoredObject> getCommitted(GroupResource resource, String namespace, String name) {
        return Optional.ofNullable(index(resource).get(key(namespace, name)));
    }

    /** Lists of thousands cost no more than finding them: the objects are shared, not copied. */
    @Override
    public Page list(GroupResource resource, String namespace, String afterKey, Predicate<Unstructured> filter,
                     long limit) {
        long at = revision;
        NavigableMap<String, StoredObject> scope = scope(resource, namespace);
        if (afterKey != null) {
            scope = scope.tailMap(afterKey, false);
        }
        List<StoredObject> items = new ArrayList<>();
        String lastKey = null;
        long remaining = 0;
        for (Map.Entry<String, StoredObject> entry : scope.entrySet()) {
            if (!filter.test(entry.getValue().object())) {
                continue;
            }
            if (limit > 0 && items.size() >= limit) {
                remaining++;
            } else {
                items.add(entry.getValue());
                lastKey = entry.getKey();
            }
        }
        return new Page(items, at, remaining > 0 ? lastKey : null, remaining);
    }

    @Override
    public boolean exists(GroupResource resource, String namespace, String name) {
        return index(resource).containsKey(key(namespace, name));
    }

    @Override
    public Unstructured create(GroupResource resource, Unstructured object, boolean dryRun) {
        Unstructured created;
        writeLock.lock();
        try {
            if (index(resource).containsKey(key(object.namespace(), object.name()))) {
                throw StatusError.alreadyExists(resource, object.name());
            }
            created = commit(resource, WatchEvent.Type.ADDED, object, null, dryRun);
        } finally {
            writeLock.unlock();
        }
        return acknowledged(created, dryRun);
    }

    @Override
    public Unstructured update(GroupResource resource, String namespace, String name,
                               UnaryOperator<Unstructured> change, Predicate<Unstructured> removeWhen,
                               boolean dryRun) {
        Unstructured written;
        writeLock.lock();
        try {
            Unstructured current = object(resource, namespace, name);
            Unstructured updated = change.apply(current.deepCopy());
            // The write sets the resourceVersion anyway, so it is set here to compare the rest.
            updated.setMeta("resourceVersion", current.resourceVersion());
            if (updated.equals(current)) {
                written = updated;
            } else {
                WatchEvent.Type type = removeWhen.test(updated) ? WatchEvent.Type.DELETED : WatchEvent.Type.MODIFIED;
                written = commit(resource, type, updated, current, dryRun);
            }
        } finally {
            writeLock.unlock();
        }
        return acknowledged(written, dryRun);
    }

    @Override
    public Unstructured delete(GroupResource resource, String namespace, String name,
                               Consumer<Unstructured> precondition, boolean dryRun) {
        Unstructured deleted;
        writeLock.lock();
        try {
            Unstructured current = object(resource, namespace, name);
            precondition.accept(current);
            deleted = commit(resource, WatchEvent.Type.DELETED, current.deepCopy(), current, dryRun);
        } finally {
            writeLock.unlock();
        }
        return acknowledged(deleted, dryRun);
    }

    /**
     * Answers a write once what it answers is durable. The wait happens after the write lock is
     * released, so the writers committing meanwhile share the next sync (see {@link GroupSync}).
     */
    private Unstructured acknowledged(Unstructured written, boolean dryRun) {
        // A write still holding the lock is part of a reset or restore, which commits all its writes
        // at once and waits for them then: a sync now would only write out an open transaction.
        if (!dryRun && !writeLock.isHeldByCurrentThread()) {
            awaitDurable(Long.parseLong(written.resourceVersion()));
        }
        return written;
    }

    @Override
    public Watch watch(GroupResource resource, String namespace, long fromRevision, WatchListener listener) {
        writeLock.lock();
        try {
            return cancellation(changeLog.watch(resource, namespace, fromRevision, listener));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Watch listAndWatch(GroupResource resource, String namespace, Consumer<Snapshot> initial,
                              WatchListener listener) {
        writeLock.lock();
        try {
            initial.accept(new Snapshot(scope(resource, namespace).values().stream().map(StoredObject::object)
                    .toList(), revision));
            return cancellation(changeLog.follow(resource, namespace, listener));
        } finally {
            writeLock.unlock();
        }
    }

    private Watch cancellation(ChangeLog.Registration registration) {
        return () -> changeLog.cancel(registration);
    }

    @Override
    public Reset reset(Runnable boot) {
        Reset reset = replaceAll(boot);
        awaitDurable(revision);
        return reset;
    }

    @Override
    public NamedSnapshot saveSnapshot(String name, Instant takenAt) {
        synchronized (snapshotLock) {
            List<SnapshotEntry> entries = new ArrayList<>();
            long at;
            // The committed objects are shared and never change, so holding the lock to gather them is
            // enough: they are written out after it, while writes go on.
            writeLock.lock();
            try {
                at = revision;
                objects.forEach((resource, index) -> index.values().forEach(stored -> entries.add(
                        new SnapshotEntry(resource, stored.object().namespace(), stored.object().name(),
                                stored.json()))));
            } finally {
                writeLock.unlock();
            }
            NamedSnapshot snapshot = new NamedSnapshot(name, at, takenAt, entries.size());
            persistSnapshot(snapshot, entries);
            return snapshot;
        }
    }

    @Override
    public List<NamedSnapshot> snapshots() {
        synchronized (snapshotLock) {
            return readSnapshots();
        }
    }

    @Override
    public Optional<Reset> restoreSnapshot(String name) {
        synchronized (snapshotLock) {
            Optional<List<SnapshotEntry>> entries = readSnapshot(name);
            if (entries.isEmpty()) {
                return Optional.empty();
            }
            List<Map.Entry<GroupResource, Unstructured>> restoring = entries.get().stream()
                    .map(entry -> Map.entry(entry.resource(), parse(entry.json()))).toList();
            Reset reset = replaceAll(() -> restoring.forEach(object ->
                    commit(object.getKey(), WatchEvent.Type.ADDED, object.getValue(), null, false)));
            awaitDurable(revision);
            return Optional.of(reset);
        }
    }

    @Override
    public boolean deleteSnapshot(String name) {
        synchronized (snapshotLock) {
            return removeSnapshot(name);
        }
    }

    /**
     * Empties the store and runs {@code fill} to fill it again, in one transaction under the write
     * lock; every watch is closed. The writes {@code fill} makes are not made durable one by one
     * (see {@link #acknowledged}): the caller waits once for the whole.
     */
    private Reset replaceAll(Runnable fill) {
        writeLock.lock();
        try {
            long reset = revision + 1;
            Map<GroupResource, NavigableMap<String, StoredObject>> previous = Map.copyOf(objects);
            long removed = previous.values().stream().mapToLong(Map::size).sum();
            try {
                inTransaction(() -> {
                    persistReset();
                    objects.clear();
                    revision = reset;
                    changeLog.reset(reset);
                    fill.run();
                });
            } catch (RuntimeException e) {
                // The transaction kept the objects, so memory keeps them too; the new changes
                // were never committed, so no watch may replay them; the watches, closed already,
                // list the objects again.
                objects.clear();
                objects.putAll(previous);
                changeLog.reset(revision);
                throw e;
            }
            return new Reset(reset, removed);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void atCurrentRevision(LongConsumer action) {
        writeLock.lock();
        try {
            action.accept(revision);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int watchCount() {
        return changeLog.watchCount();
    }

    private Unstructured commit(GroupResource resource, WatchEvent.Type type, Unstructured object,
                                Unstructured previous, boolean dryRun) {
        if (dryRun) {
            // As upstream's dry-run storage: nothing is written, so no resourceVersion is taken; an
            // object that would be created has none, any other keeps the one it has.
            if (previous == null) {
                object.metadata().remove("resourceVersion");
            } else {
                object.setMeta("resourceVersion", previous.resourceVersion());
            }
            return object;
        }
        long next = revision + 1;
        object.setMeta("resourceVersion", Long.toString(next));
        if (type != WatchEvent.Type.DELETED) {
            StoredObjectLimits.checkDepth(object.json());
        }
        byte[] json = mapper.writeValueAsBytes(object.json());
        if (type != WatchEvent.Type.DELETED) {
            StoredObjectLimits.checkSize(json);
        }
        persist(new Change(type, resource, object.namespace(), object.name(), next, json));
        String key = key(object.namespace(), object.name());
        Unstructured shared = object.deepCopy();
        if (type == WatchEvent.Type.DELETED) {
            index(resource).remove(key);
        } else {
            index(resource).put(key, new StoredObject(shared, json));
        }
        // Published after the object: a lock-free list that reads this revision already holds the
        // change, so a watch from the list's resourceVersion cannot miss it.
        revision = next;
        changeLog.append(new WatchEvent(type, resource, shared, previous, next));
        return object;
    }

    /** The shared current object; throws NotFound. */
    private Unstructured object(GroupResource resource, String namespace, String name) {
        StoredObject stored = index(resource).get(key(namespace, name));
        if (stored == null) {
            throw StatusError.notFound(resource, name);
        }
        if (mutationDetector && !Arrays.equals(mapper.writeValueAsBytes(stored.object().json()), stored.json())) {
            throw new IllegalStateException("the shared object " + resource + " " + key(namespace, name)
                    + " was changed after it was committed at resourceVersion " + stored.object().resourceVersion());
        }
        return stored.object();
    }

    private NavigableMap<String, StoredObject> scope(GroupResource resource, String namespace) {
        NavigableMap<String, StoredObject> all = index(resource);
        return namespace == null ? all : all.subMap(namespace + "/", true, namespace + "0", false);
    }

    private NavigableMap<String, StoredObject> index(GroupResource resource) {
        return objects.computeIfAbsent(resource, r -> new ConcurrentSkipListMap<>());
    }

    /** Namespace, then name: the order of upstream's etcd keys, so lists come sorted the same way. */
    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private Unstructured parse(byte[] json) {
        return new Unstructured((ObjectNode) mapper.readTree(json));
    }

    /**
     * One committed write as persisted: its change-log entry, and the object's row after it (gone
     * for DELETED). {@code json} is the object at {@code resourceVersion}.
     */
    protected record Change(WatchEvent.Type type, GroupResource resource, String namespace, String name,
                            long resourceVersion, byte[] json) {
    }

    /** One object of a snapshot, the JSON it was committed as. */
    protected record SnapshotEntry(GroupResource resource, String namespace, String name, byte[] json) {
    }

    /**
     * What a store starts from: the JSON of each resource's live objects, the retained change log
     * oldest first, and the resourceVersion of the latest commit. Changes before the first retained
     * one have left the log.
     */
    protected record Restored(Map<GroupResource, List<byte[]>> objects, List<Change> changes, long revision) {

        static final Restored NOTHING = new Restored(Map.of(), List.of(), 0);
    }
}
