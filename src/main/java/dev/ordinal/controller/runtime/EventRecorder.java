package dev.ordinal.controller.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Records core/v1 Events about objects, as client-go's event recorder does: the event is named
 * {@code <object>.<hex nanos>}, and a repeat of the same reason and message about the same object
 * from the same component bumps {@code count} and {@code lastTimestamp} instead of adding another.
 * Events are written asynchronously, in the order they were recorded.
 */
@Component
public class EventRecorder {

    /** client-go's {@code maxQueuedEvents}. */
    static final int MAX_QUEUED_EVENTS = 1000;

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final GenericRegistry registry;
    private final ResourceDefinition events;
    /** The event last written per (component, object uid, type, reason, message). */
    private final Map<String, String> recent = new ConcurrentHashMap<>();
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>(MAX_QUEUED_EVENTS);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private final Thread writer = new Thread(this::writeEvents, "event-recorder");

    public EventRecorder(GenericRegistry registry, ResourceRegistry resources) {
        this.registry = registry;
        this.events = resources.byResource("", "v1", "events").orElseThrow();
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Stops the writer and waits for the event it may be writing, so that no write reaches the
     * store after the store and its database have closed (they are destroyed after this bean).
     */
    @PreDestroy
    void stop() throws InterruptedException {
        writer.interrupt();
        writer.join(STOP_TIMEOUT.toMillis());
    }

    public void normal(String component, Unstructured object, String reason, String message) {
        record(component, object, "Normal", reason, message);
    }

    public void warning(String component, Unstructured object, String reason, String message) {
        record(component, object, "Warning", reason, message);
    }

    private void record(String component, Unstructured object, String type, String reason, String message) {
        record(component, "", object, "", type, reason, message);
    }

    /**
     * An event from a component on a host (the kubelet of a node), about a part of the object
     * ({@code fieldPath}, e.g. a pod's {@code spec.containers{nginx}}) or the whole of it ("").
     */
    public void record(String component, String host, Unstructured object, String fieldPath, String type,
                       String reason, String message) {
        ObjectNode involved = JsonNodeFactory.instance.objectNode();
        involved.put("kind", object.kind());
        if (!object.namespace().isEmpty()) {
            involved.put("namespace", object.namespace());
        }
        involved.put("name", object.name());
        involved.put("uid", object.uid());
        involved.put("apiVersion", object.apiVersion());
        involved.put("resourceVersion", object.resourceVersion());
        if (!fieldPath.isEmpty()) {
            involved.put("fieldPath", fieldPath);
        }
        record(component, host, involved, type, reason, message);
    }

    /**
     * An event about the object {@code involvedObject} refers to, a reference of the caller's
     * making: the kubelet refers to its Node as {@code {kind: Node, name: <node>, uid: <node>}}.
     * The event is stamped now and written later, in order, by the recorder's own thread, as
     * client-go's broadcaster hands events to its sink: the caller never waits for the write, and
     * when {@value #MAX_QUEUED_EVENTS} events wait already the new one is dropped, as there.
     */
    public void record(String component, String host, ObjectNode involvedObject, String type, String reason,
                       String message) {
        String now = registry.now();
        long nanos = registry.clock().instant().toEpochMilli() * 1_000_000L + System.nanoTime() % 1_000_000L;
        Pending event = new Pending(component, host, involvedObject.deepCopy(), type, reason, message, now, nanos);
        if (!pending.offer(event)) {
            log.debug("Dropped event {} {}: {} events wait to be written", reason, message, MAX_QUEUED_EVENTS);
        }
    }

    private void writeEvents() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                write(pending.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Pending pending) {
        ObjectNode involvedObject = pending.involvedObject();
        String objectNamespace = involvedObject.path("namespace").asString("");
        String namespace = objectNamespace.isEmpty() ? "default" : objectNamespace;
        String key = String.join("\u0000", pending.component(), pending.host(),
                involvedObject.path("uid").asString(""), involvedObject.path("fieldPath").asString(""),
                pending.type(), pending.reason(), pending.message());
        String existing = recent.get(key);
        if (existing != null && bump(namespace, existing, pending.time())) {
            return;
        }
        String name = involvedObject.path("name").asString("") + "." + Long.toHexString(pending.nanos());
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.putObject("metadata").put("name", name).put("namespace", namespace);
        event.set("involvedObject", involvedObject);
        event.put("reason", pending.reason());
        event.put("message", pending.message());
        ObjectNode source = event.putObject("source").put("component", pending.component());
        if (!pending.host().isEmpty()) {
            source.put("host", pending.host());
        }
        event.put("firstTimestamp", pending.time());
        event.put("lastTimestamp", pending.time());
        event.put("count", 1);
        event.put("type", pending.type());
        event.put("eventTime", (String) null);
        event.put("reportingComponent", pending.component());
        event.put("reportingInstance", pending.host());
        try {
            registry.create(events, namespace, new Unstructured(event), WriteOptions.defaults());
            if (recent.size() > 10_000) {
                recent.clear();
            }
            recent.put(key, name);
        } catch (StatusError e) {
            // Events are best effort, as upstream's recorder: a namespace being deleted refuses them.
        } catch (RuntimeException e) {
            // One line, no stack trace: an event that cannot be written is dropped, as upstream's
            // recorder drops one the server refuses.
            log.warn("Could not write event {} {}: {}", pending.reason(), pending.message(), e.toString());
        }
    }

    /** An event as recorded, waiting to be written. */
    private record Pending(String component, String host, ObjectNode involvedObject, String type, String reason,
                           String message, String time, long nanos) {
    }

    private boolean bump(String namespace, String name, String now) {
        try {
            registry.patch(events, namespace, name, current -> {
                current.json().put("count", current.json().path("count").asInt(1) + 1);
                current.json().put("lastTimestamp", now);
                return current;
            }, null, WriteOptions.defaults());
            return true;
        } catch (StatusError e) {
            return false;
        }
    }
}
