package dev.ordinal.storage;

import tools.jackson.databind.json.JsonMapper;

/**
 * A store that keeps its objects in memory only, with the same semantics as
 * {@link JdbcObjectStore} but nothing to start from and nothing surviving it: for unit tests,
 * as upstream's storage tests run against an in-process etcd rather than a cluster.
 */
public final class MemoryObjectStore extends IndexedObjectStore {

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
}
