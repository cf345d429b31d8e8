package dev.ordinal.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.machinery.WatchListener;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;

/**
 * The one store of every object, the counterpart of etcd behind upstream's storage interface.
 *
 * <p>Each write runs under one lock: it takes the next global resourceVersion, commits the object
 * and its change-log entry in one database transaction, and only then updates the in-memory state
 * and tells the watches. So resourceVersions strictly increase in commit order, a write the client
 * saw acknowledged is durable, and every watch sees changes in resourceVersion order. Reads are
 * served from memory without the lock.
 *
 * <p>Each committed object is held once: the index, the change log, watches and informers share
 * the one tree, which nobody changes, as client-go's caches share objects that "must not be
 * modified". {@link #get} answers a copy for the caller to change; lists, snapshots and events
 * answer the shared objects.
 */
@Component
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final ObjectRecordRepository objectRecords;
    private final ChangeRecordRepository changeRecords;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper mapper;
    private final int retention;
    private final boolean mutationDetector;

    private static final String INSERT_OBJECT =
            "INSERT INTO objects (resource, namespace, name, resource_version, body) VALUES (?, ?, ?, ?, ?)";
    private static final String UPDATE_OBJECT =
            "UPDATE objects SET resource_version = ?, body = ? WHERE resource = ? AND namespace = ? AND name = ?";
    private static final String DELETE_OBJECT = "DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?";
    private static final String INSERT_CHANGE =
            "INSERT INTO changes (resource_version, type, resource, namespace, name, body) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String TRIM_CHANGES = "DELETE FROM changes WHERE resource_version <= ?";

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<GroupResource, NavigableMap<String, StoredObject>> objects = new ConcurrentHashMap<>();
    private final ChangeLog changeLog;
    private volatile long revision;

    public ObjectStore(ObjectRecordRepository objectRecords, ChangeRecordRepository changeRecords,
                       JdbcTemplate jdbc, JsonMapper mapper, StorageProperties properties) {
        this.objectRecords = objectRecords;
        this.changeRecords = changeRecords;
        this.jdbc = jdbc;
        // Writes are plain JDBC, so their transactions are the DataSource's own: the JPA transaction
        // manager would open and flush a persistence context around every write for nothing.
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(jdbc.getDataSource()));
        this.mapper = mapper;
        this.retention = properties.changeLogRetention();
        this.mutationDetector = properties.mutationDetector();
        this.changeLog = load();
    }

    /** Reads the stored state and the retained change log back into memory. */
    private ChangeLog load() {
        long maxRevision = 0;
        for (ObjectRecord record : objectRecords.findAll()) {
            ObjectRecordKey key = record.key();
            index(parseResource(key.resource())).put(key(key.namespace(), key.name()),
                    new StoredObject(parse(record.body()), record.body().getBytes(StandardCharsets.UTF_8)));
            maxRevision = Math.max(maxRevision, record.resourceVersion());
        }
        Long lastChange = changeRecords.maxResourceVersion();
        maxRevision = Math.max(maxRevision, lastChange == null ? 0 : lastChange);
        long after = Math.max(0, maxRevision - retention);
        List<ChangeRecord> retained = changeRecords.findAfter(after);
        long compacted = retained.isEmpty() ? maxRevision : retained.get(0).resourceVersion() - 1;
        ChangeLog log = new ChangeLog(retention, compacted);
        for (ChangeRecord change : retained) {
            GroupResource resource = parseResource(change.resource());
            log.append(new WatchEvent(WatchEvent.Type.valueOf(change.type()), resource,
                    changed(resource, change), null, change.resourceVersion()));
        }
        this.revision = maxRevision;
        ObjectStore.log.info("Loaded {} objects at resourceVersion {}", objects.values().stream()
                .mapToInt(Map::size).sum(), maxRevision);
        return log;
    }

    /**
     * The object a retained change wrote: the loaded current object when the change is its latest
     * (so the two share one tree, as they do before a restart), otherwise parsed from the log.
     */
    private Unstructured changed(GroupResource resource, ChangeRecord change) {
        StoredObject current = index(resource).get(key(change.namespace(), change.name()));
        if (current != null && current.object().resourceVersion().equals(Long.toString(change.resourceVersion()))) {
            return current.object();
        }
        return parse(change.body());
    }

    /** The resourceVersion of the latest committed write. */
    public long currentRevision() {
        return revision;
    }

    public Optional<Unstructured> get(GroupResource resource, String namespace, String name) {
        StoredObject stored = index(resource).get(key(namespace, name));
        return Optional.ofNullable(stored).map(s -> s.object().deepCopy());
    }

    /**
     * One page of the objects that {@code filter} accepts, in key order after {@code afterKey}
     * ({@code namespace/name}, or null to start at the beginning), at most {@code limit} of them
     * (0 for all). The objects are the shared ones, not copies: a list of thousands costs no more
     * than finding them.
     */
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

    public boolean exists(GroupResource resource, String namespace, String name) {
        return index(resource).containsKey(key(namespace, name));
    }

    /** Stores a new object, giving it the next resourceVersion. */
    public Unstructured create(GroupResource resource, Unstructured object, boolean dryRun) {
        writeLock.lock();
        try {
            String key = key(object.namespace(), object.name());
            if (index(resource).containsKey(key)) {
                throw StatusError.alreadyExists(resource, object.name());
            }
            return commit(resource, WatchEvent.Type.ADDED, object, null, dryRun);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Reads, changes and writes one object atomically (upstream's GuaranteedUpdate). The function
     * gets a copy of the current object and returns the object to store; returning an object equal
     * to the current one writes nothing and keeps the resourceVersion. When {@code removeWhen}
     * holds for the result, the write removes the object instead (upstream's
     * ShouldDeleteDuringUpdate: the last finalizer of an object being deleted was just removed).
     */
    public Unstructured update(GroupResource resource, String namespace, String name,
                               UnaryOperator<Unstructured> change, Predicate<Unstructured> removeWhen,
                               boolean dryRun) {
        writeLock.lock();
        try {
            Unstructured current = object(resource, namespace, name);
            Unstructured updated = change.apply(current.deepCopy());
            // The write sets the resourceVersion anyway, so it is set here to compare the rest.
            updated.setMeta("resourceVersion", current.resourceVersion());
            if (updated.equals(current)) {
                return updated;
            }
            WatchEvent.Type type = removeWhen.test(updated) ? WatchEvent.Type.DELETED : WatchEvent.Type.MODIFIED;
            return commit(resource, type, updated, current, dryRun);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Removes one object after {@code precondition} accepted the current state (which it only
     * reads); the DELETED event carries the object at the deletion's resourceVersion, as
     * upstream's does.
     */
    public Unstructured delete(GroupResource resource, String namespace, String name,
                               java.util.function.Consumer<Unstructured> precondition, boolean dryRun) {
        writeLock.lock();
        try {
            Unstructured current = object(resource, namespace, name);
            precondition.accept(current);
            return commit(resource, WatchEvent.Type.DELETED, current.deepCopy(), current, dryRun);
        } finally {
            writeLock.unlock();
        }
    }

    /** Follows the changes after {@code fromRevision}; throws if they left the change log. */
    public Watch watch(GroupResource resource, String namespace, long fromRevision, WatchListener listener) {
        writeLock.lock();
        try {
            return new Watch(changeLog.watch(resource, namespace, fromRevision, listener));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Lists the current objects and follows every later change, atomically: no change is missed or
     * seen twice (what a watch without resourceVersion, and an informer, need).
     */
    public Watch listAndWatch(GroupResource resource, String namespace, java.util.function.Consumer<Snapshot> initial,
                              WatchListener listener) {
        writeLock.lock();
        try {
            initial.accept(new Snapshot(scope(resource, namespace).values().stream().map(StoredObject::object)
                    .toList(), revision));
            return new Watch(changeLog.follow(resource, namespace, listener));
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code action} with the current revision while no write can happen (for bookmarks). */
    public void atCurrentRevision(java.util.function.LongConsumer action) {
        writeLock.lock();
        try {
            action.accept(revision);
        } finally {
            writeLock.unlock();
        }
    }

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
        byte[] json = mapper.writeValueAsBytes(object.json());
        String body = new String(json, StandardCharsets.UTF_8);
        ObjectRecordKey recordKey = new ObjectRecordKey(resource.toString(), object.namespace(), object.name());
        // Plain statements rather than JPA: a write is two rows that nothing reads back in this
        // process, and the JPA session's flush and query translation cost more than the database.
        transactions.executeWithoutResult(status -> {
            String resourceName = recordKey.resource();
            String namespace = recordKey.namespace();
            String name = recordKey.name();
            switch (type) {
                case ADDED -> jdbc.update(INSERT_OBJECT, resourceName, namespace, name, next, body);
                case MODIFIED -> jdbc.update(UPDATE_OBJECT, next, body, resourceName, namespace, name);
                case DELETED -> jdbc.update(DELETE_OBJECT, resourceName, namespace, name);
            }
            jdbc.update(INSERT_CHANGE, next, type.name(), resourceName, namespace, name, body);
            if (next % 1000 == 0 && next > retention) {
                jdbc.update(TRIM_CHANGES, next - retention);
            }
        });
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

    private Unstructured parse(String body) {
        return new Unstructured((ObjectNode) mapper.readTree(body));
    }

    private static GroupResource parseResource(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? new GroupResource("", qualified)
                : new GroupResource(qualified.substring(dot + 1), qualified.substring(0, dot));
    }

    /**
     * A page of a list: the objects, the revision they are current at, and when more follow,
     * the key of the last one returned and how many more match.
     */
    public record Page(List<StoredObject> items, long resourceVersion, String lastKey, long remaining) {

        /** The objects, shared: read them, copy one to change it. */
        public List<Unstructured> objects() {
            return items.stream().map(StoredObject::object).toList();
        }
    }

    /** The shared objects read together with the resourceVersion they are current at. */
    public record Snapshot(List<Unstructured> items, long resourceVersion) {
    }

    /** A running watch; {@link #cancel()} stops its events. */
    public final class Watch {
        private final ChangeLog.Registration registration;

        private Watch(ChangeLog.Registration registration) {
            this.registration = registration;
        }

        public void cancel() {
            changeLog.cancel(registration);
        }
    }
}
