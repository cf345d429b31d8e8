package dev.ordinal.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.machinery.WatchListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link ObjectStore} must do, run against each implementation as upstream's
 * {@code apiserver/pkg/storage/testing} suite runs against etcd3 and the cacher alike.
 */
abstract class ObjectStoreContract {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final GroupResource CONFIG_MAPS = new GroupResource("", "configmaps");
    static final GroupResource SECRETS = new GroupResource("", "secrets");
    static final GroupResource STATEFUL_SETS = new GroupResource("apps", "statefulsets");

    /** A new, empty store keeping {@code retention} changes, with the mutation detector on. */
    abstract ObjectStore newStore(int retention);

    ObjectStore newStore() {
        return newStore(100);
    }

    static Unstructured object(String namespace, String name) {
        ObjectNode json = JSON.createObjectNode();
        json.put("apiVersion", "v1").put("kind", "ConfigMap");
        json.putObject("metadata").put("namespace", namespace).put("name", name);
        json.putObject("data").put("key", "value");
        return new Unstructured(json);
    }

    static Unstructured withData(Unstructured object, String value) {
        object.json().withObject("data").put("key", value);
        return object;
    }

    static StatusError statusError(Runnable write) {
        try {
            write.run();
        } catch (StatusError e) {
            return e;
        }
        throw new AssertionError("expected a StatusError");
    }

    static Unstructured update(ObjectStore store, String namespace, String name, String value) {
        return store.update(CONFIG_MAPS, namespace, name, o -> withData(o, value), o -> false, false);
    }

    static List<String> names(List<Unstructured> objects) {
        return objects.stream().map(o -> o.namespace() + "/" + o.name()).toList();
    }

    @Test
    void createdObjectIsReadBackWithItsResourceVersion() {
        ObjectStore store = newStore();
        Unstructured created = store.create(CONFIG_MAPS, object("ns", "a"), false);

        assertThat(created.resourceVersion()).isEqualTo(Long.toString(store.currentRevision()));
        assertThat(store.get(CONFIG_MAPS, "ns", "a")).contains(created);
        assertThat(store.exists(CONFIG_MAPS, "ns", "a")).isTrue();
        assertThat(store.exists(CONFIG_MAPS, "other", "a")).isFalse();
    }

    @Test
    void aCommittedObjectIsTheSharedOneWithTheJsonItWasCommittedAs() {
        ObjectStore store = newStore();
        store.create(CONFIG_MAPS, object("ns", "a"), false);
        Unstructured changed = update(store, "ns", "a", "changed");

        StoredObject committed = store.getCommitted(CONFIG_MAPS, "ns", "a").orElseThrow();

        assertThat(committed.object()).isEqualTo(changed)
                .isSameAs(store.list(CONFIG_MAPS, "ns", null, o -> true, 0).objects().get(0));
        assertThat(JSON.readTree(committed.json())).isEqualTo(changed.json());
        assertThat(store.getCommitted(CONFIG_MAPS, "ns", "missing")).isEmpty();
    }

    @Test
    void creatingATakenNameIsAlreadyExistsAndWritesNothing() {
        ObjectStore store = newStore();
        store.create(CONFIG_MAPS, object("ns", "a"), false);
        long revision = store.currentRevision();

        StatusError error = statusError(() -> store.create(CONFIG_MAPS, object("ns", "a"), false));

        assertThat(error.code()).isEqualTo(409);
        assertThat(error.reason()).isEqualTo("AlreadyExists");
        assertThat(store.currentRevision()).isEqualTo(revision);
        // The same name in another namespace or another resource is another object.
        store.create(CONFIG_MAPS, object("other", "a"), false);
        store.create(SECRETS, object("ns", "a"), false);
    }

    @Test
    void writingAMissingObjectIsNotFound() {
        ObjectStore store = newStore();

        assertThat(store.get(CONFIG_MAPS, "ns", "missing")).isEmpty();
        StatusError update = statusError(() -> update(store, "ns", "missing", "x"));
        StatusError delete = statusError(() -> store.delete(CONFIG_MAPS, "ns", "missing", o -> { }, false));

        assertThat(update.code()).isEqualTo(404);
        assertThat(update.reason()).isEqualTo("NotFound");
        assertThat(delete.code()).isEqualTo(404);
        assertThat(store.currentRevision()).isZero();
    }

