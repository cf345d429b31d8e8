package dev.ordinal.controller.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.ordinal.machinery.Unstructured;

/**
 * An informer's objects by key, with named indexes kept up to date on every change: client-go's
 * thread-safe store with its Indexers. An index function files each object under a few values,
 * and {@link #byIndex} answers with the objects filed under one value at the cost of those
 * objects, not of the whole cache. One thread writes (the informer's dispatcher); any may read.
 */
final class IndexedCache {

    private final Map<String, Unstructured> objects = new ConcurrentHashMap<>();
    private final Map<String, Index> indexes = new ConcurrentHashMap<>();

    /** Adds an index; its values for the objects already cached are filed at once. */
    void addIndex(String name, SharedIndexInformer.IndexFunction function) {
        Index index = new Index(function);
        objects.forEach(index::add);
        if (indexes.putIfAbsent(name, index) != null) {
            throw new IllegalArgumentException("index " + name + " already exists");
        }
    }

    boolean hasIndex(String name) {
        return indexes.containsKey(name);
    }

    /** Stores the object under its key and refiles it in every index; returns what it replaced. */
    Unstructured put(String key, Unstructured object) {
        Unstructured previous = objects.put(key, object);
        for (Index index : indexes.values()) {
            if (previous != null) {
                index.remove(key, previous);
            }
            index.add(key, object);
        }
        return previous;
    }

    /** Removes the object under the key from the cache and every index; returns it. */
    Unstructured remove(String key) {
        Unstructured previous = objects.remove(key);
        if (previous != null) {
            indexes.values().forEach(index -> index.remove(key, previous));
        }
        return previous;
    }

    Optional<Unstructured> get(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    List<Unstructured> list() {
        return List.copyOf(objects.values());
    }

    /** The objects the named index files under {@code value} (client-go's ByIndex). */
    List<Unstructured> byIndex(String name, String value) {
        Index index = indexes.get(name);
        if (index == null) {
            throw new IllegalArgumentException("index " + name + " does not exist");
        }
        return index.get(value);
    }

    /** One index: by value, the objects filed under it, by key. Empty values are dropped. */
    private static final class Index {
        private final SharedIndexInformer.IndexFunction function;
        private final Map<String, Map<String, Unstructured>> byValue = new ConcurrentHashMap<>();

        Index(SharedIndexInformer.IndexFunction function) {
            this.function = function;
        }

        void add(String key, Unstructured object) {
            for (String value : function.values(object)) {
                byValue.computeIfAbsent(value, v -> new ConcurrentHashMap<>()).put(key, object);
            }
        }

        void remove(String key, Unstructured object) {
            for (String value : function.values(object)) {
                Map<String, Unstructured> filed = byValue.get(value);
                if (filed != null) {
                    filed.remove(key);
                    if (filed.isEmpty()) {
                        byValue.remove(value);
                    }
                }
            }
        }

        List<Unstructured> get(String value) {
            Map<String, Unstructured> filed = byValue.get(value);
            return filed == null ? List.of() : List.copyOf(filed.values());
        }
    }
}
