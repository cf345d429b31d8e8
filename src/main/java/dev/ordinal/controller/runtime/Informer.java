package dev.ordinal.controller.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.storage.ObjectStore;
import dev.ordinal.machinery.WatchEvent;

/**
 * Keeps a local cache of one resource from a list-and-watch on the store and tells handlers about
 * each change, as client-go's shared informer does. Events are handed over under the store's lock
 * and dispatched on the informer's own thread, so handlers may read and write freely.
 */
public final class Informer {

    /** Reacts to changes; the usual reaction is queueing a key. */
    public interface Handler {
        void onChange(Unstructured object, Unstructured previous);
    }

    /** The values an index files an object under, none or several (client-go's IndexFunc). */
    public interface IndexFunction {
        List<String> values(Unstructured object);
    }

    /**
     * The index every informer keeps, by namespace (client-go's NamespaceIndex): controllers look
     * at one namespace on every sync, which must not cost a look at every object of every namespace.
     */
    public static final String NAMESPACE_INDEX = "namespace";

    private final GroupResource resource;
    private final ObjectStore store;
    private final IndexedCache cache = new IndexedCache();
    private final List<Handler> handlers = new ArrayList<>();
    private final BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
    private volatile long lastSyncResourceVersion;
    /** How many events of the initial list are still to be dispatched; -1 before the list. */
    private volatile int initialPending = -1;
    private ObjectStore.Watch watch;
    private Thread dispatcher;

    public Informer(GroupResource resource, ObjectStore store) {
        this.resource = resource;
        this.store = store;
        cache.addIndex(NAMESPACE_INDEX, object -> List.of(object.namespace()));
    }

    public Informer addHandler(Handler handler) {
        handlers.add(handler);
        return this;
    }

    /**
     * Adds an index to query with {@link #byIndex}; before {@link #start}, as client-go's AddIndexers
     * must come before the informer runs.
     */
    public synchronized Informer addIndex(String name, IndexFunction function) {
        if (watch != null) {
            throw new IllegalStateException("informer of " + resource + " has already started");
        }
        cache.addIndex(name, function);
        return this;
    }

    public synchronized void start() {
        watch = store.listAndWatch(resource, null, snapshot -> {
            initialPending = snapshot.items().size();
            snapshot.items().forEach(item -> events.add(
                    new WatchEvent(WatchEvent.Type.ADDED, resource, item, null, snapshot.resourceVersion())));
            if (snapshot.items().isEmpty()) {
                // Nothing to dispatch: the empty cache is already current at the list's resourceVersion.
                lastSyncResourceVersion = snapshot.resourceVersion();
            }
        }, events::add);
        dispatcher = new Thread(this::dispatch, "informer-" + resource);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    public synchronized void stop() {
        if (watch != null) {
            watch.cancel();
        }
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
    }

    /**
     * Whether the cache holds everything of the initial list and the handlers were told of it, as
     * client-go's HasSynced: until then an object missing from it may just not have arrived yet.
     */
    public boolean hasSynced() {
        return initialPending == 0;
    }

    public Optional<Unstructured> get(String namespace, String name) {
        return cache.get(key(namespace, name));
    }

    public Collection<Unstructured> list() {
        return cache.list();
    }

    public List<Unstructured> list(String namespace) {
        return cache.byIndex(NAMESPACE_INDEX, namespace);
    }

    /** The cached objects the named index files under {@code value} (client-go's ByIndex). */
    public List<Unstructured> byIndex(String name, String value) {
        return cache.byIndex(name, value);
    }

    /** Tells the handlers about every cached object again: the periodic resync. */
    public void resync() {
        for (Unstructured object : cache.list()) {
            handlers.forEach(h -> h.onChange(object, object));
        }
    }

    /**
     * The resourceVersion of the last change the cache holds (client-go's LastSyncResourceVersion):
     * a controller that wrote at resourceVersion N reads its own write from the cache once this is N
     * or more, and the cache holds the initial list once this reaches the list's resourceVersion.
     */
    public long lastSyncResourceVersion() {
        return lastSyncResourceVersion;
    }

    public static String key(String namespace, String name) {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    private void dispatch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchEvent event = events.take();
                Unstructured object = event.object();
                String key = key(object.namespace(), object.name());
                Unstructured previous = event.type() == WatchEvent.Type.DELETED
                        ? cache.remove(key)
                        : cache.put(key, object);
                // Events of the initial list all carry the list's resourceVersion: the cache is
                // current at it only once the last of them is in.
                boolean ofInitialList = initialPending > 0;
                if (!ofInitialList || initialPending == 1) {
                    lastSyncResourceVersion = event.resourceVersion();
                }
                for (Handler handler : handlers) {
                    handler.onChange(object, previous);
                }
                if (ofInitialList) {
                    // Synced once the handlers were told of the whole list too: some keep state
                    // of their own from the events, as the scheduler's cache of what each node holds.
                    initialPending--;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
