package dev.ordinal.controller.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;

/**
 * The one cache of a resource in the process, and the changes to it told to every handler, as
 * client-go's sharedIndexInformer: a {@link Reflector} lists and watches, and one dispatcher thread
 * applies what it saw to the {@link IndexedCache} and then calls each handler in the order they
 * were added. Handlers thus see every change in resourceVersion order and may read and write
 * freely; a slow handler delays the others of its informer. Only {@link SharedInformerFactory}
 * makes informers.
 */
public final class SharedIndexInformer implements InformerSynced {

    /** The values an index files an object under, none or several (client-go's IndexFunc). */
    @FunctionalInterface
    public interface IndexFunction {
        List<String> values(Unstructured object);
    }

    /**
     * The index every informer keeps, by namespace (client-go's NamespaceIndex): controllers look
     * at one namespace on every sync, which must not cost a look at every object of every namespace.
     */
    public static final String NAMESPACE_INDEX = "namespace";

    /** The failures on single changes, by resource: ordinal.informer.failures{resource="pods"}. */
    public static final String FAILURES = "ordinal.informer.failures";

    private static final Logger log = LoggerFactory.getLogger(SharedIndexInformer.class);

    private final GroupResource resource;
    private final IndexedCache cache = new IndexedCache();
    private final BlockingDeque<Delta> deltas = new LinkedBlockingDeque<>();
    private final Reflector reflector;
    /** Changed by the dispatcher thread only once it runs. */
    private final List<ResourceEventHandlerRegistration> registrations = new CopyOnWriteArrayList<>();
    private final Set<ControllerLoop> loops = ConcurrentHashMap.newKeySet();
    private volatile long lastSyncResourceVersion;
    /** The resourceVersion of the latest change or list queued for the dispatcher. */
    private volatile long queuedThrough;
    /** The resourceVersion of the latest change or list every handler has been told of. */
    private volatile long dispatchedThrough;
    private volatile boolean synced;
    private volatile boolean stopped;
    private volatile Thread dispatcher;

    SharedIndexInformer(GroupResource resource, ListerWatcher listerWatcher) {
        this.resource = resource;
        this.reflector = new Reflector("informer of " + resource, listerWatcher, this::queue);
        cache.addIndex(NAMESPACE_INDEX, object -> List.of(object.namespace()));
    }

    public GroupResource resource() {
        return resource;
    }

    /**
     * Adds a handler (client-go's AddEventHandler). Added to a running informer, it is first told
     * of every cached object as {@code onAdd(obj, true)}, then of the changes after them.
     */
    public synchronized ResourceEventHandlerRegistration addEventHandler(ResourceEventHandler handler) {
        ResourceEventHandlerRegistration registration = new ResourceEventHandlerRegistration(this, handler);
        if (dispatcher == null) {
            registrations.add(registration);
        } else {
            deltas.add(new Delta.HandlerAdded(registration));
        }
        return registration;
    }

    /**
     * Adds an index to query with {@link #byIndex}, before the informer starts, as client-go's
     * AddIndexers. The name identifies the function: each informer is shared, so several
     * controllers ask for the same index, and every ask after the first is a no-op.
     */
    public synchronized SharedIndexInformer addIndex(String name, IndexFunction function) {
        if (cache.hasIndex(name)) {
            return this;
        }
        if (dispatcher != null) {
            throw new IllegalStateException("informer of " + resource + " has already started");
        }
        cache.addIndex(name, function);
        return this;
    }

