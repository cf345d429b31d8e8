package dev.ordinal.storage;

class MemoryObjectStoreTest extends ObjectStoreContract {

    @Override
    ObjectStore newStore(int retention) {
        return new MemoryObjectStore(JSON, new StorageProperties(retention, true, false));
    }
}
