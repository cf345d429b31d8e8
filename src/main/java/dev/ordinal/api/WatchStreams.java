package dev.ordinal.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.RegistryWatch;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.WatchOptions;
import dev.ordinal.registry.watch.Event;
import dev.ordinal.registry.watch.EventSink;

/**
 * Watch streams: the events of a {@link RegistryWatch} as newline-delimited WatchEvents on a
 * chunked HTTP response, or one WebSocket message per event, written by a small shared pool rather
 * than a thread per watch. What a watch sees (selection, initial state, bookmarks) is the
 * registry's; this class only encodes, times and writes.
 */
@Component
class WatchStreams implements SmartLifecycle {

    /** Upstream's default when the client gives no timeoutSeconds (minRequestTimeout, 30 minutes). */
    private static final long DEFAULT_TIMEOUT_SECONDS = 1800;
    private static final long BOOKMARK_INTERVAL_SECONDS = 60;
    /** Queued first on every HTTP stream: written as no bytes, it commits the response's headers. */
    private static final ObjectNode HEADERS = JsonNodeFactory.instance.objectNode();
    /** A watcher this far behind is closed, as upstream's cacher drops slow watchers; it relists. */
    private static final int MAX_BACKLOG = 50_000;

    private final GenericRegistry registry;
    private final Tables tables;
    private final ObjectCodec codec;
    private final ExecutorService delivery = Executors.newFixedThreadPool(4, named("watch-delivery"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(named("watch-timers"));
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    WatchStreams(GenericRegistry registry, Tables tables, ObjectCodec codec) {
        this.registry = registry;
        this.tables = tables;
        this.codec = codec;
    }

    ResponseBodyEmitter open(ResourceDefinition definition, String namespace, WatchOptions options,
                             Representation representation, String includeObject, long timeoutSeconds) {
        RegistryWatch watch = registry.watch(definition, namespace, options);
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(TimeUnit.SECONDS.toMillis(timeout(timeoutSeconds)));
        Stream stream = new Stream(definition, watch, representation, includeObject, new Sink() {
            @Override
            public void send(byte[] event) throws IOException {
                emitter.send(event, MediaType.APPLICATION_JSON);
            }

            @Override
            public void complete() {
                emitter.complete();
            }
        });
        emitter.onTimeout(stream::close);
        emitter.onCompletion(stream::stop);
        emitter.onError(error -> stream.stop());
        stream.sendHeaders();
        start(stream, options.allowWatchBookmarks());
        return emitter;
    }

    /**
     * Serves a watch over a WebSocket, as upstream's {@code WatchServer.HandleWS} does for a
     * request that asks to upgrade (the fabric8 client's first choice): one text message per
     * event, the same events as over HTTP; the server closes at the timeout, the client by closing.
     */
    void openWebSocket(HttpServletRequest request, HttpServletResponse response, ResourceDefinition definition,
                       String namespace, WatchOptions options, Representation representation, String includeObject,
                       long timeoutSeconds) throws IOException {
        RegistryWatch watch = registry.watch(definition, namespace, options);
        long timeout = timeout(timeoutSeconds);
        WatchSocket endpoint = new WatchSocket(session -> {
            Stream stream = new Stream(definition, watch, representation, includeObject, new Sink() {
                @Override
                public void send(byte[] event) throws IOException {
                    session.getBasicRemote().sendText(new String(event, StandardCharsets.UTF_8));
                }

                @Override
                public void complete() {
                    try {
                        session.close();
                    } catch (IOException ignored) {
                        // the client is gone already
                    }
                }
            });
            stream.deadline = timers.schedule(stream::close, timeout, TimeUnit.SECONDS);
            start(stream, options.allowWatchBookmarks());
            return stream::stop;
        });
        ServerContainer container = (ServerContainer) request.getServletContext()
                .getAttribute(ServerContainer.class.getName());
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(endpoint.getClass(), request.getRequestURI())
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(endpoint);
                    }
                })
                .build();
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot serve a watch over WebSocket", e);
        }
    }

    /** Starts the stream's watch and, when the client takes them, its periodic bookmarks. */
    private void start(Stream stream, boolean allowBookmarks) {
        open.add(stream);
        stream.watch.start(stream);
        if (allowBookmarks) {
            stream.bookmarks = timers.scheduleAtFixedRate(stream.watch::bookmark,
                    BOOKMARK_INTERVAL_SECONDS, BOOKMARK_INTERVAL_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static long timeout(long timeoutSeconds) {
        return timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
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
        timers.shutdownNow();
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

    /**
     * The endpoint of one watch's WebSocket: it starts the stream when the socket opens and stops it
     * when either side closes. Public, as the Jakarta WebSocket specification requires of endpoint
     * classes (Tomcat lets a private one pass; Jetty does not).
     */
    public static final class WatchSocket extends Endpoint {
        private final Function<Session, Runnable> opener;
        private volatile Runnable stop;

        WatchSocket(Function<Session, Runnable> opener) {
            this.opener = opener;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            stop = opener.apply(session);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            stopStream();
        }

        @Override
        public void onError(Session session, Throwable error) {
            stopStream();
        }

        private void stopStream() {
            Runnable stream = stop;
            if (stream != null) {
                stream.run();
            }
        }
    }

    /** Where a watch's encoded events go: the chunked HTTP response or the WebSocket. */
    private interface Sink {
        void send(byte[] event) throws IOException;

        void complete();
    }

    /** One client's watch: events queue up under the store lock and are written by the pool. */
    private final class Stream implements EventSink {
        private final ResourceDefinition definition;
        private final RegistryWatch watch;
        private final Representation representation;
        private final String includeObject;
        private final Sink sink;
        private final Queue<ObjectNode> pending = new ConcurrentLinkedQueue<>();
        private final AtomicInteger backlog = new AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile ScheduledFuture<?> bookmarks;
        private volatile ScheduledFuture<?> deadline;
        private boolean headersSent;

        Stream(ResourceDefinition definition, RegistryWatch watch, Representation representation,
               String includeObject, Sink sink) {
            this.definition = definition;
            this.watch = watch;
            this.representation = representation;
            this.includeObject = includeObject;
            this.sink = sink;
        }

        /** An ERROR ends the stream after it is written, as upstream closes a watch after its error. */
        @Override
        public void send(Event event) {
            ObjectNode encoded = JsonNodeFactory.instance.objectNode();
            encoded.put("type", event.type().name());
            encoded.set("object", event.object());
            enqueue(encoded);
            if (event.type() == Event.Type.ERROR) {
                enqueue(null);
            }
        }

        /**
         * Commits the response status and headers before any event, as kube-apiserver flushes a
         * watch at once: clients such as kubectl's wait block on the headers of a quiet watch.
         */
        void sendHeaders() {
            enqueue(HEADERS);
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
                        sink.send(new byte[0]);
                        continue;
                    }
                    if (event.isEmpty()) {
                        close();
                        return;
                    }
                    sink.send(encode(event));
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
                    sink.complete();
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
            watch.stop();
            if (bookmarks != null) {
                bookmarks.cancel(false);
            }
            if (deadline != null) {
                deadline.cancel(false);
            }
            return true;
        }
    }
}