    @Test
    void resourceVersionsStrictlyIncreaseAcrossResources() {
        ObjectStore store = newStore();
        List<Long> versions = new ArrayList<>();
        versions.add(Long.parseLong(store.create(CONFIG_MAPS, object("ns", "a"), false).resourceVersion()));
        versions.add(Long.parseLong(store.create(STATEFUL_SETS, object("ns", "a"), false).resourceVersion()));
        versions.add(Long.parseLong(update(store, "ns", "a", "b").resourceVersion()));
        versions.add(Long.parseLong(store.create(SECRETS, object("", "a"), false).resourceVersion()));
        versions.add(Long.parseLong(store.delete(STATEFUL_SETS, "ns", "a", o -> { }, false).resourceVersion()));

        assertThat(versions).isSorted().doesNotHaveDuplicates();
        assertThat(store.currentRevision()).isEqualTo(versions.get(versions.size() - 1));
    }

    @Test
    void updateStoresTheChangedObjectAtTheNextResourceVersion() {
        ObjectStore store = newStore();
        store.create(CONFIG_MAPS, object("ns", "a"), false);

        Unstructured updated = update(store, "ns", "a", "changed");

        assertThat(updated.resourceVersion()).isEqualTo(Long.toString(store.currentRevision()));
        assertThat(store.get(CONFIG_MAPS, "ns", "a").orElseThrow().at("data.key").asString()).isEqualTo("changed");
    }

    @Test
    void updateThatChangesNothingWritesNothing() {
        ObjectStore store = newStore();
        Unstructured created = store.create(CONFIG_MAPS, object("ns", "a"), false);
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        store.watch(CONFIG_MAPS, null, store.currentRevision(), events::add);

        Unstructured same = update(store, "ns", "a", "value");
        // Even a stale resourceVersion on the result is not a change: the store sets its own.
        Unstructured stale = store.update(CONFIG_MAPS, "ns", "a", o -> o.setMeta("resourceVersion", "0"),
                o -> false, false);

        assertThat(same.resourceVersion()).isEqualTo(created.resourceVersion());
        assertThat(stale.resourceVersion()).isEqualTo(created.resourceVersion());
        assertThat(store.currentRevision()).isEqualTo(Long.parseLong(created.resourceVersion()));
        assertThat(events).isEmpty();
    }

