package dev.ordinal.api;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.ListOptions;
import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.registry.selection.Selection;
import dev.ordinal.storage.ObjectStore;
import dev.ordinal.storage.ResourceVersionExpiredException;
import dev.ordinal.storage.WatchEvent;

/**
 * Watch streams over HTTP: newline-delimited WatchEvents on a chunked response, written by a small
 * shared pool rather than a thread per watch. Each stream filters by its selectors the way
 * upstream's cacher does (an object leaving the selection is DELETED, one entering it ADDED).
 */
@Component
class WatchStreams implements SmartLifecycle {

    /** Upstream's default when the client gives no timeoutSeconds (minRequestTimeout, 30 minutes). */
    private static final long DEFAULT_TIMEOUT_SECONDS = 1800;
    private static final long BOOKMARK_INTERVAL_SECONDS = 60;
    /** Queued first on every stream: written as no bytes, it commits the response's headers. */
    private static final ObjectNode HEADERS = JsonNodeFactory.instance.objectNode();
    /** A watcher this far behind is closed, as upstream's cacher drops slow watchers; it relists. */
    private static final int MAX_BACKLOG = 50_000;

    private final ObjectStore store;
    private final Tables tables;
    private final ObjectCodec codec;
    private final ExecutorService delivery = Executors.newFixedThreadPool(4, named("watch-delivery"));
    private final ScheduledExecutorService bookmarks = Executors.newSingleThreadScheduledExecutor(named("watch-bookmarks"));
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    WatchStreams(ObjectStore store, Tables tables, ObjectCodec codec) {
        this.store = store;
        this.tables = tables;
        this.codec = codec;
    }

    ResponseBodyEmitter open(ResourceDefinition definition, String namespace, ListOptions options,
                             Representation representation, String includeObject, boolean allowBookmarks,
                             long timeoutSeconds) {
        Selection selection = Selection.of(definition, options.labelSelector(), options.fieldSelector());
        long timeout = timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(TimeUnit.SECONDS.toMillis(timeout));
        Stream stream = new Stream(definition, selection, representation, includeObject, emitter);
        String ns = definition.namespaced() && !namespace.isEmpty() ? namespace : null;
        String from = options.resourceVersion();
        try {
            if (from.isEmpty() || from.equals("0")) {
                stream.watch = store.listAndWatch(definition.groupResource(), ns,
                        snapshot -> snapshot.items().forEach(item -> stream.onEvent(new WatchEvent(
                                WatchEvent.Type.ADDED, definition.groupResource(), item, null,
                                snapshot.resourceVersion()))), stream);
            } else {
                stream.watch = store.watch(definition.groupResource(), ns, parse(from), stream);
            }
        } catch (ResourceVersionExpiredException e) {
            stream.fail(StatusError.expired(e.getMessage()));
            return emitter;
        }
        if (allowBookmarks) {
            stream.bookmarks = bookmarks.scheduleAtFixedRate(() -> store.atCurrentRevision(stream::bookmark),
                    BOOKMARK_INTERVAL_SECONDS, BOOKMARK_INTERVAL_SECONDS, TimeUnit.SECONDS);
        }
        emitter.onTimeout(stream::close);
        emitter.onCompletion(stream::stop);
        emitter.onError(error -> stream.stop());
        open.add(stream);
        stream.sendHeaders();
        return emitter;
    }

