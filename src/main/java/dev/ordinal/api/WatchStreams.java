package dev.ordinal.api;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.RegistryWatch;
import dev.ordinal.registry.WatchOptions;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * Watch streams: the events of a {@link RegistryWatch} as newline-delimited WatchEvents on a
 * chunked HTTP response, or one WebSocket message per event. A small shared pool writes them, and
 * never waits on a client: writes are non-blocking, so a client that stops reading keeps no thread
 * and delays no other watcher. What a watch sees (selection, initial state, bookmarks) is the
 * registry's; this class only opens, times and closes streams.
 */
@Component
class WatchStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WatchStreams.class);
    /** Upstream's default when the client gives no timeoutSeconds (minRequestTimeout, 30 minutes). */
    private static final long DEFAULT_TIMEOUT_SECONDS = 1800;
    private static final long BOOKMARK_INTERVAL_SECONDS = 60;
    /**
     * A client that takes nothing for this long while events wait is closed, as upstream's cacher
     * closes a watcher whose buffer stays full ("Forcing watcher close due to unresponsiveness");
     * the client watches again from the last resourceVersion it saw.
     */
    static final long UNRESPONSIVE_SECONDS = 10;

    private final GenericRegistry registry;
    private final Tables tables;
    private final ObjectCodec codec;
    private final ExecutorService writers = Executors.newFixedThreadPool(4, named("watch-delivery"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(named("watch-timers"));
    private final Set<WatchStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    WatchStreams(GenericRegistry registry, Tables tables, ObjectCodec codec) {
        this.registry = registry;
        this.tables = tables;
        this.codec = codec;
        timers.scheduleWithFixedDelay(this::tend, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Serves a watch on the chunked HTTP response. The registry's watch is opened first, so a
     * refused one (an expired resourceVersion, a bad selector) still answers a plain Status.
     */
    void openHttp(HttpServletRequest request, HttpServletResponse response, ResourceDefinition definition,
                  String namespace, WatchOptions options, Representation representation, String includeObject,
                  long timeoutSeconds) throws IOException {
        WatchStream stream = stream(definition, namespace, options, representation, includeObject);
        WatchSink sink = HttpWatchSink.start(request, response, stream::write, stream::stop);
        start(stream, sink, options.allowWatchBookmarks(), timeoutSeconds);
    }

    /**
     * Serves a watch over a WebSocket, as upstream's {@code WatchServer.HandleWS} does for a
     * request that asks to upgrade (the fabric8 client's first choice): one text message per
     * event, the same events as over HTTP; the server closes at the timeout, the client by closing.
     */
    void openWebSocket(HttpServletRequest request, HttpServletResponse response, ResourceDefinition definition,
                       String namespace, WatchOptions options, Representation representation, String includeObject,
                       long timeoutSeconds) throws IOException {
        WatchStream stream = stream(definition, namespace, options, representation, includeObject);
        WatchSocket endpoint = new WatchSocket(session -> {
            start(stream, new WebSocketWatchSink(session, stream::write, stream::stop), options.allowWatchBookmarks(),
                    timeoutSeconds);
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
            stream.stop();
            throw new IllegalStateException("cannot serve a watch over WebSocket", e);
        }
    }

    private WatchStream stream(ResourceDefinition definition, String namespace, WatchOptions options,
                               Representation representation, String includeObject) {
        RegistryWatch watch = registry.watch(definition, namespace, options);
        WatchEventEncoder encoder = new WatchEventEncoder(definition, representation, includeObject, tables, codec);
        return new WatchStream(watch, encoder, writers, open::remove);
    }

    /** Starts the stream, its deadline and, when the client takes them, its periodic bookmarks. */
    private void start(WatchStream stream, WatchSink sink, boolean allowBookmarks, long timeoutSeconds) {
        open.add(stream);
        stream.deadline = timers.schedule(stream::close, timeout(timeoutSeconds), TimeUnit.SECONDS);
        if (allowBookmarks) {
            stream.bookmarks = timers.scheduleAtFixedRate(stream::bookmark,
                    BOOKMARK_INTERVAL_SECONDS, BOOKMARK_INTERVAL_SECONDS, TimeUnit.SECONDS);
        }
        stream.start(sink);
    }

    /**
     * Once a second: closes the streams whose clients stopped reading, and has every other one
     * write what it holds, a safety net (as the controllers' resync is) should the transport's
     * call back that it can take more ever go missing.
     */
    private void tend() {
        long limit = TimeUnit.SECONDS.toNanos(UNRESPONSIVE_SECONDS);
        for (WatchStream stream : open) {
            if (stream.blockedLongerThan(limit)) {
                log.info("Closing a watch whose client has read nothing for {} s", UNRESPONSIVE_SECONDS);
                stream.close();
            } else {
                stream.write();
            }
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
        open.forEach(WatchStream::close);
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
        writers.shutdownNow();
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
}
