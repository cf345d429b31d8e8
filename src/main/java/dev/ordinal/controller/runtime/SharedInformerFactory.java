package dev.ordinal.controller.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

/**
 * Hands out the one {@link SharedIndexInformer} of each resource in the process, as client-go's
 * SharedInformerFactory: every controller asking for pods gets the same informer, so pods are
 * listed, watched and cached once and one thread tells every handler of their changes.
 *
 * <p>Controllers ask for informers, add their indexes and handlers while the application context
 * starts; the factory, a {@link SmartLifecycle}, then starts every informer asked for (client-go's
 * factory.Start once the controllers were built) before the web server serves; they stop when the
 * context closes. An informer asked for later starts on the next {@link #start()}, as in client-go.
 * Controllers wait for their informers to sync before reconciling
 * ({@link InformerSynced#waitForCacheSync}).
 */
@Component
public class SharedInformerFactory implements SmartLifecycle {

    /** Started before the web server starts serving (at DEFAULT_PHASE - 1024). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private final Function<GroupResource, ListerWatcher> listerWatchers;
    private final Map<GroupResource, SharedIndexInformer> informers = new LinkedHashMap<>();
    private boolean running;

    /** Informers that list and watch the store, the counterpart of client-go's on the API server. */
    @Autowired
    public SharedInformerFactory(ObjectStore store) {
        this(resource -> (listed, listener) -> store.listAndWatch(resource, null,
                snapshot -> listed.accept(snapshot.items(), snapshot.resourceVersion()), listener)::cancel);
    }

    SharedInformerFactory(Function<GroupResource, ListerWatcher> listerWatchers) {
        this.listerWatchers = listerWatchers;
    }

    /** The informer of the resource, made on the first ask (client-go's InformerFor). */
    public synchronized SharedIndexInformer informerFor(GroupResource resource) {
        return informers.computeIfAbsent(resource,
                r -> new SharedIndexInformer(r, listerWatchers.apply(r)));
    }

    /**
     * The informer of a resource served from now on (a custom resource's), started at once when
     * the factory already runs, as client-go's factory.Start for an informer asked for later.
     */
    public synchronized SharedIndexInformer startedInformerFor(GroupResource resource) {
        SharedIndexInformer informer = informerFor(resource);
        if (running) {
            informer.start();
        }
        return informer;
    }

    /** Stops and forgets the informer of a resource no longer served (a custom resource's). */
    public synchronized void remove(GroupResource resource) {
        SharedIndexInformer informer = informers.remove(resource);
        if (informer != null) {
            informer.stop();
        }
    }

    public SharedIndexInformer informerFor(ResourceDefinition definition) {
        return informerFor(definition.groupResource());
    }

    /** Starts every informer asked for that has not started yet; a no-op for the others. */
    @Override
    public synchronized void start() {
        informers.values().forEach(SharedIndexInformer::start);
        running = true;
    }

    /**
     * Leaves the informers running: the controllers that read them run until the context closes,
     * and a context stopped only to be started again (Spring pauses the cached contexts of tests
     * not running) must find them still current, as a client-go informer cannot be started twice.
     */
    @Override
    public synchronized void stop() {
        running = false;
    }

    /** Stops every informer (client-go's Shutdown), when the application context closes. */
    @PreDestroy
    public synchronized void shutdown() {
        informers.values().forEach(SharedIndexInformer::stop);
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Waits up to {@code timeout} for every started informer to sync (client-go's
     * factory.WaitForCacheSync); answers, by resource, whether each did.
     */
    public Map<GroupResource, Boolean> waitForCacheSync(Duration timeout) throws InterruptedException {
        List<SharedIndexInformer> started;
        synchronized (this) {
            started = informers.values().stream().filter(SharedIndexInformer::started).toList();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        InformerSynced.waitForCacheSync(() -> System.nanoTime() > deadline, started);
        Map<GroupResource, Boolean> synced = new LinkedHashMap<>();
        started.forEach(informer -> synced.put(informer.resource(), informer.hasSynced()));
        return synced;
    }

    /** The resources with an informer, in the order they were first asked for. */
    public synchronized List<GroupResource> resources() {
        return List.copyOf(informers.keySet());
    }

    /**
     * The threads of the informers and of the loops waiting on them that ended while they should
     * run, by name: any makes the process not live ({@link ControllerLiveness}).
     */
    public synchronized List<String> deadThreads() {
        return informers.values().stream().flatMap(informer -> informer.deadThreads().stream()).toList();
    }

    public synchronized int informerCount() {
        return informers.size();
    }
}
