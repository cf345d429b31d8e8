package dev.ordinal.api;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.registry.RegistryWatch;
import dev.ordinal.registry.watch.Event;
import dev.ordinal.registry.watch.EventSink;

/**
 * One client's watch. Events queue up as the registry hands them out (under the store's lock, so
 * nothing here may block) and a shared pool writes them to the {@link WatchSink} while it can take
 * them; when it can't, the stream waits for the sink's call back holding no thread. A client that
 * stops reading therefore delays only its own events, and one that stays behind too long is
 * closed, as upstream's cacher terminates an unresponsive watcher; the client watches again.
 */
final class WatchStream implements EventSink {

    /** A watcher this far behind is closed, as upstream's cacher drops slow watchers; it relists. */
    static final int MAX_BACKLOG = 50_000;
    /** Marks the end of the stream in the queue: after an ERROR event, as upstream ends a watch. */
    private static final ObjectNode END = JsonNodeFactory.instance.objectNode();

    private final RegistryWatch watch;
    private final WatchEventEncoder encoder;
    private final Executor writers;
    private final Consumer<WatchStream> onStop;
    private final Queue<ObjectNode> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean writeAgain = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile boolean closing;
    /** When the sink last refused to take more with events waiting (System.nanoTime), or 0. */
    private volatile long blockedSince;
    private volatile WatchSink sink;
    volatile ScheduledFuture<?> bookmarks;
    volatile ScheduledFuture<?> deadline;

    WatchStream(RegistryWatch watch, WatchEventEncoder encoder, Executor writers, Consumer<WatchStream> onStop) {
        this.watch = watch;
        this.encoder = encoder;
        this.writers = writers;
        this.onStop = onStop;
    }

    /** Starts following the registry watch into the sink. */
    void start(WatchSink sink) {
        this.sink = sink;
        watch.start(this);
        write();
    }

    /** Sends a bookmark, when the client asked for them. */
    void bookmark() {
        watch.bookmark();
    }

    /** An ERROR ends the stream after it is written, as upstream closes a watch after its error. */
    @Override
    public void send(Event event) {
        ObjectNode encoded = JsonNodeFactory.instance.objectNode();
        encoded.put("type", event.type().name());
        encoded.set("object", event.object());
        enqueue(encoded);
        if (event.type() == Event.Type.ERROR) {
            enqueue(END);
        }
    }

    private void enqueue(ObjectNode event) {
        if (stopped.get()) {
            return;
        }
        if (backlog.incrementAndGet() > MAX_BACKLOG) {
            close();
            return;
        }
        pending.add(event);
        write();
    }

    /** Has the pool write what is pending; at most one writer at a time, and no wake-up lost. */
    void write() {
        if (sink == null) {
            return;
        }
        if (writing.compareAndSet(false, true)) {
            writers.execute(this::writePending);
        } else {
            writeAgain.set(true);
        }
    }

    private void writePending() {
        try {
            writeAgain.set(false);
            while (true) {
                if (!sink.ready()) {
                    if (blockedSince == 0 && (closing || !pending.isEmpty())) {
                        blockedSince = System.nanoTime();
                    }
                    break;
                }
                blockedSince = 0;
                if (closing) {
                    if (completed.compareAndSet(false, true)) {
                        sink.complete();
                    }
                    break;
                }
                if (stopped.get()) {
                    break;
                }
                ObjectNode event = pending.poll();
                if (event == null) {
                    break;
                }
                backlog.decrementAndGet();
                if (event == END) {
                    close();
                } else {
                    sink.write(encoder.encode(event));
                }
            }
        } catch (IOException | IllegalStateException e) {
            stop();
        } finally {
            writing.set(false);
        }
        if (writeAgain.getAndSet(false)) {
            write();
        }
    }

    /** Whether the client has taken nothing for longer than {@code nanos} while events waited. */
    boolean blockedLongerThan(long nanos) {
        long since = blockedSince;
        return since != 0 && System.nanoTime() - since > nanos;
    }

    /**
     * Ends the response normally (timeout, a watcher left behind, shutdown): events not yet
     * written are dropped, and the response ends as soon as the client takes it.
     */
    void close() {
        stop();
        if (!closing) {
            closing = true;
            pending.clear();
            write();
        }
    }

    /** Stops following changes (the client is gone, or the stream closes); true the first time. */
    boolean stop() {
        if (!stopped.compareAndSet(false, true)) {
            return false;
        }
        watch.stop();
        if (bookmarks != null) {
            bookmarks.cancel(false);
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
        onStop.accept(this);
        return true;
    }
}