    private static long parse(String resourceVersion) {
        try {
            return Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            throw StatusError.badRequest("invalid resource version: " + resourceVersion);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open watch before the web server drains its requests, as kube-apiserver closes
     * watches on shutdown; clients re-watch elsewhere or after the restart.
     */
    @Override
    public void stop() {
        running = false;
        open.forEach(Stream::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Later than the web server's graceful shutdown phase, so this stops first. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @PreDestroy
    void shutdown() {
        bookmarks.shutdownNow();
        delivery.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One client's watch: events queue up under the store lock and are written by the pool. */
    private final class Stream implements dev.ordinal.storage.WatchListener {
        private final ResourceDefinition definition;
        private final Selection selection;
        private final Representation representation;
        private final String includeObject;
        private final ResponseBodyEmitter emitter;
        private final Queue<ObjectNode> pending = new ConcurrentLinkedQueue<>();
        private final AtomicInteger backlog = new AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile ObjectStore.Watch watch;
        private volatile ScheduledFuture<?> bookmarks;
        private boolean headersSent;

        Stream(ResourceDefinition definition, Selection selection, Representation representation,
               String includeObject, ResponseBodyEmitter emitter) {
            this.definition = definition;
            this.selection = selection;
            this.representation = representation;
            this.includeObject = includeObject;
            this.emitter = emitter;
        }

        @Override
        public void onEvent(WatchEvent event) {
            ObjectNode filtered = filter(event);
            if (filtered != null) {
                enqueue(filtered);
            }
        }

        /**
         * Commits the response status and headers before any event, as kube-apiserver flushes a
         * watch at once: clients such as kubectl's wait block on the headers of a quiet watch.
         */
        void sendHeaders() {
            enqueue(HEADERS);
        }

        void bookmark(long revision) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            object.put("kind", definition.kind());
            object.put("apiVersion", definition.apiVersion());
            object.putObject("metadata").put("resourceVersion", Long.toString(revision));
            enqueue(event("BOOKMARK", object));
        }

        void fail(StatusError error) {
            enqueue(event("ERROR", error.toStatus()));
            enqueue(null);
        }

        /** Upstream cacher's rules for a selected watch. */
        private ObjectNode filter(WatchEvent event) {
            boolean now = selection.matches(event.object());
            boolean before = event.previous() == null ? now : selection.matches(event.previous());
            return switch (event.type()) {
                case ADDED -> now ? event("ADDED", event.object()) : null;
                case DELETED -> now || before ? event("DELETED", event.object()) : null;
                case MODIFIED -> {
                    if (now && before) {
                        yield event("MODIFIED", event.object());
                    } else if (now) {
                        yield event("ADDED", event.object());
                    } else if (before) {
                        Unstructured gone = event.previous().deepCopy();
                        gone.setMeta("resourceVersion", Long.toString(event.resourceVersion()));
                        yield event("DELETED", gone);
                    }
                    yield null;
                }
            };
        }

        private ObjectNode event(String type, Unstructured object) {
            return event(type, object.json());
        }

        private ObjectNode event(String type, ObjectNode object) {
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.put("type", type);
            event.set("object", object);
            return event;
        }

        private void enqueue(ObjectNode event) {
            if (closed.get()) {
                return;
            }
            if (backlog.incrementAndGet() > MAX_BACKLOG) {
                close();
                return;
            }
            pending.add(event == null ? JsonNodeFactory.instance.objectNode() : event);
            if (draining.compareAndSet(false, true)) {
                delivery.execute(this::drain);
            }
        }

        private void drain() {
            try {
                ObjectNode event;
                while (!closed.get() && (event = pending.poll()) != null) {
                    backlog.decrementAndGet();
                    if (event == HEADERS) {
                        emitter.send(new byte[0], MediaType.APPLICATION_JSON);
                        continue;
                    }
                    if (event.isEmpty()) {
                        close();
                        return;
                    }
                    emitter.send(encode(event), MediaType.APPLICATION_JSON);
                }
            } catch (IOException | IllegalStateException e) {
                stop();
            } finally {
                draining.set(false);
            }
            if (!pending.isEmpty() && !closed.get() && draining.compareAndSet(false, true)) {
                delivery.execute(this::drain);
            }
        }

        private byte[] encode(ObjectNode event) {
            JsonNode object = event.get("object");
            String type = event.get("type").asString();
            if (!type.equals("ERROR") && !type.equals("BOOKMARK")) {
                if (representation == Representation.TABLE) {
                    event.set("object", tables.table(definition, java.util.List.of(new Unstructured((ObjectNode) object)),
                            object.path("metadata").path("resourceVersion").asString(""), "", includeObject,
                            !headersSent));
                    headersSent = true;
                } else if (representation == Representation.PARTIAL_METADATA) {
                    event.set("object", Tables.partialMetadata(new Unstructured((ObjectNode) object)));
                }
            }
            byte[] json = codec.encode(event, Representation.JSON);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        }

        /** Ends the response normally (timeout, or the watch can't continue). */
        void close() {
            if (stop()) {
                try {
                    emitter.complete();
                } catch (IllegalStateException ignored) {
                    // already completed by the container
                }
            }
        }

        /** Stops following changes; true the first time. */
        boolean stop() {
            if (!closed.compareAndSet(false, true)) {
                return false;
            }
            open.remove(this);
            if (watch != null) {
                watch.cancel();
            }
            if (bookmarks != null) {
                bookmarks.cancel(false);
            }
            return true;
        }
    }
}
