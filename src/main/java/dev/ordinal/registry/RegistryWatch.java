package dev.ordinal.registry;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.machinery.WatchListener;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.watch.Event;
import dev.ordinal.registry.watch.EventSink;
import dev.ordinal.registry.watch.SelectionFilter;
import dev.ordinal.storage.ObjectStore;

/**
 * One watch of one kind, upstream's {@code Store.Watch} over its cacher: prepared (selectors and
 * resourceVersion checked) by {@link GenericRegistry#watch}, then started on a sink. It starts
 * from the resourceVersion asked for, or, with none or "0", with the current state as ADDED
 * events; {@code sendInitialEvents=true} (upstream's watch-list) sends the current state and then
 * a BOOKMARK annotated {@value #INITIAL_EVENTS_END}, {@code sendInitialEvents=false} only what
 * follows. Every event passes the watch's {@link SelectionFilter}.
 */
public final class RegistryWatch {

    /** The annotation of the bookmark that ends a watch-list's initial events. */
    public static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

    /** The message of the etcd error a watch gets when its revision was compacted under it. */
    static final String RESET = "The resourceVersion for the provided watch is too old.";

    private final ObjectStore store;
    private final ResourceDefinition definition;
    private final String namespace;
    private final SelectionFilter filter;
    private final long from;
    private final WatchOptions options;
    private volatile EventSink sink;
    private volatile ObjectStore.Watch running;
    private volatile boolean stopped;

    RegistryWatch(ObjectStore store, ResourceDefinition definition, String namespace, SelectionFilter filter,
                  long from, WatchOptions options) {
        this.store = store;
        this.definition = definition;
        this.namespace = namespace;
        this.filter = filter;
        this.from = from;
        this.options = options;
    }

    /** Starts delivering to {@code sink}; a resourceVersion already compacted is one ERROR event. */
    public void start(EventSink sink) {
        this.sink = sink;
        GroupResource resource = definition.groupResource();
        WatchListener listener = new WatchListener() {
            @Override
            public void onEvent(WatchEvent change) {
                Event event = filter.filter(change);
                if (event != null) {
                    sink.send(new Event(event.type(), ServedVersion.of(definition, event.object())));
                }
            }

            /**
             * The store was reset under the watch: what it saw is history no resourceVersion leads
             * back to, so it ends as a watch whose revision etcd compacted ends, with 410 Expired,
             * and its client lists again.
             */
            @Override
            public void onClose() {
                sink.send(new Event(Event.Type.ERROR, StatusError.expired(RESET).toStatus()));
            }
        };
        Boolean initialEvents = options.sendInitialEvents();
        try {
            ObjectStore.Watch watch;
            if (Boolean.TRUE.equals(initialEvents) || (initialEvents == null && from == 0)) {
                watch = store.listAndWatch(resource, namespace, snapshot -> {
                    snapshot.items().forEach(item -> listener.onEvent(new WatchEvent(WatchEvent.Type.ADDED,
                            resource, item, null, snapshot.resourceVersion())));
                    if (Boolean.TRUE.equals(initialEvents) && options.allowWatchBookmarks()) {
                        sink.send(bookmark(snapshot.resourceVersion(), true));
                    }
                }, listener);
            } else if (from == 0) {
                watch = store.listAndWatch(resource, namespace, snapshot -> { }, listener);
            } else {
                watch = StorageErrors.interpreted(() -> store.watch(resource, namespace, from, listener));
            }
            running = watch;
        } catch (StatusError e) {
            sink.send(new Event(Event.Type.ERROR, e.toStatus()));
            return;
        }
        if (stopped) {
            running.cancel();
        }
    }

    /** Sends a BOOKMARK at the current revision, no write in between (upstream's periodic bookmarks). */
    public void bookmark() {
        EventSink target = sink;
        if (target != null && !stopped) {
            store.atCurrentRevision(revision -> target.send(bookmark(revision, false)));
        }
    }

    /** Stops following changes. */
    public void stop() {
        stopped = true;
        ObjectStore.Watch watch = running;
        if (watch != null) {
            watch.cancel();
        }
    }

    private Event bookmark(long revision, boolean initialEventsEnd) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("kind", definition.kind());
        object.put("apiVersion", definition.apiVersion());
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("resourceVersion", Long.toString(revision));
        if (initialEventsEnd) {
            metadata.putObject("annotations").put(INITIAL_EVENTS_END, "true");
        }
        return new Event(Event.Type.BOOKMARK, object);
    }
}
