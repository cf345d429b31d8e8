package dev.ordinal.registry.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.GarbageCollectionPolicy;
import dev.ordinal.registry.rest.NameRule;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.object;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Core v1 Events (upstream {@code pkg/registry/core/event}): any name a URL path can carry, the
 * legacy event validation, the event field selectors, and the fields Go writes even when empty.
 */
final class EventStrategy implements Strategy {

    @Override
    public NameRule nameRule() {
        return NameRule.PATH_SEGMENT;
    }

    /** Go writes these core v1 fields even when unset: structs as {@code {}}, times as {@code null}. */
    @Override
    public void applyDefaults(Unstructured event) {
        ObjectNode json = event.json();
        object(json, "involvedObject");
        object(json, "source");
        for (String field : List.of("reportingComponent", "reportingInstance")) {
            if (!json.path(field).isString()) {
                json.put(field, "");
            }
        }
        for (String time : List.of("eventTime", "firstTimestamp", "lastTimestamp")) {
            if (!json.has(time)) {
                json.putNull(time);
            }
        }
    }

    @Override
    public List<FieldError> validate(Unstructured event) {
        return EventValidation.validateCreate(event.json(), event.namespace(), false);
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured event, Unstructured old) {
        return EventValidation.validateUpdate(event.json(), old.json(), event.namespace(), false);
    }

    /**
     * Upstream's event {@code ToSelectableFields}; {@code source} falls back to the reporting
     * controller of events written through events.k8s.io.
     */
    @Override
    public Map<String, String> selectableFields(Unstructured event) {
        JsonNode json = event.json();
        JsonNode involved = json.path("involvedObject");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) {
            fields.put("involvedObject." + field, text(involved, field));
        }
        fields.put("reason", text(json, "reason"));
        fields.put("reportingComponent", text(json, "reportingComponent"));
        String source = text(json.path("source"), "component");
        fields.put("source", source.isEmpty() ? text(json, "reportingComponent") : source);
        fields.put("type", text(json, "type"));
        return fields;
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                "reportingComponent", "source", "type");
    }

    /** Upstream's event strategy takes no part in garbage collection: deletes add no finalizers. */
    @Override
    public GarbageCollectionPolicy defaultGarbageCollectionPolicy() {
        return GarbageCollectionPolicy.UNSUPPORTED;
    }
}
