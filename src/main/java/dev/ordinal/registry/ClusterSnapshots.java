package dev.ordinal.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.storage.ObjectStore;

/**
 * Named snapshots of the whole cluster, for suites that build an expensive fixture once and put it
 * back before each test. A snapshot is taken of the store as it stands; restoring it replaces every
 * object the way {@link ClusterReset} does (one write, every watch closed with 410 Expired, so
 * informers and controllers list again), under new resourceVersions.
 */
@Component
public class ClusterSnapshots {

    /** How a missing snapshot is named in a 404, as a resource of Ordinal's own group. */
    static final GroupResource SNAPSHOTS = new GroupResource("ordinal.dev", "snapshots");

    private static final Logger log = LoggerFactory.getLogger(ClusterSnapshots.class);

    private final ObjectStore store;
    private final SimulatedClock clock;

    ClusterSnapshots(ObjectStore store, SimulatedClock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A snapshot kept: its name, the resourceVersion and the cluster's time it was taken at, how many objects it holds. */
    public record Snapshot(String name, long resourceVersion, Instant takenAt, long objects) {

        private static Snapshot of(ObjectStore.NamedSnapshot kept) {
            return new Snapshot(kept.name(), kept.resourceVersion(), kept.takenAt(), kept.objects());
        }
    }

    /** What a restore did: the resourceVersion it took, how many objects it removed and wrote, in how long. */
    public record Restored(long resourceVersion, long removed, long restored, long nanos) {
    }

    /** Takes a snapshot under {@code name} (a DNS subdomain), replacing one of that name; stamped with the cluster's time. */
    public Snapshot take(String name) {
        List<String> problems = name == null ? List.of("must be given") : Formats.dns1123Subdomain(name);
        if (!problems.isEmpty()) {
            throw StatusError.badRequest("invalid snapshot name \"" + name + "\": " + String.join("; ", problems));
        }
        ObjectStore.NamedSnapshot snapshot = store.saveSnapshot(name, clock.instant());
        log.info("Took snapshot {} of {} objects at resourceVersion {}", name, snapshot.objects(),
                snapshot.resourceVersion());
        return Snapshot.of(snapshot);
    }

    public List<Snapshot> list() {
        return store.snapshots().stream().map(Snapshot::of).toList();
    }

    /** The snapshot of that name; NotFound when there is none. */
    public Snapshot get(String name) {
        return list().stream().filter(snapshot -> snapshot.name().equals(name)).findFirst()
                .orElseThrow(() -> StatusError.notFound(SNAPSHOTS, name));
    }

    /** Puts the cluster back in the state of the snapshot; NotFound when there is none of that name. */
    public Restored restore(String name) {
        long before = System.nanoTime();
        Snapshot snapshot = get(name);
        Optional<ObjectStore.Reset> reset = store.restoreSnapshot(name);
        ObjectStore.Reset done = reset.orElseThrow(() -> StatusError.notFound(SNAPSHOTS, name));
        Restored restored = new Restored(done.resourceVersion(), done.removed(), snapshot.objects(),
                System.nanoTime() - before);
        log.info("Restored snapshot {} at resourceVersion {}: {} objects removed, {} written in {} µs", name,
                done.resourceVersion(), done.removed(), snapshot.objects(), restored.nanos() / 1000);
        return restored;
    }

    /** Forgets the snapshot; NotFound when there is none of that name. */
    public void delete(String name) {
        if (!store.deleteSnapshot(name)) {
            throw StatusError.notFound(SNAPSHOTS, name);
        }
    }
}
