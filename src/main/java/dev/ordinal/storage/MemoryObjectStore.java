package dev.ordinal.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * A store that keeps its objects in memory only, with the same semantics as
 * {@link JdbcObjectStore} but nothing to start from and nothing surviving it: for unit tests,
 * as upstream's storage tests run against an in-process etcd rather than a cluster.
 */
public final class MemoryObjectStore extends IndexedObjectStore {

    /** Guarded by the store's snapshot lock, which every caller holds. */
    private final Map<String, Kept> snapshots = new TreeMap<>();

    public MemoryObjectStore(JsonMapper mapper, StorageProperties properties) {
        super(mapper, properties, Restored.NOTHING);
    }

    /** The default retention, with the mutation detector on: a test that changes a shared object fails. */
    public MemoryObjectStore() {
        this(JsonMapper.builder().build(), new StorageProperties(null, true, false));
    }

    @Override
    protected void persist(Change change) {
        // Memory is the only copy: what the index holds after the commit is all there is.
    }

    @Override
    protected void persistReset() {
        // Nothing kept elsewhere to empty.
    }

    @Override
    protected void persistSnapshot(NamedSnapshot snapshot, List<SnapshotEntry> entries) {
        snapshots.put(snapshot.name(), new Kept(snapshot, List.copyOf(entries)));
    }

    @Override
    protected Optional<List<SnapshotEntry>> readSnapshot(String name) {
        return Optional.ofNullable(snapshots.get(name)).map(Kept::entries);
    }

    @Override
    protected List<NamedSnapshot> readSnapshots() {
        return snapshots.values().stream().map(Kept::snapshot).toList();
    }

    @Override
    protected boolean removeSnapshot(String name) {
        return snapshots.remove(name) != null;
    }

    private record Kept(NamedSnapshot snapshot, List<SnapshotEntry> entries) {
    }
}
