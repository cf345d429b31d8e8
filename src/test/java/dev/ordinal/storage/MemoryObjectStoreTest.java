package dev.ordinal.storage;

class MemoryObjectStoreTest extends ObjectStoreContract {

    @Override
    ObjectStore newStore(StorageProperties properties) {
        return new MemoryObjectStore(JSON, properties);
    }
}
