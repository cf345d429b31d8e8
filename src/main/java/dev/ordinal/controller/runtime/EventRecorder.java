package dev.ordinal.controller.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.WriteOptions;

/**
 * Records core/v1 Events about objects, as client-go's event recorder does: the event is named
 * {@code <object>.<hex nanos>}, and a repeat of the same reason and message about the same object
 * from the same component bumps {@code count} and {@code lastTimestamp} instead of adding another.
 */
@Component
public class EventRecorder {

    private final GenericRegistry registry;
    private final ResourceDefinition events;
    /** The event last written per (component, object uid, type, reason, message). */
    private final Map<String, String> recent = new ConcurrentHashMap<>();

    public EventRecorder(GenericRegistry registry, ResourceRegistry resources) {
        this.registry = registry;
        this.events = resources.byResource("", "v1", "events").orElseThrow();
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
        String namespace = object.namespace().isEmpty() ? "default" : object.namespace();
        String now = registry.now();
        String key = String.join("\u0000", component, host, object.uid(), fieldPath, type, reason, message);
        String existing = recent.get(key);
        if (existing != null && bump(namespace, existing, now)) {
            return;
        }
        String name = object.name() + "." + Long.toHexString(registry.clock().instant().toEpochMilli() * 1_000_000L
                + System.nanoTime() % 1_000_000L);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode involved = event.putObject("involvedObject");
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
        event.put("reason", reason);
        event.put("message", message);
        ObjectNode source = event.putObject("source").put("component", component);
        if (!host.isEmpty()) {
            source.put("host", host);
        }
        event.put("firstTimestamp", now);
        event.put("lastTimestamp", now);
        event.put("count", 1);
        event.put("type", type);
        event.put("eventTime", (String) null);
        event.put("reportingComponent", component);
        event.put("reportingInstance", host);
        try {
            registry.create(events, namespace, new Unstructured(event), WriteOptions.defaults());
            if (recent.size() > 10_000) {
                recent.clear();
            }
            recent.put(key, name);
        } catch (StatusError e) {
            // Events are best effort, as upstream's recorder: a namespace being deleted refuses them.
        }
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