    synchronized void start() {
        if (dispatcher != null) {
            return;
        }
        dispatcher = new Thread(this::run, "informer-" + resource);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    synchronized boolean started() {
        return dispatcher != null;
    }

    void stop() {
        stopped = true;
        reflector.stop();
        deltas.addFirst(new Delta.Stopped());
    }

    /**
     * Whether the cache holds everything of the first list and the handlers were told of it, as
     * client-go's HasSynced: until then an object missing from it may just not have arrived yet.
     */
    @Override
    public boolean hasSynced() {
        return synced;
    }

    public Optional<Unstructured> get(String namespace, String name) {
        return cache.get(key(namespace, name));
    }

    public List<Unstructured> list() {
        return cache.list();
    }

    public List<Unstructured> list(String namespace) {
        return cache.byIndex(NAMESPACE_INDEX, namespace);
    }

    /** The cached objects the named index files under {@code value} (client-go's ByIndex). */
    public List<Unstructured> byIndex(String name, String value) {
        return cache.byIndex(name, value);
    }

    /**
     * The resourceVersion of the last change the cache holds (client-go's LastSyncResourceVersion):
     * a controller that wrote at resourceVersion N reads its own write from the cache once this is N
     * or more.
     */
    public long lastSyncResourceVersion() {
        return lastSyncResourceVersion;
    }

    /** The cache key of an object: {@code namespace/name}, or the name of a cluster-scoped one. */
    public static String key(String namespace, String name) {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /**
     * Whether the handlers have been told of every change to this resource at or below
     * {@code resourceVersion}. Each informer has its own thread, so one may run ahead of another:
     * a controller that keeps state from several informers (the garbage collector's graph) asks
     * this of each before it trusts that state to be current at a resourceVersion. Changes are
     * queued in resourceVersion order as they commit, so every change at or below a committed
     * resourceVersion is queued by the time anyone reads that resourceVersion.
     */
    public boolean hasDispatchedThrough(long resourceVersion) {
        long queued = queuedThrough;
        return synced && dispatchedThrough >= Math.min(resourceVersion, queued);
    }

    int handlerCount() {
        return registrations.size();
    }

    void resync(ResourceEventHandlerRegistration registration) {
        deltas.add(new Delta.Resync(registration));
    }

    /** Drops the watch as if it broke (see {@link Reflector#dropWatch}). */
    void dropWatch() {
        reflector.dropWatch();
    }

    private void queue(Delta delta) {
        if (delta instanceof Delta.Changed changed) {
            queuedThrough = changed.event().resourceVersion();
        } else if (delta instanceof Delta.Listed listed) {
            queuedThrough = Math.max(queuedThrough, listed.resourceVersion());
        }
        deltas.add(delta);
    }

    private void run() {
        try {
            reflector.listAndWatch(() -> stopped);
            while (!stopped) {
                Delta delta = deltas.take();
                if (!stopped) {
                    processSafely(delta);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Processes one change; one that fails (an index function refusing an object, a handler
     * overflowing its stack on a deeply nested one) is logged, counted and passed over, as
     * client-go's HandleCrash keeps a bad object from stopping the informer for every other.
     */
    private void processSafely(Delta delta) throws InterruptedException {
        try {
            process(delta);
        } catch (RuntimeException | StackOverflowError e) {
            failed(e);
        }
    }

    private void failed(Throwable e) {
        log.error("The informer of {} failed on a change and goes on with the next", resource, e);
        Metrics.counter(FAILURES, "resource", resource.toString()).increment();
    }

    /** Loops whose workers wait on this informer; they report to liveness with it. */
    void addLoop(ControllerLoop loop) {
        loops.add(loop);
    }

    /** The threads of this informer and of its loops that ended while they should run, by name. */
    List<String> deadThreads() {
        List<String> dead = new ArrayList<>();
        Thread thread = dispatcher;
        if (thread != null && !thread.isAlive() && !stopped) {
            dead.add(thread.getName());
        }
        loops.forEach(loop -> dead.addAll(loop.deadWorkers()));
        return dead;
    }

    private void process(Delta delta) throws InterruptedException {
        if (delta instanceof Delta.Listed listed && reflector.isCurrent(listed.watch())) {
            replace(listed.items(), listed.resourceVersion());
        } else if (delta instanceof Delta.Changed changed && reflector.isCurrent(changed.watch())) {
            apply(changed.event());
        } else if (delta instanceof Delta.WatchEnded ended && reflector.isCurrent(ended.watch())) {
            reflector.listAndWatch(() -> stopped);
        } else if (delta instanceof Delta.HandlerAdded added) {
            addRunning(added.registration());
        } else if (delta instanceof Delta.Resync resync && registrations.contains(resync.registration())) {
            ResourceEventHandler handler = resync.registration().handler();
            cache.list().forEach(object -> call(handler, h -> h.onUpdate(object, object)));
        }
        // Anything else is left over from a replaced watch: the list that replaced it covers it.
    }

    /**
     * Replaces the cache with a list, as client-go's DeltaFIFO.Replace and HandleDeltas: listed
     * objects are added or updated, and cached objects the list lacks were deleted while no watch
     * ran, so their handlers get a {@link DeletedFinalStateUnknown} with the last state known.
     */
    private void replace(List<Unstructured> items, long resourceVersion) {
        boolean initial = !synced;
        List<Consumer<ResourceEventHandler>> notifications = new ArrayList<>(items.size());
        Set<String> listed = new HashSet<>();
        for (Unstructured object : items) {
            String key = key(object.namespace(), object.name());
            listed.add(key);
            Unstructured old = cache.put(key, object);
            notifications.add(old == null ? h -> h.onAdd(object, initial) : h -> h.onUpdate(old, object));
        }
        for (Unstructured cached : cache.list()) {
            String key = key(cached.namespace(), cached.name());
            if (!listed.contains(key)) {
                cache.remove(key);
                notifications.add(h -> h.onDelete(new DeletedFinalStateUnknown(key, cached)));
            }
        }
        // The cache is current at the list's resourceVersion before any handler hears of it, as it
        // is at each change's before the handlers hear of that.
        lastSyncResourceVersion = resourceVersion;
        notifications.forEach(this::distribute);
        dispatchedThrough = Math.max(dispatchedThrough, resourceVersion);
        if (initial) {
            // Synced once the handlers were told of the whole list too: some keep state of their
            // own from the events, as the scheduler's cache of what each node holds.
            registrations.forEach(ResourceEventHandlerRegistration::markSynced);
            synced = true;
        }
    }

    private void apply(WatchEvent event) {
        Unstructured object = event.object();
        String key = key(object.namespace(), object.name());
        if (event.type() == WatchEvent.Type.DELETED) {
            cache.remove(key);
            lastSyncResourceVersion = event.resourceVersion();
            // The final state, as the watch's DELETED event carries it.
            distribute(h -> h.onDelete(object));
            dispatchedThrough = event.resourceVersion();
            return;
        }
        Unstructured old = cache.put(key, object);
        lastSyncResourceVersion = event.resourceVersion();
        if (old == null) {
            distribute(h -> h.onAdd(object, false));
        } else {
            distribute(h -> h.onUpdate(old, object));
        }
        dispatchedThrough = event.resourceVersion();
    }

    /**
     * A handler added while the informer runs: told of the cached objects first, if the first list
     * is in; otherwise it gets that list with the others.
     */
    private void addRunning(ResourceEventHandlerRegistration registration) {
        registrations.add(registration);
        if (synced) {
            ResourceEventHandler handler = registration.handler();
            cache.list().forEach(object -> call(handler, h -> h.onAdd(object, true)));
            registration.markSynced();
        }
    }

    private void distribute(Consumer<ResourceEventHandler> notification) {
        for (ResourceEventHandlerRegistration registration : registrations) {
            call(registration.handler(), notification);
        }
    }

    /** One handler's failure is logged and keeps neither the others nor later changes from it. */
    private void call(ResourceEventHandler handler, Consumer<ResourceEventHandler> notification) {
        try {
            notification.accept(handler);
        } catch (RuntimeException | StackOverflowError e) {
            failed(e);
        }
    }
}