    @Test
    void updateRemovesTheObjectWhenRemoveWhenHolds() {
        ObjectStore store = newStore();
        store.create(CONFIG_MAPS, object("ns", "a"), false);
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        store.watch(CONFIG_MAPS, null, store.currentRevision(), events::add);

        Unstructured removed = store.update(CONFIG_MAPS, "ns", "a", o -> withData(o, "last"),
                o -> o.at("data.key").asString().equals("last"), false);

        assertThat(store.get(CONFIG_MAPS, "ns", "a")).isEmpty();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(WatchEvent.Type.DELETED);
            assertThat(event.object()).isEqualTo(removed);
            assertThat(event.resourceVersion()).isEqualTo(store.currentRevision());
        });
    }

    @Test
    void deleteRemovesTheObjectAfterItsPreconditionAccepts() {
        ObjectStore store = newStore();
        store.create(CONFIG_MAPS, object("ns", "a"), false);
        long revision = store.currentRevision();

        StatusError refused = statusError(() -> store.delete(CONFIG_MAPS, "ns", "a", o -> {
            throw StatusError.conflict(CONFIG_MAPS, "a", "precondition");
        }, false));
        assertThat(refused.code()).isEqualTo(409);
        assertThat(store.exists(CONFIG_MAPS, "ns", "a")).isTrue();
        assertThat(store.currentRevision()).isEqualTo(revision);

        Unstructured deleted = store.delete(CONFIG_MAPS, "ns", "a", o -> { }, false);
        assertThat(deleted.resourceVersion()).isEqualTo(Long.toString(revision + 1));
        assertThat(store.exists(CONFIG_MAPS, "ns", "a")).isFalse();
    }

    @Test
    void dryRunWritesNothingAndTakesNoResourceVersion() {
        ObjectStore store = newStore();
        Unstructured created = store.create(CONFIG_MAPS, object("ns", "a"), false);
        long revision = store.currentRevision();
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        store.watch(CONFIG_MAPS, null, revision, events::add);

        Unstructured wouldCreate = store.create(CONFIG_MAPS, object("ns", "b"), true);
        Unstructured wouldUpdate = store.update(CONFIG_MAPS, "ns", "a", o -> withData(o, "x"), o -> false, true);
        Unstructured wouldDelete = store.delete(CONFIG_MAPS, "ns", "a", o -> { }, true);

        assertThat(wouldCreate.resourceVersion()).isEmpty();
        assertThat(wouldUpdate.resourceVersion()).isEqualTo(created.resourceVersion());
        assertThat(wouldUpdate.at("data.key").asString()).isEqualTo("x");
        assertThat(wouldDelete.resourceVersion()).isEqualTo(created.resourceVersion());
        assertThat(store.currentRevision()).isEqualTo(revision);
        assertThat(store.exists(CONFIG_MAPS, "ns", "b")).isFalse();
        assertThat(store.get(CONFIG_MAPS, "ns", "a")).contains(created);
        assertThat(events).isEmpty();
        // A dry-run create of a taken name fails as the real one would.
        assertThat(statusError(() -> store.create(CONFIG_MAPS, object("ns", "a"), true)).code()).isEqualTo(409);
    }

    @Test
    void listIsInKeyOrder() {
        ObjectStore store = newStore();
        for (String key : List.of("b/y", "a/z", "b/x", "a-b/a", "ab/a", "a/a")) {
            String[] parts = key.split("/");
            store.create(CONFIG_MAPS, object(parts[0], parts[1]), false);
        }
        store.create(SECRETS, object("a", "s"), false);

        ObjectStore.Page all = store.list(CONFIG_MAPS, null, null, o -> true, 0);

        // The byte order of "namespace/name", as of etcd's keys: '-' sorts before '/'.
        assertThat(names(all.objects())).containsExactly("a-b/a", "a/a", "a/z", "ab/a", "b/x", "b/y");
        assertThat(all.resourceVersion()).isEqualTo(store.currentRevision());
        assertThat(all.lastKey()).isNull();
        assertThat(all.remaining()).isZero();
        assertThat(all.items()).allSatisfy(item -> assertThat(item.json())
                .isEqualTo(JSON.writeValueAsBytes(item.object().json())));
    }

    @Test
    void listInANamespaceHoldsThatNamespaceOnly() {
        ObjectStore store = newStore();
        for (String namespace : List.of("a", "a-b", "ab", "b")) {
            store.create(CONFIG_MAPS, object(namespace, "x"), false);
            store.create(CONFIG_MAPS, object(namespace, "y"), false);
        }

        assertThat(names(store.list(CONFIG_MAPS, "a", null, o -> true, 0).objects())).containsExactly("a/x", "a/y");
        assertThat(names(store.list(CONFIG_MAPS, "ab", null, o -> true, 0).objects()))
                .containsExactly("ab/x", "ab/y");
        assertThat(store.list(CONFIG_MAPS, "c", null, o -> true, 0).objects()).isEmpty();
        assertThat(store.list(SECRETS, "a", null, o -> true, 0).objects()).isEmpty();
    }

    @Test
    void listPagesFollowOneAnotherThroughTheLastKey() {
        ObjectStore store = newStore();
        for (String name : List.of("a", "b", "c", "d", "e", "skip")) {
            store.create(CONFIG_MAPS, object("ns", name), false);
        }

        ObjectStore.Page first = store.list(CONFIG_MAPS, "ns", null, o -> !o.name().equals("skip"), 2);
        ObjectStore.Page second = store.list(CONFIG_MAPS, "ns", first.lastKey(), o -> !o.name().equals("skip"), 2);
        ObjectStore.Page last = store.list(CONFIG_MAPS, "ns", second.lastKey(), o -> !o.name().equals("skip"), 2);

        assertThat(names(first.objects())).containsExactly("ns/a", "ns/b");
        assertThat(first.lastKey()).isEqualTo("ns/b");
        assertThat(first.remaining()).isEqualTo(3);
        assertThat(names(second.objects())).containsExactly("ns/c", "ns/d");
        assertThat(second.remaining()).isEqualTo(1);
        assertThat(names(last.objects())).containsExactly("ns/e");
        assertThat(last.lastKey()).isNull();
        assertThat(last.remaining()).isZero();
    }

    @Test
    void watchFromARevisionReplaysTheLaterChangesThenFollows() {
        ObjectStore store = newStore();
        store.create(CONFIG_MAPS, object("ns", "a"), false);
        long from = store.currentRevision();
        store.create(CONFIG_MAPS, object("ns", "b"), false);
        store.create(SECRETS, object("ns", "s"), false);
        store.create(CONFIG_MAPS, object("other", "c"), false);
        update(store, "ns", "a", "changed");
        List<WatchEvent> events = new CopyOnWriteArrayList<>();

        ObjectStore.Watch watch = store.watch(CONFIG_MAPS, "ns", from, events::add);
        store.delete(CONFIG_MAPS, "ns", "b", o -> { }, false);
        watch.cancel();
        store.create(CONFIG_MAPS, object("ns", "after-cancel"), false);

        assertThat(events).extracting(WatchEvent::type, e -> e.object().name()).containsExactly(
                tuple(WatchEvent.Type.ADDED, "b"),
                tuple(WatchEvent.Type.MODIFIED, "a"),
                tuple(WatchEvent.Type.DELETED, "b"));
        assertThat(events).extracting(WatchEvent::resourceVersion).isSorted()
                .allSatisfy(rv -> assertThat(rv).isGreaterThan(from));
        assertThat(events).allSatisfy(e -> assertThat(e.object().resourceVersion())
                .isEqualTo(Long.toString(e.resourceVersion())));
        assertThat(store.watchCount()).isZero();
    }

    @Test
    void watchFromACompactedRevisionIsExpired() {
        ObjectStore store = newStore(3);
        for (int i = 0; i < 5; i++) {
            store.create(CONFIG_MAPS, object("ns", "o" + i), false);
        }

        assertThatThrownBy(() -> store.watch(CONFIG_MAPS, null, 1, event -> { }))
                .isInstanceOfSatisfying(ResourceVersionExpiredException.class, e -> {
                    assertThat(e.requested()).isEqualTo(1);
                    assertThat(e.oldest()).isEqualTo(2);
                });
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        store.watch(CONFIG_MAPS, null, 2, events::add);
        assertThat(events).extracting(WatchEvent::resourceVersion).containsExactly(3L, 4L, 5L);
    }

    @Test
    void resetEmptiesTheStoreClosesEveryWatchAndExpiresEveryEarlierRevision() {
        ObjectStore store = newStore();
        store.create(CONFIG_MAPS, object("ns", "a"), false);
        store.create(SECRETS, object("ns", "s"), false);
        long before = store.currentRevision();
        List<String> seen = new CopyOnWriteArrayList<>();
        WatchListener listener = new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                seen.add(event.type() + " " + event.object().name());
            }

            @Override
            public void onClose() {
                seen.add("closed");
            }
        };
        store.watch(CONFIG_MAPS, null, before, listener);
        store.listAndWatch(SECRETS, "ns", snapshot -> { }, listener);

        ObjectStore.Reset reset = store.reset(() -> store.create(CONFIG_MAPS, object("", "boot"), false));

        assertThat(reset.resourceVersion()).isEqualTo(before + 1);
        assertThat(reset.removed()).isEqualTo(2);
        assertThat(seen).containsExactly("closed", "closed");
        assertThat(store.watchCount()).isZero();
        assertThat(names(store.list(CONFIG_MAPS, null, null, o -> true, 0).objects())).containsExactly("/boot");
        assertThat(store.list(SECRETS, null, null, o -> true, 0).objects()).isEmpty();
        assertThat(store.get(CONFIG_MAPS, "", "boot").orElseThrow().resourceVersion())
                .isEqualTo(Long.toString(before + 2));
        assertThatThrownBy(() -> store.watch(CONFIG_MAPS, null, before, event -> { }))
                .isInstanceOf(ResourceVersionExpiredException.class);
        List<WatchEvent> replayed = new ArrayList<>();
        store.watch(CONFIG_MAPS, null, reset.resourceVersion(), replayed::add);
        assertThat(replayed).extracting(event -> event.object().name()).containsExactly("boot");
    }

    @Test
    void aRestoredSnapshotHoldsTheObjectsAsTakenUnderNewResourceVersionsAndClosesEveryWatch() {
        ObjectStore store = newStore();
        Unstructured kept = store.create(CONFIG_MAPS, object("ns", "kept"), false);
        store.create(SECRETS, object("ns", "changed"), false);
        Instant takenAt = Instant.parse("2026-12-07T19:20:00Z");
        ObjectStore.NamedSnapshot snapshot = store.saveSnapshot("fixture", takenAt);
        assertThat(snapshot).isEqualTo(new ObjectStore.NamedSnapshot("fixture", store.currentRevision(), takenAt, 2));
        store.update(SECRETS, "ns", "changed", o -> withData(o, "after the snapshot"), o -> false, false);
        store.create(CONFIG_MAPS, object("ns", "after"), false);
        store.delete(CONFIG_MAPS, "ns", "kept", o -> { }, false);
        long before = store.currentRevision();
        List<String> closed = new CopyOnWriteArrayList<>();
        store.watch(CONFIG_MAPS, null, before, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
            }

            @Override
            public void onClose() {
                closed.add("closed");
            }
        });

        ObjectStore.Reset restore = store.restoreSnapshot("fixture").orElseThrow();

        assertThat(restore.resourceVersion()).isEqualTo(before + 1);
        assertThat(restore.removed()).isEqualTo(2);
        assertThat(closed).containsExactly("closed");
        Unstructured restored = store.get(CONFIG_MAPS, "ns", "kept").orElseThrow();
        assertThat(restored.at("data.key").asString()).isEqualTo("value");
        assertThat(Long.parseLong(restored.resourceVersion())).isGreaterThan(restore.resourceVersion());
        assertThat(Long.parseLong(kept.resourceVersion())).isLessThan(restore.resourceVersion());
        assertThat(store.get(SECRETS, "ns", "changed").orElseThrow().at("data.key").asString()).isEqualTo("value");
        assertThat(store.exists(CONFIG_MAPS, "ns", "after")).isFalse();
        assertThatThrownBy(() -> store.watch(CONFIG_MAPS, null, before, event -> { }))
                .isInstanceOf(ResourceVersionExpiredException.class);
        List<WatchEvent> replayed = new ArrayList<>();
        store.watch(CONFIG_MAPS, null, restore.resourceVersion(), replayed::add);
        assertThat(replayed).extracting(event -> event.type() + " " + event.object().name())
                .containsExactly("ADDED kept");
    }

    @Test
    void snapshotsAreListedByNameReplacedByNameKeptByAResetAndDeleted() {
        ObjectStore store = newStore();
        Instant takenAt = Instant.parse("2026-12-07T19:20:00Z");
        store.create(CONFIG_MAPS, object("ns", "a"), false);
        store.saveSnapshot("second", takenAt);
        store.saveSnapshot("first", takenAt);
        store.create(CONFIG_MAPS, object("ns", "b"), false);
        store.saveSnapshot("second", takenAt);
        store.reset(() -> { });

        assertThat(store.snapshots()).extracting(ObjectStore.NamedSnapshot::name, ObjectStore.NamedSnapshot::objects)
                .containsExactly(tuple("first", 1L), tuple("second", 2L));
        store.restoreSnapshot("second").orElseThrow();
        assertThat(names(store.list(CONFIG_MAPS, null, null, o -> true, 0).objects())).containsExactly("ns/a", "ns/b");
        assertThat(store.deleteSnapshot("second")).isTrue();
        assertThat(store.deleteSnapshot("second")).isFalse();
        assertThat(store.restoreSnapshot("second")).isEmpty();
        assertThat(store.snapshots()).extracting(ObjectStore.NamedSnapshot::name).containsExactly("first");
    }

    @Test
    void listAndWatchMissesNothingAndRepeatsNothingUnderConcurrentWrites() throws Exception {
        ObjectStore store = newStore(10_000);
        int writers = 4;
        int perWriter = 200;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        store.create(CONFIG_MAPS, object("ns", "w" + writer + "-" + i), false);
                    }
                    return null;
                }));
            }
            start.countDown();
            AtomicReference<ObjectStore.Snapshot> snapshot = new AtomicReference<>();
            List<WatchEvent> events = new CopyOnWriteArrayList<>();
            Thread.sleep(5);
            ObjectStore.Watch watch = store.listAndWatch(CONFIG_MAPS, "ns", snapshot::set, events::add);
            for (Future<?> write : writes) {
                write.get(30, TimeUnit.SECONDS);
            }
            watch.cancel();

            List<String> seen = new ArrayList<>(names(snapshot.get().items()));
            events.forEach(e -> seen.add(e.namespace() + "/" + e.object().name()));
            Set<String> distinct = new HashSet<>(seen);
            assertThat(seen).hasSize(writers * perWriter).hasSameSizeAs(distinct);
            assertThat(events).allSatisfy(e -> assertThat(e.resourceVersion())
                    .isGreaterThan(snapshot.get().resourceVersion()));
            assertThat(events).extracting(WatchEvent::resourceVersion).isSorted();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void getAnswersACopy() {
        ObjectStore store = newStore();
        Unstructured created = store.create(CONFIG_MAPS, object("ns", "a"), false);

        withData(store.get(CONFIG_MAPS, "ns", "a").orElseThrow(), "changed by a reader");
        withData(created, "changed by the writer");

        assertThat(store.get(CONFIG_MAPS, "ns", "a").orElseThrow().at("data.key").asString()).isEqualTo("value");
        assertThat(update(store, "ns", "a", "value").resourceVersion()).isEqualTo(created.resourceVersion());
    }

    @Test
    void aSharedObjectChangedByAReaderFailsTheNextWrite() {
        ObjectStore store = newStore();
        store.create(CONFIG_MAPS, object("ns", "a"), false);

        withData(store.list(CONFIG_MAPS, "ns", null, o -> true, 0).objects().get(0), "changed in place");

        assertThatThrownBy(() -> update(store, "ns", "a", "x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was changed after it was committed");
    }
}
