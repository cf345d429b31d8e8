package dev.ordinal.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchListener;

/**
 * The one store of every object, the counterpart of upstream's storage interface
 * ({@code k8s.io/apiserver/pkg/storage.Interface}) over etcd.
 *
 * <p>One global resourceVersion, strictly increasing in commit order, orders every write across
 * all resources, as etcd's revision does. Every watch sees changes in that order, and a watch may
 * start from any resourceVersion still in the change log; an older one is expired.
 *
 * <p>Each committed object is held once and shared by everyone who reads it: nobody changes it, as
 * client-go's caches share objects that "must not be modified". {@link #get} answers a copy for
 * the caller to change; lists, snapshots and events answer the shared objects.
 *
 * <p>{@link JdbcObjectStore} keeps the objects in a database and is the server's store;
 * {@link MemoryObjectStore} keeps them in memory only, for tests.
 */
public interface ObjectStore {

    /** The resourceVersion of the latest committed write. */
    long currentRevision();

    /** A copy of the object, for the caller to change. */
    Optional<Unstructured> get(GroupResource resource, String namespace, String name);

    /** The object as committed, shared with every reader and never to be changed, with its JSON. */
    Optional<StoredObject> getCommitted(GroupResource resource, String namespace, String name);

    /**
     * One page of the objects that {@code filter} accepts, in key order ({@code namespace/name}) after
     * {@code afterKey} (null to start at the beginning), at most {@code limit} of them (0 for all),
     * in {@code namespace} or in all (null). The objects are the shared ones, not copies.
     */
    Page list(GroupResource resource, String namespace, String afterKey, Predicate<Unstructured> filter, long limit);

    boolean exists(GroupResource resource, String namespace, String name);

    /**
     * Stores a new object, giving it the next resourceVersion; AlreadyExists when its name is taken.
     * A dry run takes no resourceVersion and answers the object without one.
     */
    Unstructured create(GroupResource resource, Unstructured object, boolean dryRun);

    /**
     * Reads, changes and writes one object atomically (upstream's GuaranteedUpdate); NotFound when
     * there is none. The function gets a copy of the current object and returns the object to store;
     * returning an object equal to the current one writes nothing and keeps the resourceVersion. When
     * {@code removeWhen} holds for the result, the write removes the object instead (upstream's
     * ShouldDeleteDuringUpdate: the last finalizer of an object being deleted was just removed).
     */
    Unstructured update(GroupResource resource, String namespace, String name, UnaryOperator<Unstructured> change,
                        Predicate<Unstructured> removeWhen, boolean dryRun);

    /**
     * Removes one object after {@code precondition} accepted the current state (which it only
     * reads); NotFound when there is none. The DELETED event carries the object at the deletion's
     * resourceVersion, as upstream's does.
     */
    Unstructured delete(GroupResource resource, String namespace, String name, Consumer<Unstructured> precondition,
                        boolean dryRun);

    /**
     * Replays the changes after {@code fromRevision}, then follows new ones; throws
     * {@link ResourceVersionExpiredException} if they left the change log.
     */
    Watch watch(GroupResource resource, String namespace, long fromRevision, WatchListener listener);

    /**
     * Lists the current objects and follows every later change, atomically: no change is missed or
     * seen twice (what a watch without resourceVersion, and an informer, need).
     */
    Watch listAndWatch(GroupResource resource, String namespace, Consumer<Snapshot> initial, WatchListener listener);

    /**
     * Empties the store and runs {@code boot} to fill it again, as one write nothing interleaves
     * with: every watch is closed ({@link WatchListener#onClose}) and every resourceVersion up to
     * the reset expired, so watchers list again; resourceVersions go on increasing from where they
     * were. {@code boot} runs on this thread, holding the write lock, and writes through the usual
     * operations.
     */
    Reset reset(Runnable boot);

    /**
     * Keeps a copy of every object as it stands under {@code name}, in place of any snapshot of that
     * name. The copy is of one resourceVersion (writes wait while it is read) and is kept apart from
     * the objects: a reset leaves it, a restart finds it again. Saving writes no object, so it takes
     * no resourceVersion.
     */
    NamedSnapshot saveSnapshot(String name, Instant takenAt);

    /** The snapshots kept, by name. */
    List<NamedSnapshot> snapshots();

    /**
     * Puts the objects of the snapshot in place of every object, as {@link #reset} puts the boot
     * objects: one write that closes every watch, each object written again under a new
     * resourceVersion (its uid, generation and the rest as the snapshot holds them). Empty when no
     * snapshot has that name.
     */
    Optional<Reset> restoreSnapshot(String name);

    /** Forgets the snapshot; false when there was none of that name. */
    boolean deleteSnapshot(String name);

    /** Runs {@code action} with the current revision while no write can happen (for bookmarks). */
    void atCurrentRevision(LongConsumer action);

    int watchCount();

    /**
     * A page of a list: the objects, the revision they are current at, and when more follow,
     * the key of the last one returned and how many more match.
     */
    record Page(List<StoredObject> items, long resourceVersion, String lastKey, long remaining) {

        /** The objects, shared: read them, copy one to change it. */
        public List<Unstructured> objects() {
            return items.stream().map(StoredObject::object).toList();
        }
    }

    /**
     * What a reset did: the resourceVersion it took (the boot objects come after it; every earlier
     * one is expired) and how many objects it removed.
     */
    record Reset(long resourceVersion, long removed) {
    }

    /** A snapshot kept: its name, the resourceVersion it was taken at, when, and how many objects it holds. */
    record NamedSnapshot(String name, long resourceVersion, Instant takenAt, long objects) {
    }

    /** The shared objects read together with the resourceVersion they are current at. */
    record Snapshot(List<Unstructured> items, long resourceVersion) {
    }

    /** A running watch; {@link #cancel()} stops its events. */
    interface Watch {

        void cancel();
    }
}
